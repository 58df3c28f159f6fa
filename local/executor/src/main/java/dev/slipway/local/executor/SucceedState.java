package dev.slipway.local.executor;

import com.fasterxml.jackson.databind.JsonNode;

/** Succeed: ends the machine (or branch, or iteration) with its input, shaped by its paths. */
final class SucceedState extends SimpleState {
  SucceedState(DataFlow flow) {
    super(flow);
  }

  @Override
  Step execute(String name, JsonNode st, JsonNode raw, Frame f, boolean jsonata) {
    if (jsonata) {
      JsonataEngine.Bindings b = flow.bindings(f, raw, null, null);
      return new Step(null, st.has("Output") ? DataFlow.jsonataField(st, "Output", b) : raw);
    }
    JsonNode eff = DataFlow.inputPath(st, raw, f);
    return new Step(null, DataFlow.selectPath(st, "OutputPath", eff, f));
  }
}
