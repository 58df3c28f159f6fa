package dev.slipway.reconcile;

import java.util.Optional;

/** What Step Functions still knows about an ended execution (DescribeExecution, its history). */
public interface ExecutionHistory {

  /** The name of the last state the execution entered, when the history tells it. */
  Optional<String> lastStateEntered(String executionArn);

  /** The execution's input (for events that left it out as too large), when there is one. */
  Optional<String> input(String executionArn);

  /** Knows nothing: the event alone is used. */
  static ExecutionHistory none() {
    return new ExecutionHistory() {
      @Override
      public Optional<String> lastStateEntered(String executionArn) {
        return Optional.empty();
      }

      @Override
      public Optional<String> input(String executionArn) {
        return Optional.empty();
      }
    };
  }
}
