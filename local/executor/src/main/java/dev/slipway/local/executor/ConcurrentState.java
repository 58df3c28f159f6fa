package dev.slipway.local.executor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * What Parallel and Map share: their branches or iterations run as jobs on the executor's pool,
 * each in a child frame whose time is joined back at the end, and the state's Succeeded or Failed
 * event.
 */
abstract class ConcurrentState implements RetryCatch.Work {
  private static final int INLINE_MAP_CONCURRENCY = 40;

  final Interpreter interpreter;
  final History history;
  final DataFlow flow;
  private final LocalExecutor executor;

  ConcurrentState(Interpreter interpreter, LocalExecutor executor, History history, DataFlow flow) {
    this.interpreter = interpreter;
    this.executor = executor;
    this.history = history;
    this.flow = flow;
  }

  /**
   * Runs the jobs (see {@link #runAll}), joins the children's time into {@code f}'s and records
   * {@code <type>StateSucceeded} or {@code <type>StateFailed}; returns the results in job order.
   */
  final ArrayNode runJobs(
      String type,
      Frame f,
      List<Frame> children,
      List<Callable<JsonNode>> jobs,
      Cancel group,
      int limit,
      Function<StatesError, JsonNode> tolerate) {
    try {
      ArrayNode out = JsonSupport.mapper().createArrayNode();
      runAll(jobs, group, limit, tolerate).forEach(out::add);
      children.forEach(c -> f.time.join(c.time));
      history.event(f, type + "StateSucceeded", null);
      return out;
    } catch (StatesError e) {
      children.forEach(c -> f.time.join(c.time));
      history.event(
          f, type + "StateFailed", History.details("error", e.error(), "cause", e.errorCause()));
      throw e;
    }
  }

  /**
   * Runs jobs concurrently (at most {@code limit} at a time; 0 = 40 as AWS's inline Map), results
   * in job order. The first failure cancels the rest and is rethrown, unless {@code tolerate}
   * accepts it (then the error output takes the job's place).
   */
  private List<JsonNode> runAll(
      List<Callable<JsonNode>> jobs,
      Cancel group,
      int limit,
      Function<StatesError, JsonNode> tolerate) {
    int n = jobs.size();
    List<JsonNode> results = new ArrayList<>(Collections.nCopies(n, (JsonNode) null));
    int width = Math.min(n, limit <= 0 ? INLINE_MAP_CONCURRENCY : limit);
    CompletionService<Object[]> cs = new ExecutorCompletionService<>(executor.pool());
    List<Future<Object[]>> futures = new ArrayList<>();
    // Only `width` jobs exist at a time: a 10,000-item Map does not start 10,000 threads.
    while (futures.size() < width) {
      futures.add(cs.submit(job(jobs, futures.size(), group, tolerate)));
    }
    RuntimeException first = null;
    for (int done = 0; done < futures.size(); done++) {
      try {
        Object[] r = cs.take().get();
        results.set((Integer) r[0], (JsonNode) r[1]);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        stopAll(group, futures);
        throw new Cancel.Cancelled();
      } catch (CancellationException e) {
        // a sibling stopped after the first failure
      } catch (ExecutionException e) {
        Throwable c = e.getCause();
        if (first == null
            && !(c instanceof Cancel.Cancelled)
            && !(c instanceof InterruptedException)) {
          first = c instanceof RuntimeException re ? re : new IllegalStateException(c);
          stopAll(group, futures);
        }
      }
      if (first == null && !group.isCancelled() && futures.size() < n) {
        futures.add(cs.submit(job(jobs, futures.size(), group, tolerate)));
      }
    }
    if (first != null) {
      throw first;
    }
    group.check();
    return results;
  }

  private static Callable<Object[]> job(
      List<Callable<JsonNode>> jobs,
      int idx,
      Cancel group,
      Function<StatesError, JsonNode> tolerate) {
    return () -> {
      group.check();
      try {
        return new Object[] {idx, jobs.get(idx).call()};
      } catch (StatesError e) {
        JsonNode replacement = tolerate == null ? null : tolerate.apply(e);
        if (replacement == null) {
          throw e;
        }
        return new Object[] {idx, replacement};
      }
    };
  }

  /** Stops every job of a group: the flag for transitions, an interrupt for sleeping handlers. */
  private static void stopAll(Cancel group, List<? extends Future<?>> futures) {
    group.cancel();
    futures.forEach(f -> f.cancel(true));
  }
}
