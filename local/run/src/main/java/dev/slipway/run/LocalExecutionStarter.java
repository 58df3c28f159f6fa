package dev.slipway.run;

import dev.slipway.local.executor.Execution;
import dev.slipway.local.executor.LocalExecutor;
import dev.slipway.model.RetryableStepException;
import dev.slipway.webhook.ExecutionStarter;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * StartExecution for the webhook on the local executor: an execution name is started once (as Step
 * Functions does for a name within 90 days); a second start with the same name answers with the
 * first execution. The call returns once the execution has settled: ended, or waiting for an
 * approval (virtual time makes that quick).
 */
public final class LocalExecutionStarter implements ExecutionStarter, AutoCloseable {
  private final LocalExecutor executor;
  private final String definition;
  private final Map<String, Future<Execution>> started = new ConcurrentHashMap<>();
  private final ExecutorService runner =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "slipway-local-start");
            t.setDaemon(true);
            return t;
          });

  public LocalExecutionStarter(LocalExecutor executor, String definition) {
    this.executor = executor;
    this.definition = definition;
  }

  @Override
  public Started start(String name, String input) {
    boolean[] created = {false};
    Future<Execution> f =
        started.computeIfAbsent(
            name,
            n -> {
              created[0] = true;
              return runner.submit(() -> executor.start(definition, input, n));
            });
    Execution e = execution(f);
    return new Started(e.executionArn(), e.name(), created[0] ? e.startDate() : null, !created[0]);
  }

  /** The execution started under {@code name}, once it has settled (ended or waits for a token). */
  public Execution execution(String name) {
    Future<Execution> f = started.get(name);
    return f == null ? null : execution(f);
  }

  /** How many executions were started. */
  public int count() {
    return started.size();
  }

  private static Execution execution(Future<Execution> f) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RetryableStepException(
          "Slipway.Webhook.StartFailed", "interrupted while starting the local execution");
    } catch (java.util.concurrent.ExecutionException e) {
      throw new RetryableStepException(
          "Slipway.Webhook.StartFailed",
          "the local executor could not start the execution: " + e.getCause());
    }
  }

  @Override
  public void close() {
    runner.shutdownNow();
  }
}
