package dev.slipway.local.executor;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * Choice: the first rule that matches (JSONPath rules, see {@link ChoiceRules}; JSONata Conditions)
 * names the next state, else Default, else {@code States.NoChoiceMatched}.
 */
final class ChoiceState extends SimpleState {
  ChoiceState(DataFlow flow) {
    super(flow);
  }

  @Override
  Step execute(String name, JsonNode st, JsonNode raw, Frame f, boolean jsonata) {
    if (jsonata) {
      JsonataEngine.Bindings b = flow.bindings(f, raw, null, null);
      for (JsonNode rule : st.get("Choices")) {
        JsonNode cond = rule.get("Condition");
        JsonNode v =
            JsonataEngine.isExpression(cond)
                ? JsonataEngine.evaluate(cond.textValue(), b, "Condition")
                : cond;
        if (!v.isBoolean()) {
          throw JsonataEngine.unexpectedType(cond.asText(), "Condition", "boolean", v);
        }
        if (v.booleanValue()) {
          return outcome(rule, rule.get("Next").textValue(), raw, b, f);
        }
      }
      if (st.has("Default")) {
        return outcome(st, st.get("Default").textValue(), raw, b, f);
      }
      throw noChoice();
    }
    JsonNode eff = DataFlow.inputPath(st, raw, f);
    for (JsonNode rule : st.get("Choices")) {
      if (ChoiceRules.evaluate(rule, eff, f)) {
        Map<String, JsonNode> assign = flow.assignJsonPath(rule, eff, f);
        JsonNode out = DataFlow.selectPath(st, "OutputPath", eff, f);
        f.assign(assign);
        return new Step(rule.get("Next").textValue(), out);
      }
    }
    if (st.has("Default")) {
      Map<String, JsonNode> assign = flow.assignJsonPath(st, eff, f);
      JsonNode out = DataFlow.selectPath(st, "OutputPath", eff, f);
      f.assign(assign);
      return new Step(st.get("Default").textValue(), out);
    }
    throw noChoice();
  }

  private static RuntimeFailure noChoice() {
    return new RuntimeFailure("States.NoChoiceMatched", "No Matches!", false);
  }

  private static Step outcome(
      JsonNode holder, String next, JsonNode raw, JsonataEngine.Bindings b, Frame f) {
    JsonNode out = holder.has("Output") ? DataFlow.jsonataField(holder, "Output", b) : raw;
    f.assign(DataFlow.assignJsonata(holder, b));
    return new Step(next, out);
  }
}
