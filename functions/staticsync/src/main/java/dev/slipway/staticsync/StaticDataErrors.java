package dev.slipway.staticsync;

import dev.slipway.model.TerminalStepException;
import java.util.List;

/** The named errors of the static data sync. */
public final class StaticDataErrors {
  public static final String MISMATCH = "Slipway.StaticData.Mismatch";
  public static final String INVALID_REQUEST = "Slipway.StaticData.InvalidRequest";

  private StaticDataErrors() {}

  static TerminalStepException mismatch(List<String> problems) {
    return new TerminalStepException(
        MISMATCH,
        problems.size()
            + " static data object(s) differ from the source after the sync: "
            + String.join("; ", problems)
            + ". Something else writes to the destination, or the copy was cut short: find the"
            + " writer, then run the release again (only the objects that differ are copied).");
  }

  static TerminalStepException invalidRequest(String problem) {
    return new TerminalStepException(
        INVALID_REQUEST,
        "the static data settings are incomplete: "
            + problem
            + ". Set source {bucket, region, prefix} and at least one destination in the app's"
            + " static data configuration.");
  }
}
