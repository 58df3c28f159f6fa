package dev.slipway.local.executor;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Map;

/**
 * Wait: Seconds, SecondsPath, Timestamp or TimestampPath, on the execution's timeline, held back by
 * the executor's {@link WaitPacer} when it has one, and cut short by the machine's deadline.
 */
final class WaitState extends SimpleState {
  private final LocalExecutor executor;
  private final Execution execution;
  private final MachineDeadline deadline;

  WaitState(LocalExecutor executor, Execution execution, DataFlow flow, MachineDeadline deadline) {
    super(flow);
    this.executor = executor;
    this.execution = execution;
    this.deadline = deadline;
  }

  @Override
  Step execute(String name, JsonNode st, JsonNode raw, Frame f, boolean jsonata) {
    JsonataEngine.Bindings b = jsonata ? flow.bindings(f, raw, null, null) : null;
    JsonNode eff = jsonata ? raw : DataFlow.inputPath(st, raw, f);
    Instant now = f.time.now();
    Instant until;
    if (st.has("Seconds")) {
      JsonNode s = st.get("Seconds");
      if (jsonata && JsonataEngine.isExpression(s)) {
        s = JsonataEngine.evaluate(s.textValue(), b, "Seconds");
        if (!s.isIntegralNumber() || s.longValue() < 0) {
          throw JsonataEngine.unexpectedType(
              st.get("Seconds").textValue(), "Seconds", "integer", s);
        }
      }
      until = now.plusSeconds(s.longValue());
    } else if (st.has("SecondsPath")) {
      until = now.plusSeconds(secondsPath(st.get("SecondsPath").textValue(), eff, f));
    } else if (st.has("Timestamp")) {
      JsonNode t = st.get("Timestamp");
      if (jsonata && JsonataEngine.isExpression(t)) {
        t = JsonataEngine.evaluate(t.textValue(), b, "Timestamp");
      }
      OffsetDateTime odt = t.isTextual() ? Values.timestamp(t.textValue()) : null;
      if (odt == null) {
        throw RuntimeFailure.query(
            "The Timestamp field cannot be parsed as an ISO-8601 extended offset date-time format string: "
                + DataFlow.text(t));
      }
      until = odt.toInstant();
    } else {
      until = timestampPath(st.get("TimestampPath").textValue(), eff, f);
    }
    Duration d = Duration.between(now, until);
    if (d.getSeconds() > Integer.MAX_VALUE) {
      throw new RuntimeFailure("Wait state delay is too long.");
    }
    deadline.sleep(pace(name, raw, d, f), f);
    if (jsonata) {
      JsonataEngine.Bindings after = flow.bindings(f, raw, null, null);
      JsonNode out = st.has("Output") ? DataFlow.jsonataField(st, "Output", after) : raw;
      f.assign(DataFlow.assignJsonata(st, after));
      return Step.next(st, out);
    }
    Map<String, JsonNode> assign = flow.assignJsonPath(st, eff, f);
    JsonNode out = DataFlow.selectPath(st, "OutputPath", eff, f);
    f.assign(assign);
    return Step.next(st, out);
  }

  private static long secondsPath(String p, JsonNode eff, Frame f) {
    JsonNode v;
    try {
      v = JsonPaths.read(p, eff, f);
    } catch (JsonPaths.PathMissing e) {
      throw new RuntimeFailure("The SecondsPath parameter does not reference an input value: " + p);
    }
    if (!v.isNumber()
        || (!v.isIntegralNumber() && v.decimalValue().stripTrailingZeros().scale() > 0)) {
      throw new RuntimeFailure(
          "The SecondsPath parameter cannot be parsed as a long value: "
              + p
              + " == "
              + JsonSupport.compact(v));
    }
    if (v.longValue() < 0) {
      throw new RuntimeFailure(
          "The SecondsPath parameter references a negative value: " + p + " == " + v.longValue());
    }
    return v.longValue();
  }

  private static Instant timestampPath(String p, JsonNode eff, Frame f) {
    JsonNode v;
    try {
      v = JsonPaths.read(p, eff, f);
    } catch (JsonPaths.PathMissing e) {
      throw new RuntimeFailure(
          "The TimestampPath parameter does not reference an input value: " + p);
    }
    OffsetDateTime odt = v.isTextual() ? Values.timestamp(v.textValue()) : null;
    if (odt == null) {
      throw new RuntimeFailure(
          "The TimestampPath parameter does not reference a valid ISO-8601 extended offset date-time format string: "
              + p
              + " == "
              + (v.isTextual() ? v.textValue() : JsonSupport.compact(v)));
    }
    return odt.toInstant();
  }

  /**
   * Holds a virtual Wait back until the executor's {@link WaitPacer} lets it go; returns how long
   * the Wait then lasts ({@code d}, or up to the time the pacer says it must reach).
   */
  private Duration pace(String name, JsonNode input, Duration d, Frame f) {
    WaitPacer pacer = executor.waitPacer;
    if (pacer == null || f.time.real() || d.isNegative() || d.isZero()) {
      return d;
    }
    WaitPacer.Pace pace = pacer.begin(execution, name, input, d);
    while (!pace.ready()) {
      f.cancel.check();
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new Cancel.Cancelled();
      }
    }
    Instant atLeast = pace.atLeast();
    Instant now = f.time.now();
    return atLeast != null && atLeast.isAfter(now.plus(d)) ? Duration.between(now, atLeast) : d;
  }
}
