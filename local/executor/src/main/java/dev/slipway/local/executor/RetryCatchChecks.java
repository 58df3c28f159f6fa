package dev.slipway.local.executor;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;

/** Checks a Task's, Parallel's or Map's Retry and Catch lists. */
final class RetryCatchChecks {
  private final DefinitionProblems problems;

  RetryCatchChecks(DefinitionProblems problems) {
    this.problems = problems;
  }

  private interface ElementCheck {
    void check(String where, JsonNode element, boolean last);
  }

  void retryCatch(String where, JsonNode st, JsonNode states, boolean jsonata) {
    eachOf(where, st, "Retry", (w, r, last) -> retrier(w, r, last));
    eachOf(where, st, "Catch", (w, k, last) -> catcher(w, k, last, states, jsonata));
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

  private void retrier(String w, JsonNode r, boolean last) {
    problems.unknown(
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
    problems.integerAtLeast(w, r, "IntervalSeconds", 1);
    problems.integerAtLeast(w, r, "MaxAttempts", 0);
    problems.integerAtLeast(w, r, "MaxDelaySeconds", 1);
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
    problems.unknown(
        k,
        jsonata
            ? Set.of("ErrorEquals", "Next", "Output", "Assign", "Comment")
            : Set.of("ErrorEquals", "Next", "ResultPath", "Assign", "Comment"),
        w);
    errorEquals(w, k, last);
    if (!k.has("Next")) {
      problems.add(w + ": needs Next");
    } else {
      problems.transition(w, "Next", k.get("Next"), states);
    }
    if (!jsonata) {
      problems.referencePath(w, k, "ResultPath");
      problems.template(w, k, "Assign");
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
