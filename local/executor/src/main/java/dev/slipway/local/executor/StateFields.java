package dev.slipway.local.executor;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** The fields each state type allows, per query language (JSONPath or JSONata). */
final class StateFields {
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

  private static Set<String> fields(String type, boolean jsonata) {
    return (jsonata ? JSONATA_FIELDS : JSONPATH_FIELDS).get(type);
  }
}
