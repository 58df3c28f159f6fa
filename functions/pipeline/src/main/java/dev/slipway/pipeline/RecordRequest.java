package dev.slipway.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Map;

/**
 * The record state's input: everything the release did, as the state machine collected it.
 *
 * @param release the execution input (app, environment, build_num, commit, images, ...)
 * @param waves per wave: name, clusters, deploy and rollout results, canary verdict
 * @param failed on the failure path: the caught error, keyed by the state that failed
 */
public record RecordRequest(
    JsonNode release,
    String executionArn,
    Instant startedAt,
    JsonNode waves,
    JsonNode approval,
    JsonNode annotation,
    JsonNode rollback,
    Map<String, Caught> failed) {

  public RecordRequest {
    failed = failed == null ? Map.of() : Map.copyOf(failed);
  }

  String app() {
    return text("app");
  }

  String environment() {
    return text("environment");
  }

  String build() {
    String build = text("build_num");
    return build == null ? text("build") : build;
  }

  String text(String field) {
    JsonNode v = release == null ? null : release.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }
}
