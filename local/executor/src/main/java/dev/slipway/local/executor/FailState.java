package dev.slipway.local.executor;

import com.fasterxml.jackson.databind.JsonNode;

/** Fail: fails with its Error and Cause (given, read by ErrorPath/CausePath, or JSONata). */
final class FailState extends SimpleState {
  FailState(DataFlow flow) {
    super(flow);
  }

  /** Never returns: throws the state's error. */
  @Override
  Step execute(String name, JsonNode st, JsonNode raw, Frame f, boolean jsonata) {
    String error;
    String cause;
    if (jsonata) {
      JsonataEngine.Bindings b = flow.bindings(f, raw, null, null);
      error = DataFlow.text(DataFlow.jsonataField(st, "Error", b));
      cause = DataFlow.text(DataFlow.jsonataField(st, "Cause", b));
    } else {
      error = field(st, "Error", raw, f);
      cause = field(st, "Cause", raw, f);
    }
    throw new StatesError(error, cause);
  }

  private String field(JsonNode st, String field, JsonNode raw, Frame f) {
    if (st.has(field)) {
      return st.get(field).textValue();
    }
    JsonNode p = st.get(field + "Path");
    if (p == null) {
      return null;
    }
    String expr = p.textValue();
    if (Intrinsics.looksLikeCall(expr)) {
      return DataFlow.text(
          Intrinsics.evaluate(expr, new Intrinsics.Env(raw, f, flow.random(), field + "Path")));
    }
    try {
      return DataFlow.text(JsonPaths.read(expr, raw, f));
    } catch (JsonPaths.PathMissing e) {
      throw new RuntimeFailure(
          "The JSONPath '"
              + expr
              + "' specified for the field '"
              + field
              + "Path' could not be found in the input '"
              + JsonSupport.compact(expr.startsWith("$$") ? f.contextObject() : raw)
              + "'");
    }
  }
}
