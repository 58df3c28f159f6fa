package dev.slipway.local.executor;

import com.fasterxml.jackson.databind.JsonNode;

/** What a state hands on: the name of the next state (null: the machine ends) and its output. */
record Step(String next, JsonNode output) {

  /** The state's {@code Next} (or the end when it has none) with {@code output}. */
  static Step next(JsonNode st, JsonNode output) {
    JsonNode n = st.get("Next");
    return new Step(n == null ? null : n.textValue(), output);
  }
}
