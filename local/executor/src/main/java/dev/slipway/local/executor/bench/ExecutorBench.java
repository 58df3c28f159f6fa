package dev.slipway.local.executor.bench;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.slipway.local.executor.Execution;
import dev.slipway.local.executor.ExecutionStatus;
import dev.slipway.local.executor.LocalExecutor;
import java.io.PrintStream;
import java.util.Map;

/**
 * The executor benchmark: a Choice loop over a Pass and a trivial in-process Task, 10,000 state
 * transitions per execution; prints transitions per second against the 20,000/s target.
 *
 * <p>Run: {@code ./slipway bench-executor}.
 */
public final class ExecutorBench {
  static final int TARGET_PER_SECOND = 20_000;
  static final int TRANSITIONS = 10_000;

  private ExecutorBench() {}

  /** The trivial task: {"a": x, "b": y} → x + y. */
  public static final class AddHandler implements RequestHandler<Map<String, Integer>, Integer> {
    @Override
    public Integer handleRequest(Map<String, Integer> in, Context context) {
      return in.get("a") + in.get("b");
    }
  }

  /**
   * Init, then per turn Add (Task) and More? (Choice) and Step (Pass) except the last, then Done.
   */
  static String definition(int transitions) {
    int turns = (transitions - 1) / 3;
    return """
        {"StartAt": "Init", "States": {
          "Init": {"Type": "Pass", "Result": 0, "ResultPath": "$.i", "Next": "Add"},
          "Add": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:add",
                  "Parameters": {"a.$": "$.i", "b": 1}, "ResultPath": "$.i", "Next": "More?"},
          "More?": {"Type": "Choice", "Choices": [{"Variable": "$.i", "NumericLessThan": %d, "Next": "Step"}],
                    "Default": "Done"},
          "Step": {"Type": "Pass", "Parameters": {"i.$": "$.i", "label": "turn"}, "Next": "Add"},
          "Done": {"Type": "Succeed"}}}
        """
        .formatted(turns);
  }

  /** Runs the bench and returns transitions per second of the best measured run. */
  public static double run(PrintStream out) {
    LocalExecutor executor = LocalExecutor.builder().function("add", new AddHandler()).build();
    String def = definition(TRANSITIONS);
    for (int i = 0; i < 5; i++) {
      executor.run(def, "{}");
    }
    double best = 0;
    long transitions = 0;
    for (int i = 0; i < 5; i++) {
      long t0 = System.nanoTime();
      Execution e = executor.run(def, "{}");
      long nanos = System.nanoTime() - t0;
      if (e.status() != ExecutionStatus.SUCCEEDED) {
        throw new IllegalStateException(
            "bench execution " + e.status() + ": " + e.error() + " " + e.cause());
      }
      transitions = e.historyTypes().stream().filter(t -> t.endsWith("StateEntered")).count();
      best = Math.max(best, transitions / (nanos / 1e9));
    }
    out.printf(
        "executor bench: %d transitions per execution, best of 5: %.0f transitions/s (target %d/s, ratio %.2f)%n",
        transitions, best, TARGET_PER_SECOND, best / TARGET_PER_SECOND);
    return best;
  }

  public static void main(String[] args) {
    run(System.out);
  }
}
