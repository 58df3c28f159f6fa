package dev.slipway.local.executor;

/**
 * A data-flow failure detected while evaluating a state (bad path, bad Wait value, ...). The state
 * turns it into {@code States.Runtime} (or another name) with AWS's "An error occurred while
 * executing the state ..." prefix.
 */
final class RuntimeFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final String error;
  private final boolean prefixed;

  RuntimeFailure(String message) {
    this(StatesError.RUNTIME, message, true);
  }

  RuntimeFailure(String error, String message, boolean prefixed) {
    super(message, null, false, false);
    this.error = error;
    this.prefixed = prefixed;
  }

  static RuntimeFailure query(String message) {
    return new RuntimeFailure(StatesError.QUERY_EVALUATION, message, true);
  }

  String error() {
    return error;
  }

  boolean prefixed() {
    return prefixed;
  }
}
