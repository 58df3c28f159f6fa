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
 * language ({@link StateFields}), transitions, reachability, paths, templates, intrinsic functions
 * ({@link DefinitionProblems}), the checks particular to a type ({@link StateTypeChecks}, {@link
 * ChoiceChecks}), retriers and catchers ({@link RetryCatchChecks}). Collects every problem, one
 * line each.
 */
final class Validator {
  private static final Set<String> TOP =
      Set.of("Comment", "StartAt", "States", "TimeoutSeconds", "Version", "QueryLanguage");
  private static final Set<String> BRANCH =
      Set.of("Comment", "StartAt", "States", "QueryLanguage", "ProcessorConfig");

  private final DefinitionProblems problems = new DefinitionProblems();
  private final StateTypeChecks types = new StateTypeChecks(problems);
  private final ChoiceChecks choices = new ChoiceChecks(problems);
  private final RetryCatchChecks retryCatch = new RetryCatchChecks(problems);
  private final Set<String> allNames = new HashSet<>();

  static List<String> validate(JsonNode def) {
    Validator v = new Validator();
    if (def == null || !def.isObject()) {
      v.problems.add("the definition must be a JSON object");
      return v.problems.list();
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
    return v.problems.list();
  }

  private void machine(JsonNode m, String where, Set<String> allowed, boolean jsonata) {
    problems.unknown(m, allowed, where);
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
      reachability(start.textValue(), states);
    }
  }

  private void reachability(String start, JsonNode states) {
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
    if (!StateFields.isType(type)) {
      problems.add(
          where
              + ": unknown Type '"
              + type
              + "' (Pass, Task, Choice, Wait, Succeed, Fail, Parallel or Map)");
      return;
    }
    boolean jsonata = queryLanguage(where, st, inherited);
    StateFields.check(where, st, type, jsonata, problems);
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
      problems.transition(where, "Next", st.get("Next"), states);
    }
    if (!jsonata) {
      problems.path(where, st, "InputPath", true);
      problems.path(where, st, "OutputPath", true);
      problems.referencePath(where, st, "ResultPath");
      problems.template(where, st, "Parameters");
      problems.template(where, st, "ResultSelector");
      problems.template(where, st, "ItemSelector");
      problems.template(where, st, "Assign");
    } else {
      problems.jsonataFields(where, st);
    }
    if (st.has("Assign")) {
      if (!st.get("Assign").isObject()) {
        problems.add(where + ": Assign must be an object");
      } else if (st.get("Assign").has("states") || st.get("Assign").has("states.$")) {
        problems.add(where + ": Assign cannot set the reserved variable 'states'");
      }
    }
    switch (type) {
      case "Task" -> types.task(where, st, jsonata);
      case "Choice" -> choices.choice(where, st, states, jsonata);
      case "Wait" -> types.waitState(where, st, jsonata);
      case "Fail" -> types.fail(where, st);
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
      case "Map" -> types.map(where, st, jsonata, (m, w, j) -> machine(m, w, BRANCH, j));
      default -> {
        // Pass, Succeed: nothing more
      }
    }
    if (st.has("Retry") || st.has("Catch")) {
      retryCatch.retryCatch(where, st, states, jsonata);
    }
  }

  /** The state's query language: its own QueryLanguage, else the enclosing machine's. */
  private boolean queryLanguage(String where, JsonNode st, boolean inherited) {
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
    return jsonata;
  }
}
