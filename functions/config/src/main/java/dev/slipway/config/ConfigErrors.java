package dev.slipway.config;

import dev.slipway.model.TerminalStepException;
import java.util.List;

/** The configuration's named errors. */
public final class ConfigErrors {
  /** The file is not valid YAML, or a field is unknown, missing, of the wrong type or invalid. */
  public static final String INVALID = "Slipway.Config.Invalid";

  /** There is no configuration file in the bucket. */
  public static final String MISSING = "Slipway.Config.Missing";

  private ConfigErrors() {}

  /**
   * One problem: where it is and what is wrong.
   *
   * @param file the file's name, e.g. {@code config/slipway.yaml}
   * @param line the line (1-based; 0 when unknown)
   * @param column the column (1-based; 0 when unknown)
   * @param field the key path, e.g. {@code applications[0].release.progressDeadlineSeconds}
   * @param message what is wrong and what is allowed
   */
  public record Problem(String file, int line, int column, String field, String message) {
    /** A problem whose column is not known. */
    public Problem(String file, int line, String field, String message) {
      this(file, line, 0, field, message);
    }

    /** {@code config/slipway.yaml:12:7 applications[0].release.force: must be true or false}. */
    @Override
    public String toString() {
      return file
          + ":"
          + (line > 0 ? line : "?")
          + (line > 0 && column > 0 ? ":" + column : "")
          + " "
          + field
          + ": "
          + message;
    }
  }

  static TerminalStepException invalid(List<Problem> problems) {
    StringBuilder cause = new StringBuilder();
    for (Problem p : problems) {
      if (!cause.isEmpty()) {
        cause.append("; ");
      }
      cause.append(p);
    }
    cause.append(
        ". Fix the file (docs/configuration.md documents every field) and upload it again.");
    return new ConfigException(problems, cause.toString());
  }

  static TerminalStepException missing(String file) {
    return new TerminalStepException(
        MISSING,
        "no configuration at '"
            + file
            + "' in Slipway's bucket. Upload one (events/config/slipway.yaml is a complete"
            + " example; docs/configuration.md documents the schema).");
  }

  /** {@code Slipway.Config.Invalid}, with every problem found. */
  public static final class ConfigException extends TerminalStepException {
    private static final long serialVersionUID = 1L;
    private final transient List<Problem> problems;

    ConfigException(List<Problem> problems, String cause) {
      super(INVALID, cause);
      this.problems = List.copyOf(problems);
    }

    /** The problems, in file order. */
    public List<Problem> problems() {
      return problems;
    }
  }
}
