package dev.slipway.local.executor;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The problems found in a definition, one line each, in the order found; and the checks of a single
 * field that every state type shares (transitions, paths, templates, JSONata, numbers).
 */
final class DefinitionProblems {
  private final List<String> problems = new ArrayList<>();

  void add(String problem) {
    problems.add(problem);
  }

  List<String> list() {
    return problems;
  }

  void unknown(JsonNode node, Set<String> allowed, String where) {
    node.fieldNames()
        .forEachRemaining(
            f -> {
              if (!allowed.contains(f)) {
                problems.add(where + ": unknown field '" + f + "'");
              }
            });
  }

  void transition(String where, String field, JsonNode target, JsonNode states) {
    if (!target.isTextual()) {
      problems.add(where + ": " + field + " must be a state name");
    } else if (!states.has(target.textValue())) {
      problems.add(
          where + ": " + field + " names '" + target.textValue() + "', which is not a state here");
    }
  }

  void path(String where, JsonNode st, String field, boolean nullable) {
    JsonNode p = st.get(field);
    if (p == null || (nullable && p.isNull())) {
      return;
    }
    if (!p.isTextual()) {
      problems.add(where + ": " + field + " must be a path string" + (nullable ? " or null" : ""));
      return;
    }
    try {
      JsonPaths.validate(p.textValue());
    } catch (IllegalArgumentException e) {
      problems.add(where + ": " + field + " is not a valid path: " + e.getMessage());
    }
  }

  void referencePath(String where, JsonNode st, String field) {
    JsonNode p = st.get(field);
    if (p == null || p.isNull()) {
      return;
    }
    if (!p.isTextual()) {
      problems.add(where + ": " + field + " must be a reference path or null");
      return;
    }
    try {
      JsonPaths.referenceSteps(p.textValue());
    } catch (IllegalArgumentException e) {
      problems.add(
          where
              + ": "
              + field
              + " must be a reference path ($, .field, ['field'], [index]; no wildcards or filters): "
              + p.textValue());
    }
  }

  void template(String where, JsonNode st, String field) {
    JsonNode t = st.get(field);
    if (t == null) {
      return;
    }
    String p = Templates.check(t);
    if (p != null) {
      problems.add(where + ": " + field + ": " + p);
    }
  }

  /** Compiles every {@code {% JSONata %}} expression in the state's fields. */
  void jsonataFields(String where, JsonNode st) {
    st.properties()
        .iterator()
        .forEachRemaining(e -> jsonataValue(where + ": " + e.getKey(), e.getValue()));
  }

  private void jsonataValue(String where, JsonNode v) {
    if (JsonataEngine.isExpression(v)) {
      try {
        JsonataEngine.compile(JsonataEngine.body(v.textValue()));
      } catch (IllegalArgumentException e) {
        problems.add(where + ": " + e.getMessage());
      }
    } else if (v.isObject() || v.isArray()) {
      v.forEach(c -> jsonataValue(where, c));
    }
  }

  void notBoth(String where, JsonNode st, String a, String b) {
    if (st.has(a) && st.has(b)) {
      problems.add(where + ": use " + a + " or " + b + ", not both");
    }
  }

  /** TimeoutSeconds, HeartbeatSeconds: 1 to 99999999 (or a JSONata expression). */
  void positive(String where, JsonNode st, String field, boolean jsonata) {
    JsonNode v = st.get(field);
    if (v == null || (jsonata && JsonataEngine.isExpression(v))) {
      return;
    }
    if (!v.isIntegralNumber() || v.longValue() <= 0 || v.longValue() > 99_999_999L) {
      problems.add(where + ": " + field + " must be a positive integer (at most 99999999)");
    }
  }

  void integerAtLeast(String where, JsonNode node, String field, long min) {
    JsonNode v = node.get(field);
    if (v != null && (!v.isIntegralNumber() || v.longValue() < min)) {
      problems.add(
          where
              + ": "
              + field
              + " must be a "
              + (min > 0 ? "positive" : "non-negative")
              + " integer");
    }
  }
}
