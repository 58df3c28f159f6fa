package dev.slipway.local.executor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * A state's data flow. JSONPath: InputPath, Parameters, ResultSelector, ResultPath, OutputPath and
 * Assign. JSONata: {@code $states} (input, result, errorOutput, context), Arguments, Output and
 * Assign.
 */
final class DataFlow {
  private final RandomGenerator random;

  DataFlow(RandomGenerator random) {
    this.random = random;
  }

  RandomGenerator random() {
    return random;
  }

  // ---------------------------------------------------------------- JSONPath

  static JsonNode inputPath(JsonNode st, JsonNode raw, Frame f) {
    return selectPath(st, "InputPath", raw, f);
  }

  /** InputPath or OutputPath: absent keeps the value, null gives {@code {}}. */
  static JsonNode selectPath(JsonNode st, String field, JsonNode value, Frame f) {
    if (!st.has(field)) {
      return value;
    }
    JsonNode p = st.get(field);
    if (p.isNull()) {
      return JsonSupport.object();
    }
    return readOrInvalid(p.textValue(), value, f);
  }

  /**
   * Reads a path; a miss is AWS's "Invalid path '
   *
   * <p>' : <Jayway message>" runtime error.
   */
  static JsonNode readOrInvalid(String path, JsonNode value, Frame f) {
    try {
      return JsonPaths.read(path, value, f);
    } catch (JsonPaths.PathMissing e) {
      throw new RuntimeFailure("Invalid path '" + path + "' : " + e.getMessage());
    }
  }

  static JsonNode resultPath(JsonNode st, JsonNode raw, JsonNode result) {
    if (!st.has("ResultPath")) {
      return result;
    }
    JsonNode p = st.get("ResultPath");
    if (p.isNull()) {
      return raw;
    }
    try {
      return JsonPaths.put(raw, p.textValue(), result);
    } catch (IllegalStateException e) {
      throw new RuntimeFailure(
          "Invalid path '"
              + p.textValue()
              + "' : Unable to apply ResultPath to the input '"
              + JsonSupport.compact(raw)
              + "': "
              + e.getMessage());
    }
  }

  /** A payload template (Parameters, ResultSelector, ItemSelector, Assign) over {@code input}. */
  JsonNode template(JsonNode tpl, JsonNode input, Frame f) {
    return Templates.evaluate(tpl, new Intrinsics.Env(input, f, random, null));
  }

  /** JSONPath Assign: evaluated against {@code value}, applied after the state's other work. */
  Map<String, JsonNode> assignJsonPath(JsonNode st, JsonNode value, Frame f) {
    JsonNode a = st.get("Assign");
    if (a == null) {
      return Map.of();
    }
    JsonNode out = template(a, value, f);
    Map<String, JsonNode> m = new LinkedHashMap<>();
    out.properties().iterator().forEachRemaining(e -> m.put(e.getKey(), e.getValue()));
    return m;
  }

  // ---------------------------------------------------------------- JSONata

  /** {@code $states} and the visible variables for a state's JSONata expressions. */
  JsonataEngine.Bindings bindings(Frame f, JsonNode input, JsonNode result, JsonNode errorOutput) {
    ObjectNode states = JsonSupport.object();
    states.set("input", input);
    if (result != null) {
      states.set("result", result);
    }
    if (errorOutput != null) {
      states.set("errorOutput", errorOutput);
    }
    states.set("context", f.contextObject());
    return new JsonataEngine.Bindings(states, f, f.visibleVariables(), random);
  }

  static JsonNode jsonataField(JsonNode st, String field, JsonataEngine.Bindings b) {
    JsonNode v = st.get(field);
    return v == null ? null : JsonataEngine.template(v, b, field);
  }

  static Map<String, JsonNode> assignJsonata(JsonNode holder, JsonataEngine.Bindings b) {
    JsonNode a = holder.get("Assign");
    if (a == null) {
      return Map.of();
    }
    Map<String, JsonNode> m = new LinkedHashMap<>();
    a.properties()
        .iterator()
        .forEachRemaining(
            e ->
                m.put(e.getKey(), JsonataEngine.template(e.getValue(), b, "Assign/" + e.getKey())));
    return m;
  }

  // ---------------------------------------------------------------- results

  /**
   * What a Task, Parallel or Map hands on once its work returned {@code result}: ResultSelector,
   * Assign, ResultPath and OutputPath (JSONPath) or Output and Assign (JSONata).
   */
  Step finish(JsonNode st, JsonNode raw, JsonNode result, Frame f, boolean jsonata) {
    if (jsonata) {
      JsonataEngine.Bindings b = bindings(f, raw, result, null);
      JsonNode out = st.has("Output") ? jsonataField(st, "Output", b) : result;
      f.assign(assignJsonata(st, b));
      return Step.next(st, out);
    }
    JsonNode selected =
        st.has("ResultSelector") ? template(st.get("ResultSelector"), result, f) : result;
    Map<String, JsonNode> assign = assignJsonPath(st, selected, f);
    JsonNode out = selectPath(st, "OutputPath", resultPath(st, raw, selected), f);
    f.assign(assign);
    return Step.next(st, out);
  }

  /** A value as text: a string as is, anything else as compact JSON, null as null. */
  static String text(JsonNode n) {
    return n == null || n.isNull() ? null : n.isTextual() ? n.textValue() : JsonSupport.compact(n);
  }
}
