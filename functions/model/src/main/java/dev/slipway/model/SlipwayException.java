package dev.slipway.model;

import java.util.Objects;

/**
 * The root of every error a Slipway user can meet.
 *
 * <p>Each instance carries a documented error name of the form {@code Slipway.<Area>.<What>} and a
 * cause that says what happened and what to do. {@link #getMessage()} is {@code "<name>: <cause>"},
 * so the name survives the trip through the Lambda runtime's error payload ({@code errorMessage})
 * and the release state machine can end with it.
 *
 * <p>Step Functions matches {@code ErrorEquals} against the exception's class name, so the state
 * machine only needs two: {@link RetryableStepException} (retried with back-off) and {@link
 * TerminalStepException} (caught, rolled back, reported).
 */
public abstract class SlipwayException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String errorName;
  private final String cause;

  protected SlipwayException(String errorName, String cause, Throwable underlying) {
    super(requireName(errorName) + ": " + Objects.requireNonNull(cause, "cause"), underlying);
    this.errorName = errorName;
    this.cause = cause;
  }

  /** The documented name, e.g. {@code Slipway.Manifest.InvalidYaml}. */
  public String errorName() {
    return errorName;
  }

  /** What happened and what to do, without the name. */
  public String causeText() {
    return cause;
  }

  /** Whether the state machine should retry the step that raised it. */
  public abstract boolean retryable();

  private static String requireName(String name) {
    if (name == null || !name.startsWith("Slipway.")) {
      throw new IllegalArgumentException("error names start with 'Slipway.': " + name);
    }
    return name;
  }
}
