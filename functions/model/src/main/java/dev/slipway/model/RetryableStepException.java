package dev.slipway.model;

/**
 * A step could not complete for a reason that may go away: HTTP 429 or 5xx, a timeout, a
 * conflicting concurrent write. The state machine retries it with back-off.
 */
public class RetryableStepException extends SlipwayException {
  private static final long serialVersionUID = 1L;

  public RetryableStepException(String errorName, String cause) {
    this(errorName, cause, null);
  }

  public RetryableStepException(String errorName, String cause, Throwable underlying) {
    super(errorName, cause, underlying);
  }

  @Override
  public boolean retryable() {
    return true;
  }
}
