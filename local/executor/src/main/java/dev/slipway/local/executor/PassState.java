package dev.slipway.local.executor;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/** Pass: hands on its Result, Parameters (JSONPath) or Output (JSONata), else its input. */
final class PassState extends SimpleState {
  PassState(DataFlow flow) {
    super(flow);
  }

  @Override
  Step execute(String name, JsonNode st, JsonNode raw, Frame f, boolean jsonata) {
    if (jsonata) {
      JsonataEngine.Bindings b = flow.bindings(f, raw, null, null);
      JsonNode out = st.has("Output") ? DataFlow.jsonataField(st, "Output", b) : raw;
      Map<String, JsonNode> assign = DataFlow.assignJsonata(st, b);
      PayloadLimits.limit(out, name);
      f.assign(assign);
      return Step.next(st, out);
    }
    JsonNode eff = DataFlow.inputPath(st, raw, f);
    JsonNode result;
    if (st.has("Result")) {
      result = st.get("Result");
    } else if (st.has("Parameters")) {
      result = flow.template(st.get("Parameters"), eff, f);
    } else {
      result = eff;
    }
    PayloadLimits.limit(result, name);
    Map<String, JsonNode> assign = flow.assignJsonPath(st, result, f);
    JsonNode out = DataFlow.selectPath(st, "OutputPath", DataFlow.resultPath(st, raw, result), f);
    f.assign(assign);
    return Step.next(st, out);
  }
}
