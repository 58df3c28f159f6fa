package dev.slipway.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs calls a bounded number at a time and answers in their order: the canary's queries of one
 * cluster, and the gate's clusters. The first failure in that order is thrown, whatever finished
 * first, and the rest are cancelled.
 */
final class InOrder {
  private InOrder() {}

  static <T> List<T> runAll(List<Callable<T>> calls, int parallelism, String threadName) {
    if (calls.isEmpty()) {
      return List.of();
    }
    ExecutorService pool =
        Executors.newFixedThreadPool(
            Math.min(parallelism, calls.size()),
            r -> {
              Thread t = new Thread(r, threadName);
              t.setDaemon(true);
              return t;
            });
    try {
      List<Future<T>> futures = new ArrayList<>();
      calls.forEach(c -> futures.add(pool.submit(c)));
      List<T> out = new ArrayList<>();
      for (Future<T> f : futures) {
        try {
          out.add(f.get());
        } catch (ExecutionException e) {
          futures.forEach(x -> x.cancel(true));
          if (e.getCause() instanceof RuntimeException re) {
            throw re;
          }
          throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          futures.forEach(x -> x.cancel(true));
          throw new IllegalStateException("interrupted while querying Prometheus", e);
        }
      }
      return out;
    } finally {
      pool.shutdownNow();
    }
  }
}
