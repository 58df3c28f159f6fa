package dev.slipway.local.executor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Map (inline): one attempt; runs the ItemProcessor on each item (through ItemSelector), at most
 * MaxConcurrency at a time, results in item order; failures up to the tolerated count or percentage
 * stand in the results as their error output.
 */
final class MapState extends ConcurrentState {
  MapState(Interpreter interpreter, LocalExecutor executor, History history, DataFlow flow) {
    super(interpreter, executor, history, flow);
  }

  @Override
  public JsonNode run(
      String name, JsonNode st, JsonNode raw, JsonNode eff, Frame f, boolean jsonata) {
    JsonataEngine.Bindings b = jsonata ? flow.bindings(f, raw, null, null) : null;
    JsonNode items;
    if (jsonata) {
      items = st.has("Items") ? DataFlow.jsonataField(st, "Items", b) : raw;
      if (!items.isArray()) {
        throw RuntimeFailure.query(
            "Map state input must be an array but was: " + JsonSupport.compact(items));
      }
    } else {
      String p = st.has("ItemsPath") ? st.get("ItemsPath").textValue() : "$";
      items = DataFlow.readOrInvalid(p, eff, f);
      if (!items.isArray()) {
        throw new RuntimeFailure(
            StatesError.RUNTIME, "Reference path \"" + p + "\" must point to array.", false);
      }
    }
    int maxConcurrency = (int) intField(st, "MaxConcurrency", eff, f, b, 0, "integer");
    Double toleratedCount =
        st.has("ToleratedFailureCount") || st.has("ToleratedFailureCountPath")
            ? (double) intField(st, "ToleratedFailureCount", eff, f, b, 0, "integer")
            : null;
    if (toleratedCount != null && toleratedCount < 0) {
      throw new RuntimeFailure("ToleratedFailureCount cannot be negative.");
    }
    Double toleratedPct =
        st.has("ToleratedFailurePercentage") || st.has("ToleratedFailurePercentagePath")
            ? floatField(st, "ToleratedFailurePercentage", eff, f, b)
            : null;
    if (toleratedPct != null && (toleratedPct < 0 || toleratedPct > 100)) {
      throw new RuntimeFailure("ToleratedFailurePercentage must be between 0 and 100.");
    }
    JsonNode processor = st.has("ItemProcessor") ? st.get("ItemProcessor") : st.get("Iterator");
    JsonNode selector = st.has("ItemSelector") ? st.get("ItemSelector") : st.get("Parameters");
    history.event(f, "MapStateStarted", History.details("length", items.size()));
    Cancel group = new Cancel(f.cancel);
    List<Callable<JsonNode>> iterations = new ArrayList<>();
    List<Frame> children = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      int idx = i;
      JsonNode item = items.get(i);
      Frame child = f.child(group);
      Frame previous = children.isEmpty() ? null : children.get(children.size() - 1);
      children.add(child);
      iterations.add(
          () -> {
            if (maxConcurrency == 1 && previous != null) {
              // one at a time: an iteration starts when the one before it ended (virtual time)
              child.time.join(previous.time);
            }
            JsonNode itemInput;
            if (selector != null) {
              Frame sel = f.child(group);
              sel.stateName = f.stateName;
              sel.enteredTime = f.enteredTime;
              sel.mapIndex = JsonSupport.mapper().getNodeFactory().numberNode(idx);
              sel.mapValue = item;
              if (jsonata) {
                JsonataEngine.Bindings ib = flow.bindings(sel, raw, null, null);
                itemInput = JsonataEngine.template(selector, ib, "ItemSelector");
              } else {
                itemInput = flow.template(selector, eff, sel);
              }
            } else {
              itemInput = item;
            }
            PayloadLimits.limitInput(itemInput, name);
            history.event(
                child, "MapIterationStarted", History.details("name", name, "index", idx));
            try {
              JsonNode out = interpreter.runNested(processor, itemInput, child, jsonata);
              history.event(
                  child, "MapIterationSucceeded", History.details("name", name, "index", idx));
              return out;
            } catch (StatesError e) {
              history.event(
                  child, "MapIterationFailed", History.details("name", name, "index", idx));
              throw e;
            } catch (Cancel.Cancelled e) {
              history.event(
                  child, "MapIterationAborted", History.details("name", name, "index", idx));
              throw e;
            }
          });
    }
    Function<StatesError, JsonNode> tolerate =
        toleratedCount != null || toleratedPct != null
            ? tolerance(toleratedCount, toleratedPct, items.size())
            : null;
    return runJobs("Map", f, children, iterations, group, maxConcurrency, tolerate);
  }

  /**
   * A failed iteration's stand-in (its error output) while the failures stay within the tolerated
   * count and percentage; null (the failure fails the Map) for a terminal error.
   */
  private static Function<StatesError, JsonNode> tolerance(
      Double toleratedCount, Double toleratedPct, int total) {
    AtomicInteger failures = new AtomicInteger();
    return e -> {
      if (e.terminal()) {
        return null;
      }
      int failed = failures.incrementAndGet();
      boolean overCount = toleratedCount != null && failed > toleratedCount;
      boolean overPct = toleratedPct != null && failed * 100.0 / total > toleratedPct;
      // Either threshold, once exceeded, fails the Map ([inferred] from the API docs:
      // each is "the maximum ... of failed items before the Map Run fails").
      if (overCount || overPct) {
        throw new StatesError(
            "States.ExceedToleratedFailureThreshold",
            "The specified tolerated failure threshold was exceeded");
      }
      ObjectNode o = JsonSupport.object();
      o.put("Error", e.error());
      o.put("Cause", e.errorCause());
      return o;
    };
  }

  private static long intField(
      JsonNode st,
      String field,
      JsonNode eff,
      Frame f,
      JsonataEngine.Bindings b,
      long dflt,
      String kind) {
    JsonNode v = st.get(field);
    if (v != null) {
      if (b != null && JsonataEngine.isExpression(v)) {
        JsonNode r = JsonataEngine.evaluate(v.textValue(), b, field);
        if (!r.isIntegralNumber()) {
          throw JsonataEngine.unexpectedType(v.textValue(), field, "integer", r);
        }
        return r.longValue();
      }
      return v.longValue();
    }
    JsonNode p = st.get(field + "Path");
    if (p == null) {
      return dflt;
    }
    JsonNode n = DataFlow.readOrInvalid(p.textValue(), eff, f);
    boolean ok =
        n.isIntegralNumber()
            || (n.isNumber() && n.decimalValue().stripTrailingZeros().scale() <= 0);
    if (!ok || (field.equals("MaxConcurrency") && n.longValue() < 0)) {
      throw new RuntimeFailure(
          "The "
              + field
              + "Path field refers to value \""
              + JsonSupport.compact(n)
              + "\" which is not a valid "
              + kind
              + ": "
              + p.textValue());
    }
    return n.longValue();
  }

  private static double floatField(
      JsonNode st, String field, JsonNode eff, Frame f, JsonataEngine.Bindings b) {
    JsonNode v = st.get(field);
    if (v != null) {
      if (b != null && JsonataEngine.isExpression(v)) {
        v = JsonataEngine.evaluate(v.textValue(), b, field);
      }
      return v.asDouble();
    }
    JsonNode p = st.get(field + "Path");
    JsonNode n = DataFlow.readOrInvalid(p.textValue(), eff, f);
    if (!n.isNumber()) {
      throw new RuntimeFailure(
          "The "
              + field
              + "Path field refers to value \""
              + JsonSupport.compact(n)
              + "\" which is not a valid float: "
              + p.textValue());
    }
    return n.doubleValue();
  }
}
