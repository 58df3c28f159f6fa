package dev.slipway.model;

/**
 * A step could not complete and trying again will not help: a bad template, a rejected manifest, a
 * rollout past its deadline, an invalid canary config. The state machine catches it, rolls back and
 * ends the release with {@link #errorName()}.
 */
public class TerminalStepException extends SlipwayException {
  private static final long serialVersionUID = 1L;

  public TerminalStepException(String errorName, String cause) {
    this(errorName, cause, null);
  }

  public TerminalStepException(String errorName, String cause, Throwable underlying) {
    super(errorName, cause, underlying);
  }

  @Override
  public boolean retryable() {
    return false;
  }
}
