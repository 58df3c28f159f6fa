package dev.slipway.judge;

import dev.slipway.model.TerminalStepException;

/** The judge's named errors. */
public final class JudgeErrors {
  /** A canary config or metric-set-pair list that cannot be judged as written. */
  public static final String INVALID_CONFIG = "Slipway.Canary.InvalidConfig";

  private JudgeErrors() {}

  /** A config or pairs problem at {@code path} (a JSON path such as {@code metrics[2].name}). */
  public static TerminalStepException invalid(String what, String path, String problem) {
    String where = path == null || path.isEmpty() ? "" : " at " + path;
    return new TerminalStepException(INVALID_CONFIG, what + where + ": " + problem, null);
  }

  static TerminalStepException invalid(String what, String path, String problem, Throwable cause) {
    String where = path == null || path.isEmpty() ? "" : " at " + path;
    return new TerminalStepException(INVALID_CONFIG, what + where + ": " + problem, cause);
  }
}
