package dev.slipway.local.executor;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The fields each state type allows, per query language (JSONPath or JSONata). */
final class StateFields {
  private static final Set<String> COMMON = Set.of("Type", "Comment", "QueryLanguage");

  /** The fields of a state that moves on to another. */
  private static final Set<String> MOVES = Set.of("Next", "End", "Assign");

  /** JSONPath's InputPath and OutputPath. */
  private static final Set<String> PATHS = Set.of("InputPath", "OutputPath");

  /** JSONPath's result fields of Task, Parallel and Map. */
  private static final Set<String> RESULTS =
      Set.of("ResultSelector", "ResultPath", "Retry", "Catch");

  /** The Map fields both query languages have. */
  private static final Set<String> MAP =
      Set.of(
          "ItemProcessor",
          "ItemSelector",
          "Retry",
          "Catch",
          "MaxConcurrency",
          "ToleratedFailureCount",
          "ToleratedFailurePercentage",
          "Label",
          "ItemReader",
          "ItemBatcher",
          "ResultWriter");

  private static final Map<String, Set<String>> JSONPATH_FIELDS =
      Map.of(
          "Pass", union(List.of(MOVES, PATHS), "Result", "ResultPath", "Parameters"),
          "Task",
              union(
                  List.of(MOVES, PATHS, RESULTS),
                  "Resource",
                  "Parameters",
                  "TimeoutSeconds",
                  "TimeoutSecondsPath",
                  "HeartbeatSeconds",
                  "HeartbeatSecondsPath",
                  "Credentials"),
          "Choice", union(List.of(PATHS), "Assign", "Choices", "Default"),
          "Wait",
              union(List.of(MOVES, PATHS), "Seconds", "SecondsPath", "Timestamp", "TimestampPath"),
          "Succeed", PATHS,
          "Fail", Set.of("Error", "Cause", "ErrorPath", "CausePath"),
          "Parallel", union(List.of(MOVES, PATHS, RESULTS), "Branches", "Parameters"),
          "Map",
              union(
                  List.of(MOVES, PATHS, RESULTS, MAP),
                  "Iterator",
                  "ItemsPath",
                  "Parameters",
                  "MaxConcurrencyPath",
                  "ToleratedFailureCountPath",
                  "ToleratedFailurePercentagePath"));
  private static final Map<String, Set<String>> JSONATA_FIELDS =
      Map.of(
          "Pass", union(List.of(MOVES), "Output"),
          "Task",
              union(
                  List.of(MOVES),
                  "Output",
                  "Resource",
                  "Arguments",
                  "Retry",
                  "Catch",
                  "TimeoutSeconds",
                  "HeartbeatSeconds",
                  "Credentials"),
          "Choice", Set.of("Assign", "Output", "Choices", "Default"),
          "Wait", union(List.of(MOVES), "Output", "Seconds", "Timestamp"),
          "Succeed", Set.of("Output"),
          "Fail", Set.of("Error", "Cause"),
          "Parallel", union(List.of(MOVES), "Output", "Branches", "Arguments", "Retry", "Catch"),
          "Map", union(List.of(MOVES, MAP), "Output", "Items"));

  private StateFields() {}

  /** Whether {@code type} is one of the eight state types. */
  static boolean isType(String type) {
    return JSONPATH_FIELDS.containsKey(type);
  }

  /**
   * Names each field of the state that its type does not allow in its query language, saying so
   * when the field belongs to the other one.
   */
  static void check(
      String where, JsonNode st, String type, boolean jsonata, DefinitionProblems problems) {
    Set<String> allowed = new HashSet<>(COMMON);
    allowed.addAll(fields(type, jsonata));
    st.fieldNames()
        .forEachRemaining(
            f -> {
              if (!allowed.contains(f)) {
                boolean other = (fields(type, !allowed.contains("Output")).contains(f));
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
  }

  private static Set<String> union(List<Set<String>> groups, String... more) {
    Set<String> all = new HashSet<>(List.of(more));
    groups.forEach(all::addAll);
    return Set.copyOf(all);
  }

  private static Set<String> fields(String type, boolean jsonata) {
    return (jsonata ? JSONATA_FIELDS : JSONPATH_FIELDS).get(type);
  }
}
