package dev.slipway.local.run;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.slipway.local.executor.Execution;
import dev.slipway.local.executor.ExecutionStatusChange;
import dev.slipway.local.executor.ExecutionStatusListener;
import dev.slipway.local.executor.HistoryEvent;
import dev.slipway.local.executor.LocalContext;
import dev.slipway.model.Json;
import dev.slipway.reconcile.ExecutionHistory;
import dev.slipway.reconcile.ReconcileResult;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The local EventBridge rule of a local run: on the executor's status bus, every TIMED_OUT, ABORTED
 * or FAILED execution is handed, as the event "Step Functions Execution Status Change" EventBridge
 * would deliver, to the real {@code reconcile} function ({@link LocalFunctions#reconcile}); what it
 * did is kept per execution for the summary.
 *
 * <p>The executor calls its status listeners on the execution's own thread before the execution
 * settles, so once {@link Execution#awaitSettled()} (or a {@code RUNNING} → ended {@code await})
 * returns, the reconciliation is done.
 */
final class LocalReconciler implements ExecutionStatusListener {
  /** The statuses the deployed rule matches (the stack's EventBridge pattern). */
  static final List<String> STATUSES = List.of("TIMED_OUT", "ABORTED", "FAILED");

  /** Real time between two steps of {@code timePasses} while reconcile runs. */
  static final Duration STEP = Duration.ofMillis(20);

  private final RequestStreamHandler reconcile;
  private final PrintStream out;
  private final Runnable timePasses;
  private final Map<String, ReconcileResult> results = new ConcurrentHashMap<>();

  /**
   * @param timePasses moves the environment's virtual time on by a step: called every {@link #STEP}
   *     while reconcile runs, so the clusters' controllers move (the rolled-back workloads become
   *     ready) while it waits for them, as they would on AWS
   */
  LocalReconciler(RequestStreamHandler reconcile, PrintStream out, Runnable timePasses) {
    this.reconcile = reconcile;
    this.out = out;
    this.timePasses = timePasses;
  }

  @Override
  public void onStatusChange(ExecutionStatusChange change) {
    if (!STATUSES.contains(change.status().name())) {
      return;
    }
    byte[] event = change.toEventBridgeJson().toString().getBytes(StandardCharsets.UTF_8);
    var output = new ByteArrayOutputStream();
    var clock =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "reconcile-time-passes");
              t.setDaemon(true);
              return t;
            });
    clock.scheduleWithFixedDelay(
        timePasses, STEP.toMillis(), STEP.toMillis(), TimeUnit.MILLISECONDS);
    try {
      reconcile.handleRequest(
          new ByteArrayInputStream(event),
          output,
          new LocalContext(
              change.id(),
              "reconcile",
              "arn:aws:lambda:local:000000000000:function:slipway-reconcile",
              Duration.ofMinutes(5),
              line -> {}));
      ReconcileResult r = Json.mapper().readValue(output.toByteArray(), ReconcileResult.class);
      results.put(change.executionArn(), r);
    } catch (IOException | RuntimeException e) {
      // as a failed Lambda invocation: EventBridge would retry it; here it is shown and kept
      if (out != null) {
        out.println("  reconcile failed for " + change.name() + ": " + e.getMessage());
      }
    } finally {
      clock.shutdownNow();
    }
  }

  /** What reconcile did for the execution, once it ended TIMED_OUT, ABORTED or FAILED. */
  Optional<ReconcileResult> result(String executionArn) {
    return Optional.ofNullable(results.get(executionArn));
  }

  /**
   * What Step Functions' DescribeExecution and GetExecutionHistory tell reconcile, read from the
   * executions the local executor ran.
   */
  static ExecutionHistory history(LocalExecutions executions) {
    return new ExecutionHistory() {
      @Override
      public Optional<String> lastStateEntered(String executionArn) {
        return executions
            .find(executionArn)
            .flatMap(
                e -> {
                  List<HistoryEvent> h = e.history();
                  for (int i = h.size() - 1; i >= 0; i--) {
                    if (h.get(i).type().endsWith("StateEntered")) {
                      return Optional.of(h.get(i).details().path("name").asText());
                    }
                  }
                  return Optional.empty();
                });
      }

      @Override
      public Optional<String> input(String executionArn) {
        return executions
            .find(executionArn)
            .flatMap(
                e ->
                    e.history().stream()
                        .filter(h -> h.type().equals("ExecutionStarted"))
                        .map(h -> h.details().path("input").asText(null))
                        .filter(java.util.Objects::nonNull)
                        .findFirst());
      }
    };
  }
}
