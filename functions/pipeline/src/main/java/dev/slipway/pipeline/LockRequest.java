package dev.slipway.pipeline;

import dev.slipway.model.Name;
import java.time.Instant;

/**
 * The lock states' input.
 *
 * @param attempt how many times this execution has already tried (0 on the first try)
 * @param startedAt the execution's start ({@code $$.Execution.StartTime}), or null
 * @param closesAfterSeconds when the lock queue must give up, in seconds after {@code startedAt}
 *     (the plan's budget), or null: only the number of tries limits it
 */
public record LockRequest(
    @Name String app,
    String executionArn,
    int attempt,
    Instant startedAt,
    Long closesAfterSeconds) {

  public LockRequest(String app, String executionArn, int attempt) {
    this(app, executionArn, attempt, null, null);
  }

  /** When the queue must give up, if the budget says. */
  java.util.Optional<Instant> deadline() {
    return startedAt == null || closesAfterSeconds == null
        ? java.util.Optional.empty()
        : java.util.Optional.of(startedAt.plusSeconds(closesAfterSeconds));
  }
}
