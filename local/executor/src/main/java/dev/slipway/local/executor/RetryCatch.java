package dev.slipway.local.executor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.Map;

/**
 * Runs the work of a Task, Parallel or Map under its Retry and Catch: retriers by back-off (on the
 * execution's timeline, within the machine's deadline), then the first matching catcher; terminal
 * errors pass untouched. The result goes through {@link DataFlow#finish}.
 */
final class RetryCatch {
  /** The state's own work on its effective input (after InputPath); one call per attempt. */
  interface Work {
    JsonNode run(
        String name, JsonNode st, JsonNode raw, JsonNode effective, Frame f, boolean jsonata);
  }

  private final DataFlow flow;
  private final MachineDeadline deadline;

  RetryCatch(DataFlow flow, MachineDeadline deadline) {
    this.flow = flow;
    this.deadline = deadline;
  }

  /**
   * Runs {@code work} until it succeeds, a retrier gives up or none matches. {@code limitResult}:
   * the result (a Map's or Parallel's array) is checked against the payload limit before
   * ResultSelector; a task checks its own result.
   */
  Step execute(
      String name,
      JsonNode st,
      JsonNode raw,
      Frame f,
      boolean jsonata,
      Work work,
      boolean limitResult) {
    JsonNode effective = jsonata ? raw : DataFlow.inputPath(st, raw, f);
    JsonNode retriers = st.path("Retry");
    int[] counts = new int[retriers.size()];
    int attempt = 0;
    while (true) {
      f.retryCount = attempt;
      JsonNode result;
      try {
        result = work.run(name, st, raw, effective, f, jsonata);
      } catch (StatesError e) {
        if (e.terminal()) {
          throw e;
        }
        int r = firstMatch(retriers, e.error());
        if (r >= 0) {
          JsonNode retrier = retriers.get(r);
          int max = retrier.path("MaxAttempts").asInt(3);
          if (counts[r] < max) {
            counts[r]++;
            deadline.sleep(backoff(retrier, counts[r]), f);
            attempt++;
            continue;
          }
        }
        int c = firstMatch(st.path("Catch"), e.error());
        if (c < 0) {
          throw e.escaping();
        }
        return caught(st.get("Catch").get(c), raw, e, f, jsonata);
      }
      if (limitResult) {
        PayloadLimits.limit(result, name); // a Map's or Parallel's result array
      }
      return flow.finish(st, raw, result, f, jsonata);
    }
  }

  private Duration backoff(JsonNode retrier, int k) {
    double interval = retrier.path("IntervalSeconds").asDouble(1);
    double rate = retrier.path("BackoffRate").asDouble(2.0);
    double d = interval * Math.pow(rate, k - 1);
    if (retrier.has("MaxDelaySeconds")) {
      d = Math.min(d, retrier.get("MaxDelaySeconds").asDouble());
    }
    if ("FULL".equals(retrier.path("JitterStrategy").asText("NONE"))) {
      d = flow.random().nextDouble() * d;
    }
    return Duration.ofNanos((long) (d * 1e9));
  }

  /** The index of the first retrier or catcher whose ErrorEquals matches {@code error}, or -1. */
  static int firstMatch(JsonNode list, String error) {
    for (int i = 0; i < list.size(); i++) {
      for (JsonNode e : list.get(i).path("ErrorEquals")) {
        String name = e.textValue();
        if (name.equals("States.ALL")
            || name.equals(error)
            || (name.equals("States.TaskFailed") && !StatesError.TIMEOUT.equals(error))
            || (name.equals("States.HeartbeatTimeout") && StatesError.TIMEOUT.equals(error))) {
          return i;
        }
      }
    }
    return -1;
  }

  private Step caught(JsonNode catcher, JsonNode raw, StatesError e, Frame f, boolean jsonata) {
    ObjectNode errorOutput = JsonSupport.object();
    errorOutput.put("Error", e.error());
    String cause = e.errorCause();
    if (cause == null && StatesError.TIMEOUT.equals(e.error())) {
      cause = "";
    }
    errorOutput.put("Cause", cause);
    JsonNode out;
    if (jsonata) {
      JsonataEngine.Bindings b = flow.bindings(f, raw, null, errorOutput);
      out = catcher.has("Output") ? DataFlow.jsonataField(catcher, "Output", b) : errorOutput;
      f.assign(DataFlow.assignJsonata(catcher, b));
    } else {
      Map<String, JsonNode> assign = flow.assignJsonPath(catcher, errorOutput, f);
      out = DataFlow.resultPath(catcher, raw, errorOutput);
      f.assign(assign);
    }
    return new Step(catcher.get("Next").textValue(), out);
  }
}
