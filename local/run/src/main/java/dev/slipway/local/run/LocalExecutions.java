package dev.slipway.local.run;

import dev.slipway.local.executor.Execution;
import dev.slipway.local.executor.HistoryEvent;
import dev.slipway.local.executor.HistoryListener;
import dev.slipway.pipeline.ExecutionStatusLookup;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * DescribeExecution for a local run: every execution the local executor has started, by ARN, with
 * its live status. The app lock asks it whether a lock's holder still runs.
 */
public final class LocalExecutions implements ExecutionStatusLookup, HistoryListener {
  private final Map<String, Execution> executions = new ConcurrentHashMap<>();
  private final Map<String, Instant> lastEventTimes = new ConcurrentHashMap<>();

  @Override
  public void onEvent(Execution execution, HistoryEvent event) {
    executions.putIfAbsent(execution.executionArn(), execution);
    lastEventTimes.merge(
        execution.executionArn(), event.timestamp(), (a, b) -> b.isAfter(a) ? b : a);
  }

  /** The execution's own virtual now, as far as its history tells: its latest event's time. */
  Optional<Instant> lastEventTime(String executionArn) {
    return Optional.ofNullable(lastEventTimes.get(executionArn));
  }

  /**
   * Whether an execution's {@code .waitForTaskToken} task has invoked its function and now waits
   * (its request, with the token, is written).
   */
  boolean anyWaitingForTaskToken() {
    return executions.values().stream().anyMatch(Execution::waitingForTaskToken);
  }

  /** The execution of {@code executionArn}, once it has started here. */
  Optional<Execution> find(String executionArn) {
    return Optional.ofNullable(executions.get(executionArn));
  }

  @Override
  public Optional<String> status(String executionArn) {
    return Optional.ofNullable(executions.get(executionArn)).map(e -> e.status().name());
  }
}
