package dev.slipway.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.model.Json;
import dev.slipway.model.Names;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The record state's input: the whole state of the execution at its end, as the state machine
 * carries it: the release request at the top, beside what each state added ({@code plan}, {@code
 * manifests}, {@code diff}, {@code approval}, {@code waves}, {@code rollback}, and on the failure
 * path {@code failed.<State>} and perhaps {@code rollbackFailure}).
 */
public record RecordRequest(JsonNode state, String executionArn, Instant startedAt) {
  /** What the states add at the top of the state; everything else is the release request. */
  private static final Set<String> ADDED =
      Set.of(
          "plan",
          "manifests",
          "diff",
          "staticSync",
          "approval",
          "waves",
          "rollback",
          "rollbackFailure",
          "failed",
          "annotationFailure",
          "outcome");

  /** The release request, without what the states added. */
  public JsonNode release() {
    ObjectNode release = Json.mapper().createObjectNode();
    if (state != null) {
      state
          .fields()
          .forEachRemaining(
              e -> {
                if (!ADDED.contains(e.getKey())) {
                  release.set(e.getKey(), e.getValue());
                }
              });
    }
    return release;
  }

  JsonNode at(String field) {
    JsonNode v = state == null ? null : state.get(field);
    return v == null || v.isNull() ? null : v;
  }

  /** The caught errors, keyed by the state whose Catch fired. */
  Map<String, Caught> failed() {
    Map<String, Caught> failed = new LinkedHashMap<>();
    JsonNode f = at("failed");
    if (f != null) {
      f.fields().forEachRemaining(e -> failed.put(e.getKey(), caught(e.getValue())));
    }
    return failed;
  }

  /** What the rollback's own Catch caught, or null. */
  Caught rollbackFailure() {
    JsonNode f = at("rollbackFailure");
    return f == null ? null : caught(f);
  }

  String app() {
    return text("app");
  }

  /**
   * Refuses a state that is not an object, or whose app, environment or build (the record's key and
   * its entry) is not a name: {@code Slipway.Input.Invalid} naming the field.
   */
  void checkNames() {
    if (state == null || !state.isObject()) {
      Names.check("state", null);
    }
    Names.check("state.app", textOnly("app"));
    Names.check("state.environment", textOnly("environment"));
    String build = state.has("build") && !state.has("build_num") ? "build" : "build_num";
    Names.check("state." + build, textOnly(build));
  }

  /** The field's text, or null when it is missing or not a JSON string. */
  private String textOnly(String field) {
    JsonNode v = at(field);
    return v != null && v.isTextual() ? v.asText() : null;
  }

  String environment() {
    return text("environment");
  }

  String build() {
    String build = text("build_num");
    return build == null ? text("build") : build;
  }

  String text(String field) {
    JsonNode v = at(field);
    return v == null ? null : v.asText();
  }

  private static Caught caught(JsonNode node) {
    return new Caught(
        node.path("Error").isNull() ? null : node.path("Error").asText(null),
        node.path("Cause").isNull() ? null : node.path("Cause").asText(null));
  }
}
