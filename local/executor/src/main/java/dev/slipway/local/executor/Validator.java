package dev.slipway.local.executor;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a definition as CreateStateMachine does: structure, fields per state type and query
 * language, transitions, reachability, paths, templates, intrinsic functions, retriers and
 * catchers. Collects every problem, one line each.
 */
final class Validator {
  private static final Set<String> TOP =
      Set.of("Comment", "StartAt", "States", "TimeoutSeconds", "Version", "QueryLanguage");
  private static final Set<String> BRANCH =
      Set.of("Comment", "StartAt", "States", "QueryLanguage", "ProcessorConfig");
  private static final Set<String> COMMON = Set.of("Type", "Comment", "QueryLanguage");
  private static final Map<String, Set<String>> JSONPATH_FIELDS =
      Map.of(
          "Pass",
              Set.of(
                  "Next",
                  "End",
                  "Assign",
                  "InputPath",
                  "OutputPath",
                  "Result",
                  "ResultPath",
                  "Parameters"),
          "Task",
              Set.of(
                  "Next",
                  "End",
                  "Assign",
                  "InputPath",
                  "OutputPath",
                  "Resource",
                  "Parameters",
                  "ResultSelector",
                  "ResultPath",
                  "Retry",
                  "Catch",
                  "TimeoutSeconds",
                  "TimeoutSecondsPath",
                  "HeartbeatSeconds",
                  "HeartbeatSecondsPath",
                  "Credentials"),
          "Choice", Set.of("Assign", "InputPath", "OutputPath", "Choices", "Default"),
          "Wait",
              Set.of(
                  "Next",
                  "End",
                  "Assign",
                  "InputPath",
                  "OutputPath",
                  "Seconds",
                  "SecondsPath",
                  "Timestamp",
                  "TimestampPath"),
          "Succeed", Set.of("InputPath", "OutputPath"),
          "Fail", Set.of("Error", "Cause", "ErrorPath", "CausePath"),
          "Parallel",
              Set.of(
                  "Next",
                  "End",
                  "Assign",
                  "InputPath",
                  "OutputPath",
                  "Branches",
                  "Parameters",
                  "ResultSelector",
                  "ResultPath",
                  "Retry",
                  "Catch"),
          "Map",
              Set.of(
                  "Next",
                  "End",
                  "Assign",
                  "InputPath",
                  "OutputPath",
                  "ItemProcessor",
                  "Iterator",
                  "ItemsPath",
                  "ItemSelector",
                  "Parameters",
                  "ResultSelector",
                  "ResultPath",
                  "Retry",
                  "Catch",
                  "MaxConcurrency",
                  "MaxConcurrencyPath",
                  "ToleratedFailureCount",
                  "ToleratedFailureCountPath",
                  "ToleratedFailurePercentage",
                  "ToleratedFailurePercentagePath",
                  "Label",
                  "ItemReader",
                  "ItemBatcher",
                  "ResultWriter"));
  private static final Map<String, Set<String>> JSONATA_FIELDS =
      Map.of(
          "Pass", Set.of("Next", "End", "Assign", "Output"),
          "Task",
              Set.of(
                  "Next",
                  "End",
                  "Assign",
                  "Output",
                  "Resource",
                  "Arguments",
                  "Retry",
                  "Catch",
                  "TimeoutSeconds",
                  "HeartbeatSeconds",
                  "Credentials"),
          "Choice", Set.of("Assign", "Output", "Choices", "Default"),
          "Wait", Set.of("Next", "End", "Assign", "Output", "Seconds", "Timestamp"),
          "Succeed", Set.of("Output"),
          "Fail", Set.of("Error", "Cause"),
          "Parallel",
              Set.of("Next", "End", "Assign", "Output", "Branches", "Arguments", "Retry", "Catch"),
          "Map",
              Set.of(
                  "Next",
                  "End",
                  "Assign",
                  "Output",
                  "ItemProcessor",
                  "Items",
                  "ItemSelector",
                  "Retry",
                  "Catch",
                  "MaxConcurrency",
                  "ToleratedFailureCount",
                  "ToleratedFailurePercentage",
                  "Label",
                  "ItemReader",
                  "ItemBatcher",
                  "ResultWriter"));

  private final List<String> problems = new ArrayList<>();
  private final Set<String> allNames = new HashSet<>();

  static List<String> validate(JsonNode def) {
    Validator v = new Validator();
    if (def == null || !def.isObject()) {
      v.problems.add("the definition must be a JSON object");
      return v.problems;
    }
    JsonNode q = def.get("QueryLanguage");
    if (q != null
        && !(q.isTextual()
            && (q.textValue().equals("JSONPath") || q.textValue().equals("JSONata")))) {
      v.problems.add("top level: QueryLanguage must be \"JSONPath\" or \"JSONata\"");
    }
    JsonNode t = def.get("TimeoutSeconds");
    if (t != null && (!t.isIntegralNumber() || t.longValue() <= 0)) {
      v.problems.add("top level: TimeoutSeconds must be a positive integer");
    }
    v.machine(def, "top level", TOP, q != null && "JSONata".equals(q.textValue()));
    return v.problems;
  }

  private void machine(JsonNode m, String where, Set<String> allowed, boolean jsonata) {
    unknown(m, allowed, where);
    JsonNode q = m.get("QueryLanguage");
    if (q != null && q.isTextual()) {
      if (jsonata && q.textValue().equals("JSONPath")) {
        problems.add(where + ": a JSONPath machine cannot be nested in a JSONata one");
      }
      jsonata = q.textValue().equals("JSONata");
    }
    JsonNode start = m.get("StartAt");
    JsonNode states = m.get("States");
    if (states == null || !states.isObject() || states.isEmpty()) {
      problems.add(where + ": States must be a non-empty object");
      return;
    }
    if (start == null || !start.isTextual()) {
      problems.add(where + ": StartAt is required (the name of the first state)");
    } else if (!states.has(start.textValue())) {
      problems.add(
          where + ": StartAt names '" + start.textValue() + "', which is not a state here");
    }
    Iterator<Map.Entry<String, JsonNode>> it = states.properties().iterator();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!allNames.add(e.getKey())) {
        problems.add("State '" + e.getKey() + "': state names must be unique in the whole machine");
      }
      if (e.getKey().length() > 80) {
        problems.add("State '" + e.getKey() + "': state names are at most 80 characters");
      }
      state(e.getKey(), e.getValue(), states, jsonata);
    }
    if (start != null && start.isTextual() && states.has(start.textValue())) {
      reachability(start.textValue(), states, where);
    }
  }

  private void reachability(String start, JsonNode states, String where) {
    Set<String> seen = new LinkedHashSet<>();
    Deque<String> todo = new ArrayDeque<>(List.of(start));
    while (!todo.isEmpty()) {
      String s = todo.pop();
      if (!seen.add(s) || !states.has(s)) {
        continue;
      }
      JsonNode st = states.get(s);
      for (String n : targets(st)) {
        todo.push(n);
      }
    }
    states
        .fieldNames()
        .forEachRemaining(
            n -> {
              if (!seen.contains(n)) {
                problems.add(
                    "State '"
                        + n
                        + "': unreachable (no transition leads to it from '"
                        + start
                        + "')");
              }
            });
  }

  private static List<String> targets(JsonNode st) {
    List<String> out = new ArrayList<>();
    if (st.path("Next").isTextual()) {
      out.add(st.get("Next").textValue());
    }
    if (st.path("Default").isTextual()) {
      out.add(st.get("Default").textValue());
    }
    for (JsonNode c : st.path("Choices")) {
      if (c.path("Next").isTextual()) {
        out.add(c.get("Next").textValue());
      }
    }
    for (JsonNode c : st.path("Catch")) {
      if (c.path("Next").isTextual()) {
        out.add(c.get("Next").textValue());
      }
    }
    return out;
  }

  private void unknown(JsonNode node, Set<String> allowed, String where) {
    node.fieldNames()
        .forEachRemaining(
            f -> {
              if (!allowed.contains(f)) {
                problems.add(where + ": unknown field '" + f + "'");
              }
            });
  }

  private void state(String name, JsonNode st, JsonNode states, boolean inherited) {
    String where = "State '" + name + "'";
    if (!st.isObject()) {
      problems.add(where + ": must be a JSON object");
      return;
    }
    JsonNode typeNode = st.get("Type");
    if (typeNode == null || !typeNode.isTextual()) {
      problems.add(where + ": Type is required");
      return;
    }
    String type = typeNode.textValue();
    if (!JSONPATH_FIELDS.containsKey(type)) {
      problems.add(
          where
              + ": unknown Type '"
              + type
              + "' (Pass, Task, Choice, Wait, Succeed, Fail, Parallel or Map)");
      return;
    }
    boolean jsonata = inherited;
    JsonNode q = st.get("QueryLanguage");
    if (q != null) {
      if (!q.isTextual()
          || !(q.textValue().equals("JSONPath") || q.textValue().equals("JSONata"))) {
        problems.add(where + ": QueryLanguage must be \"JSONPath\" or \"JSONata\"");
      } else {
        if (inherited && q.textValue().equals("JSONPath")) {
          problems.add(where + ": a JSONPath state cannot be used in a JSONata machine");
        }
        jsonata = q.textValue().equals("JSONata");
      }
    }
    Set<String> allowed = new HashSet<>(COMMON);
    allowed.addAll((jsonata ? JSONATA_FIELDS : JSONPATH_FIELDS).get(type));
    st.fieldNames()
        .forEachRemaining(
            f -> {
              if (!allowed.contains(f)) {
                boolean other = (jsonata(type, !allowed.contains("Output")).contains(f));
                problems.add(
                    where
                        + ": unknown field '"
                        + f
                        + "'"
                        + (other
                            ? " (it belongs to the "
                                + (allowed.contains("Output") ? "JSONPath" : "JSONata")
                                + " query language)"
                            : ""));
              }
            });
    boolean terminalType = type.equals("Choice") || type.equals("Succeed") || type.equals("Fail");
    if (!terminalType) {
      boolean hasNext = st.has("Next");
      boolean end = st.path("End").asBoolean(false);
      if (st.has("End") && !st.get("End").isBoolean()) {
        problems.add(where + ": End must be true or absent");
      }
      if (hasNext && end) {
        problems.add(where + ": has both Next and End");
      } else if (!hasNext && !end) {
        problems.add(where + ": needs Next or \"End\": true");
      }
    }
    if (st.has("Next")) {
      transition(where, "Next", st.get("Next"), states);
    }
    if (!jsonata) {
      path(where, st, "InputPath", true);
      path(where, st, "OutputPath", true);
      referencePath(where, st, "ResultPath");
      template(where, st, "Parameters");
      template(where, st, "ResultSelector");
      template(where, st, "ItemSelector");
      template(where, st, "Assign");
    } else {
      jsonataFields(where, st);
    }
    if (st.has("Assign")) {
      if (!st.get("Assign").isObject()) {
        problems.add(where + ": Assign must be an object");
      } else if (st.get("Assign").has("states") || st.get("Assign").has("states.$")) {
        problems.add(where + ": Assign cannot set the reserved variable 'states'");
      }
    }
    switch (type) {
      case "Task" -> task(where, st, jsonata);
      case "Choice" -> choice(where, st, states, jsonata);
      case "Wait" -> waitState(where, st, jsonata);
      case "Fail" -> fail(where, st);
      case "Parallel" -> {
        JsonNode b = st.get("Branches");
        if (b == null || !b.isArray() || b.isEmpty()) {
          problems.add(where + ": Branches must be a non-empty array");
        } else {
          for (int i = 0; i < b.size(); i++) {
            machine(b.get(i), where + " branch " + i, BRANCH, jsonata);
          }
        }
      }
      case "Map" -> map(where, st, jsonata);
      default -> {
        // Pass, Succeed: nothing more
      }
    }
    if (st.has("Retry") || st.has("Catch")) {
      retryCatch(where, st, states, jsonata);
    }
  }

  private static Set<String> jsonata(String type, boolean jsonata) {
    return (jsonata ? JSONATA_FIELDS : JSONPATH_FIELDS).get(type);
  }

  private void transition(String where, String field, JsonNode target, JsonNode states) {
    if (!target.isTextual()) {
      problems.add(where + ": " + field + " must be a state name");
    } else if (!states.has(target.textValue())) {
      problems.add(
          where + ": " + field + " names '" + target.textValue() + "', which is not a state here");
    }
  }

  private void path(String where, JsonNode st, String field, boolean nullable) {
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

  private void referencePath(String where, JsonNode st, String field) {
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

  private void template(String where, JsonNode st, String field) {
    JsonNode t = st.get(field);
    if (t == null) {
      return;
    }
    String p = Templates.check(t);
    if (p != null) {
      problems.add(where + ": " + field + ": " + p);
    }
  }

  private void jsonataFields(String where, JsonNode st) {
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

  private void task(String where, JsonNode st, boolean jsonata) {
    JsonNode r = st.get("Resource");
    if (r == null || !r.isTextual() || r.textValue().isEmpty()) {
      problems.add(
          where
              + ": Resource is required (a Lambda function ARN, an integration ARN or ${Placeholder})");
    } else {
      String res = r.textValue();
      boolean ok = res.startsWith("arn:") || (res.startsWith("${") && res.endsWith("}"));
      if (!ok) {
        problems.add(
            where
                + ": Resource must be an ARN (or a ${Placeholder} substituted at deploy time): "
                + res);
      }
      if (res.startsWith("arn:aws:lambda:") && res.endsWith(".waitForTaskToken")) {
        problems.add(
            where
                + ": .waitForTaskToken needs an integration ARN such as arn:aws:states:::lambda:invoke.waitForTaskToken");
      }
    }
    notBoth(where, st, "TimeoutSeconds", "TimeoutSecondsPath");
    notBoth(where, st, "HeartbeatSeconds", "HeartbeatSecondsPath");
    positive(where, st, "TimeoutSeconds", jsonata);
    positive(where, st, "HeartbeatSeconds", jsonata);
    if (st.path("TimeoutSeconds").isNumber()
        && st.path("HeartbeatSeconds").isNumber()
        && st.get("HeartbeatSeconds").longValue() >= st.get("TimeoutSeconds").longValue()) {
      problems.add(where + ": HeartbeatSeconds must be smaller than TimeoutSeconds");
    }
    if (!jsonata) {
      path(where, st, "TimeoutSecondsPath", false);
      path(where, st, "HeartbeatSecondsPath", false);
    }
  }

  private void positive(String where, JsonNode st, String field, boolean jsonata) {
    JsonNode v = st.get(field);
    if (v == null || (jsonata && JsonataEngine.isExpression(v))) {
      return;
    }
    if (!v.isIntegralNumber() || v.longValue() <= 0 || v.longValue() > 99_999_999L) {
      problems.add(where + ": " + field + " must be a positive integer (at most 99999999)");
    }
  }

  private void choice(String where, JsonNode st, JsonNode states, boolean jsonata) {
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
        transition(w, "Next", rule.get("Next"), states);
      }
      if (jsonata) {
        JsonNode c = rule.get("Condition");
        if (c == null || !(c.isBoolean() || JsonataEngine.isExpression(c))) {
          problems.add(w + ": Condition must be a {% JSONata %} expression or a boolean");
        }
        Set<String> ok = Set.of("Condition", "Next", "Assign", "Output", "Comment");
        unknown(rule, ok, w);
      } else {
        rule(w, rule, true);
        template(w, rule, "Assign");
      }
    }
    if (st.has("Default")) {
      transition(where, "Default", st.get("Default"), states);
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
    } else if (rule.has("Variable")) {
      problems.add(where + ": Variable is only used with a comparison operator");
    }
  }

  private void waitState(String where, JsonNode st, boolean jsonata) {
    int n = 0;
    for (String f : List.of("Seconds", "SecondsPath", "Timestamp", "TimestampPath")) {
      if (st.has(f)) {
        n++;
      }
    }
    if (n != 1) {
      problems.add(where + ": needs exactly one of Seconds, SecondsPath, Timestamp, TimestampPath");
    }
    JsonNode s = st.get("Seconds");
    if (s != null
        && !(jsonata && JsonataEngine.isExpression(s))
        && (!s.isIntegralNumber() || s.longValue() < 0)) {
      problems.add(where + ": Seconds must be a non-negative integer");
    }
    JsonNode t = st.get("Timestamp");
    if (t != null
        && !(jsonata && JsonataEngine.isExpression(t))
        && (!t.isTextual() || Values.timestamp(t.textValue()) == null)) {
      problems.add(
          where
              + ": Timestamp must be an ISO-8601 extended offset date-time (e.g. 2026-01-01T00:00:00Z)");
    }
    if (!jsonata) {
      path(where, st, "SecondsPath", false);
      path(where, st, "TimestampPath", false);
    }
  }

  private void fail(String where, JsonNode st) {
    notBoth(where, st, "Error", "ErrorPath");
    notBoth(where, st, "Cause", "CausePath");
    for (String f : List.of("ErrorPath", "CausePath")) {
      JsonNode p = st.get(f);
      if (p == null) {
        continue;
      }
      if (!p.isTextual()) {
        problems.add(where + ": " + f + " must be a path or an intrinsic function");
        continue;
      }
      try {
        if (Intrinsics.looksLikeCall(p.textValue())) {
          Intrinsics.parse(p.textValue());
        } else {
          JsonPaths.validate(p.textValue());
        }
      } catch (IllegalArgumentException e) {
        problems.add(where + ": " + f + ": " + e.getMessage());
      }
    }
  }

  private void map(String where, JsonNode st, boolean jsonata) {
    for (String f : List.of("ItemReader", "ItemBatcher", "ResultWriter")) {
      if (st.has(f)) {
        problems.add(
            where
                + ": "
                + f
                + " (distributed Map reading or writing S3) is not supported by the local executor;"
                + " pass the items in the input (ItemsPath/Items) instead");
      }
    }
    if (st.has("ItemProcessor") == st.has("Iterator")) {
      problems.add(where + ": needs exactly one of ItemProcessor or Iterator");
    }
    JsonNode proc = st.has("ItemProcessor") ? st.get("ItemProcessor") : st.get("Iterator");
    if (proc != null) {
      JsonNode pc = proc.path("ProcessorConfig");
      if (!pc.isMissingNode()) {
        String mode = pc.path("Mode").asText("INLINE");
        if (!mode.equals("INLINE") && !mode.equals("DISTRIBUTED")) {
          problems.add(where + ": ProcessorConfig.Mode must be INLINE or DISTRIBUTED");
        }
      }
      machine(proc, where + " ItemProcessor", BRANCH, jsonata);
    }
    if (st.has("ItemSelector") && st.has("Parameters")) {
      problems.add(where + ": use ItemSelector or Parameters (legacy), not both");
    }
    if (!jsonata) {
      path(where, st, "ItemsPath", false);
      path(where, st, "MaxConcurrencyPath", false);
      path(where, st, "ToleratedFailureCountPath", false);
      path(where, st, "ToleratedFailurePercentagePath", false);
    }
    JsonNode mc = st.get("MaxConcurrency");
    if (mc != null
        && !(jsonata && JsonataEngine.isExpression(mc))
        && (!mc.isIntegralNumber() || mc.longValue() < 0)) {
      problems.add(where + ": MaxConcurrency must be a non-negative integer");
    }
    notBoth(where, st, "MaxConcurrency", "MaxConcurrencyPath");
  }

  private interface ElementCheck {
    void check(String where, JsonNode element, boolean last);
  }

  /** Checks each element of an array field (Retry, Catch), naming it "State 'S' Field[i]". */
  private void eachOf(String where, JsonNode st, String field, ElementCheck check) {
    JsonNode list = st.get(field);
    if (list == null) {
      return;
    }
    if (!list.isArray()) {
      problems.add(where + ": " + field + " must be an array");
      return;
    }
    for (int i = 0; i < list.size(); i++) {
      check.check(where + " " + field + "[" + i + "]", list.get(i), i == list.size() - 1);
    }
  }

  private void retryCatch(String where, JsonNode st, JsonNode states, boolean jsonata) {
    eachOf(where, st, "Retry", (w, r, last) -> retrier(w, r, last));
    eachOf(where, st, "Catch", (w, k, last) -> catcher(w, k, last, states, jsonata));
  }

  private void retrier(String w, JsonNode r, boolean last) {
    unknown(
        r,
        Set.of(
            "ErrorEquals",
            "IntervalSeconds",
            "MaxAttempts",
            "BackoffRate",
            "MaxDelaySeconds",
            "JitterStrategy",
            "Comment"),
        w);
    errorEquals(w, r, last);
    integerAtLeast(w, r, "IntervalSeconds", 1);
    integerAtLeast(w, r, "MaxAttempts", 0);
    integerAtLeast(w, r, "MaxDelaySeconds", 1);
    JsonNode br = r.get("BackoffRate");
    if (br != null && (!br.isNumber() || br.doubleValue() < 1.0)) {
      problems.add(w + ": BackoffRate must be a number >= 1.0");
    }
    JsonNode js = r.get("JitterStrategy");
    if (js != null
        && !(js.isTextual() && (js.textValue().equals("FULL") || js.textValue().equals("NONE")))) {
      problems.add(w + ": JitterStrategy must be FULL or NONE");
    }
  }

  private void catcher(String w, JsonNode k, boolean last, JsonNode states, boolean jsonata) {
    unknown(
        k,
        jsonata
            ? Set.of("ErrorEquals", "Next", "Output", "Assign", "Comment")
            : Set.of("ErrorEquals", "Next", "ResultPath", "Assign", "Comment"),
        w);
    errorEquals(w, k, last);
    if (!k.has("Next")) {
      problems.add(w + ": needs Next");
    } else {
      transition(w, "Next", k.get("Next"), states);
    }
    if (!jsonata) {
      referencePath(w, k, "ResultPath");
      template(w, k, "Assign");
    }
  }

  private void notBoth(String where, JsonNode st, String a, String b) {
    if (st.has(a) && st.has(b)) {
      problems.add(where + ": use " + a + " or " + b + ", not both");
    }
  }

  private void integerAtLeast(String where, JsonNode node, String field, long min) {
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

  private void errorEquals(String w, JsonNode r, boolean last) {
    JsonNode ee = r.get("ErrorEquals");
    if (ee == null || !ee.isArray() || ee.isEmpty()) {
      problems.add(w + ": ErrorEquals must be a non-empty array of error names");
      return;
    }
    for (JsonNode e : ee) {
      if (!e.isTextual()) {
        problems.add(w + ": error names are strings");
      } else if (e.textValue().equals("States.ALL") && (ee.size() > 1 || !last)) {
        problems.add(w + ": States.ALL must appear alone and in the last retrier/catcher");
      }
    }
  }
}
