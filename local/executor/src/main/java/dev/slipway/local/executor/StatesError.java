package dev.slipway.local.executor;

/**
 * An error inside an execution, named as Step Functions names it ({@code States.Timeout}, an
 * exception class name, a custom name). Error and cause may both be absent (null), as AWS allows.
 */
final class StatesError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  static final String RUNTIME = "States.Runtime";
  static final String TIMEOUT = "States.Timeout";
  static final String QUERY_EVALUATION = "States.QueryEvaluationError";
  static final String DATA_LIMIT = "States.DataLimitExceeded";

  private final String error;
  private final String errorCause;

  StatesError(String error, String cause) {
    super(error + ": " + cause, null, false, false);
    this.error = error;
    this.errorCause = cause;
  }

  String error() {
    return error;
  }

  String errorCause() {
    return errorCause;
  }

  /** Data-flow errors end the execution: never retried, never caught (AWS behaviour). */
  boolean terminal() {
    return RUNTIME.equals(error) || QUERY_EVALUATION.equals(error);
  }
}
