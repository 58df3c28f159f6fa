package dev.slipway.local.run;

import dev.slipway.local.executor.HistoryEvent;
import java.util.List;
import java.util.Map;

/**
 * What an execution would cost on AWS, from its history and the measured handler durations.
 *
 * <p>Assumptions, stated in {@code slipway run}'s summary: Step Functions Standard at $0.025 per
 * 1,000 state transitions (us-east-1), where a transition is every state entered (inside Map
 * iterations too) plus every retry of a task; Lambda on arm64 at $0.0000133334 per GB-second, each
 * invocation billed for its measured duration (rounded up to 1 ms) at the memory size the CDK stack
 * gives the function ({@code SlipwayFunction}); request charges ($0.20 per million) and the free
 * tier are left out; local durations are warm JVM times, so a cold start on AWS costs more.
 */
public final class Billing {
  public static final double USD_PER_TRANSITION = 0.025 / 1000;
  public static final double USD_PER_GB_SECOND_ARM64 = 0.0000133334;

  /**
   * Memory (MB) per function, as {@code infra/.../SlipwayFunction} sets it. Keep in step with it; a
   * function not listed is priced at 1,024 MB.
   */
  public static final Map<String, Integer> MEMORY_MB =
      Map.ofEntries(
          Map.entry("lock", 512),
          Map.entry("unlock", 512),
          Map.entry("plan", 512),
          Map.entry("record", 512),
          Map.entry("annotate", 512),
          Map.entry("manifests", 1024),
          Map.entry("staticsync", 1024),
          Map.entry("deploy", 1536),
          Map.entry("rollout", 1024),
          Map.entry("diff", 1536),
          Map.entry("rollback", 1536),
          Map.entry("reconcile", 1536),
          Map.entry("canary", 2048),
          Map.entry("approval", 512),
          Map.entry("approval-gate", 512),
          Map.entry("webhook", 1024));

  private static final int DEFAULT_MEMORY_MB = 1024;

  private Billing() {}

  /** State transitions as Step Functions bills them: states entered plus task retries. */
  public static int transitions(List<HistoryEvent> history) {
    int entered = 0;
    int taskEntered = 0;
    int attempts = 0;
    for (HistoryEvent e : history) {
      String t = e.type();
      if (t.endsWith("StateEntered")) {
        entered++;
        if (t.equals("TaskStateEntered")) {
          taskEntered++;
        }
      } else if (t.equals("LambdaFunctionScheduled") || t.equals("TaskScheduled")) {
        attempts++;
      }
    }
    return entered + Math.max(0, attempts - taskEntered);
  }

  /** The Lambda charge of one invocation of {@code function} that ran {@code nanos}. */
  public static double lambdaUsd(String function, long nanos) {
    long ms = Math.max(1, (nanos + 999_999) / 1_000_000);
    int mb = MEMORY_MB.getOrDefault(function, DEFAULT_MEMORY_MB);
    return ms / 1000.0 * (mb / 1024.0) * USD_PER_GB_SECOND_ARM64;
  }

  /** The Step Functions charge of {@code transitions}. */
  public static double stepFunctionsUsd(int transitions) {
    return transitions * USD_PER_TRANSITION;
  }
}
