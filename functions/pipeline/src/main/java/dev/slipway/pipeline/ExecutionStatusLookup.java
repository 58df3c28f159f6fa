package dev.slipway.pipeline;

import java.util.Optional;

/** Asks Step Functions how an execution is doing. */
public interface ExecutionStatusLookup {

  /**
   * The execution's status ({@code RUNNING}, {@code SUCCEEDED}, {@code FAILED}, {@code TIMED_OUT},
   * {@code ABORTED}, ...), or empty when there is no such execution.
   */
  Optional<String> status(String executionArn);
}
