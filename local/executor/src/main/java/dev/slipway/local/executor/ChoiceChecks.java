package dev.slipway.local.executor;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/** Checks a Choice state: its rules (JSONPath comparisons, JSONata Conditions) and targets. */
final class ChoiceChecks {
  private final DefinitionProblems problems;

  ChoiceChecks(DefinitionProblems problems) {
    this.problems = problems;
  }

  void choice(String where, JsonNode st, JsonNode states, boolean jsonata) {
    JsonNode choices = st.get("Choices");
    if (choices == null || !choices.isArray() || choices.isEmpty()) {
      problems.add(where + ": Choices must be a non-empty array");
      return;
    }
    for (int i = 0; i < choices.size(); i++) {
      JsonNode rule = choices.get(i);
      String w = where + " Choices[" + i + "]";
      if (!rule.has("Next")) {
        problems.add(w + ": needs Next");
      } else {
        problems.transition(w, "Next", rule.get("Next"), states);
      }
      if (jsonata) {
        JsonNode c = rule.get("Condition");
        if (c == null || !(c.isBoolean() || JsonataEngine.isExpression(c))) {
          problems.add(w + ": Condition must be a {% JSONata %} expression or a boolean");
        }
        Set<String> ok = Set.of("Condition", "Next", "Assign", "Output", "Comment");
        problems.unknown(rule, ok, w);
      } else {
        rule(w, rule, true);
        problems.template(w, rule, "Assign");
      }
    }
    if (st.has("Default")) {
      problems.transition(where, "Default", st.get("Default"), states);
    }
  }

  private void rule(String where, JsonNode rule, boolean top) {
    if (!rule.isObject()) {
      problems.add(where + ": a choice rule must be an object");
      return;
    }
    Set<String> structural = top ? Set.of("Next", "Comment", "Assign") : Set.of("Comment");
    if (!top && rule.has("Next")) {
      problems.add(where + ": nested rules cannot have Next");
    }
    int ops = 0;
    for (String b : List.of("And", "Or", "Not")) {
      if (rule.has(b)) {
        ops++;
        JsonNode sub = rule.get(b);
        if (b.equals("Not")) {
          rule(where + " Not", sub, false);
        } else if (!sub.isArray() || sub.isEmpty()) {
          problems.add(where + ": " + b + " must be a non-empty array of rules");
        } else {
          for (int i = 0; i < sub.size(); i++) {
            rule(where + " " + b + "[" + i + "]", sub.get(i), false);
          }
        }
      }
    }
    String op = ChoiceRules.operator(rule);
    int comparisons = 0;
    Iterator<String> names = rule.fieldNames();
    while (names.hasNext()) {
      String f = names.next();
      if (structural.contains(f)
          || f.equals("And")
          || f.equals("Or")
          || f.equals("Not")
          || f.equals("Variable")) {
        continue;
      }
      boolean known =
          ChoiceRules.COMPARISONS.contains(f)
              || ChoiceRules.TYPE_TESTS.contains(f)
              || f.equals("StringMatches")
              || (f.endsWith("Path")
                  && ChoiceRules.COMPARISONS.contains(f.substring(0, f.length() - 4)));
      if (!known) {
        problems.add(where + ": unknown field '" + f + "'");
      } else {
        comparisons++;
      }
    }
    if (ops + comparisons != 1) {
      problems.add(
          where
              + ": a rule has exactly one comparison operator (or And/Or/Not), found "
              + (ops + comparisons));
      return;
    }
    if (op != null) {
      comparison(where, rule, op);
    } else if (rule.has("Variable")) {
      problems.add(where + ": Variable is only used with a comparison operator");
    }
  }

  /** A comparison: its Variable and the operand its operator needs. */
  private void comparison(String where, JsonNode rule, String op) {
    JsonNode var = rule.get("Variable");
    if (var == null || !var.isTextual()) {
      problems.add(where + ": Variable is required with " + op);
    } else {
      try {
        JsonPaths.validate(var.textValue());
      } catch (IllegalArgumentException e) {
        problems.add(where + ": Variable is not a valid path: " + e.getMessage());
      }
    }
    JsonNode v = rule.get(op);
    if (op.endsWith("Path") && !ChoiceRules.TYPE_TESTS.contains(op)) {
      if (!v.isTextual() || !JsonPaths.isPath(v.textValue())) {
        problems.add(where + ": " + op + " must be a path");
      }
    } else if (ChoiceRules.TYPE_TESTS.contains(op) || op.equals("BooleanEquals")) {
      if (!v.isBoolean()) {
        problems.add(where + ": " + op + " must be true or false");
      }
    } else if (op.startsWith("Numeric")) {
      if (!v.isNumber()) {
        problems.add(where + ": " + op + " must be a number");
      }
    } else if (op.startsWith("Timestamp")) {
      if (!v.isTextual() || Values.timestamp(v.textValue()) == null) {
        problems.add(where + ": " + op + " must be an ISO-8601 timestamp with an offset");
      }
    } else if (!v.isTextual()) {
      problems.add(where + ": " + op + " must be a string");
    }
  }
}
