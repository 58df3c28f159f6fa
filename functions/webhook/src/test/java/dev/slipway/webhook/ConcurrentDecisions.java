package dev.slipway.webhook;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntUnaryOperator;

/** Many people deciding one approval at the same instant: decider i approves when i is even. */
final class ConcurrentDecisions {
  private ConcurrentDecisions() {}

  static String by(int i) {
    return "approver-" + i + "@acme.example";
  }

  static String decision(int i) {
    return i % 2 == 0 ? "approve" : "reject";
  }

  /** events/approvals/approve.json with decider i's body. */
  static byte[] event(int i) {
    ObjectNode event =
        (ObjectNode)
            Fakes.read(
                new String(
                    Fakes.resource("/events/approvals/approve.json"), StandardCharsets.UTF_8));
    event.put(
        "body",
        "{\"decision\":\"" + decision(i) + "\",\"by\":\"" + by(i) + "\",\"comment\":\"race\"}");
    return event.toString().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Runs {@code post} for deciders 0..n-1 on n threads released together, and returns the status
   * each got, in order.
   */
  static List<Integer> post(int n, IntUnaryOperator post) throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(n);
    try {
      CyclicBarrier barrier = new CyclicBarrier(n);
      List<Future<Integer>> futures = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        int decider = i;
        Callable<Integer> task =
            () -> {
              barrier.await(30, TimeUnit.SECONDS);
              return post.applyAsInt(decider);
            };
        futures.add(threads.submit(task));
      }
      List<Integer> statuses = new ArrayList<>();
      for (Future<Integer> f : futures) {
        statuses.add(f.get(120, TimeUnit.SECONDS));
      }
      return statuses;
    } finally {
      threads.shutdownNow();
    }
  }
}
