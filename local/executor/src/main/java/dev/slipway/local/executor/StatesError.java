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
  private final boolean uncatchable;

  StatesError(String error, String cause) {
    this(error, cause, false);
  }

  private StatesError(String error, String cause, boolean uncatchable) {
    super(error + ": " + cause, null, false, false);
    this.error = error;
    this.errorCause = cause;
    this.uncatchable = uncatchable;
  }

  /**
   * {@code States.DataLimitExceeded} on a state's input or output, a task's input after {@code
   * Parameters}/{@code Arguments}, or a Map/Parallel result: a terminal error, which no Retry and
   * no Catch ({@code States.ALL} included) handles, at any level (AWS: "a terminal error that can't
   * be caught by the States.ALL error type").
   */
  static StatesError dataLimit(String cause) {
    return new StatesError(DATA_LIMIT, cause, true);
  }

  /**
   * The error as it leaves the state that raised it unhandled. A task's own oversized result is
   * handled by that task's Retry/Catch like any task failure (AWS-rec: caught by an explicit
   * catcher and by {@code States.ALL} on the task), but past that task it is terminal: a Map or
   * Parallel around it cannot catch it, and the execution fails.
   */
  StatesError escaping() {
    return DATA_LIMIT.equals(error) && !uncatchable
        ? new StatesError(error, errorCause, true)
        : this;
  }

  String error() {
    return error;
  }

  String errorCause() {
    return errorCause;
  }

  /**
   * Data-flow errors and AWS's terminal errors end the execution: never retried, never caught (AWS
   * behaviour).
   */
  boolean terminal() {
    return uncatchable || RUNTIME.equals(error) || QUERY_EVALUATION.equals(error);
  }
}
