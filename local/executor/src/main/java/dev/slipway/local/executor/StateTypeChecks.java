package dev.slipway.local.executor;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** Checks the fields particular to Task, Wait, Fail and Map states. */
final class StateTypeChecks {
  /** Checks a Map's ItemProcessor as a machine of its own. */
  interface Nested {
    void machine(JsonNode machine, String where, boolean jsonata);
  }

  private final DefinitionProblems problems;

  StateTypeChecks(DefinitionProblems problems) {
    this.problems = problems;
  }

  void task(String where, JsonNode st, boolean jsonata) {
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
    problems.notBoth(where, st, "TimeoutSeconds", "TimeoutSecondsPath");
    problems.notBoth(where, st, "HeartbeatSeconds", "HeartbeatSecondsPath");
    problems.positive(where, st, "TimeoutSeconds", jsonata);
    problems.positive(where, st, "HeartbeatSeconds", jsonata);
    if (st.path("TimeoutSeconds").isNumber()
        && st.path("HeartbeatSeconds").isNumber()
        && st.get("HeartbeatSeconds").longValue() >= st.get("TimeoutSeconds").longValue()) {
      problems.add(where + ": HeartbeatSeconds must be smaller than TimeoutSeconds");
    }
    if (!jsonata) {
      problems.path(where, st, "TimeoutSecondsPath", false);
      problems.path(where, st, "HeartbeatSecondsPath", false);
    }
  }

  void waitState(String where, JsonNode st, boolean jsonata) {
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
      problems.path(where, st, "SecondsPath", false);
      problems.path(where, st, "TimestampPath", false);
    }
  }

  void fail(String where, JsonNode st) {
    problems.notBoth(where, st, "Error", "ErrorPath");
    problems.notBoth(where, st, "Cause", "CausePath");
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

  void map(String where, JsonNode st, boolean jsonata, Nested nested) {
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
      nested.machine(proc, where + " ItemProcessor", jsonata);
    }
    if (st.has("ItemSelector") && st.has("Parameters")) {
      problems.add(where + ": use ItemSelector or Parameters (legacy), not both");
    }
    if (!jsonata) {
      problems.path(where, st, "ItemsPath", false);
      problems.path(where, st, "MaxConcurrencyPath", false);
      problems.path(where, st, "ToleratedFailureCountPath", false);
      problems.path(where, st, "ToleratedFailurePercentagePath", false);
    }
    JsonNode mc = st.get("MaxConcurrency");
    if (mc != null
        && !(jsonata && JsonataEngine.isExpression(mc))
        && (!mc.isIntegralNumber() || mc.longValue() < 0)) {
      problems.add(where + ": MaxConcurrency must be a non-negative integer");
    }
    problems.notBoth(where, st, "MaxConcurrency", "MaxConcurrencyPath");
  }
}
