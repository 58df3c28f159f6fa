package dev.slipway.annotate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.model.Json;
import dev.slipway.store.ArtifactStore;
import dev.slipway.store.Keys;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The annotation journal in the artifact bucket: {@code
 * artifacts/<app>/<build>/executions/<execution>/annotation.json}, {@code {"annotationId": n,
 * ...}}.
 */
public final class StoredAnnotationJournal implements AnnotationJournal {
  private final ArtifactStore store;

  public StoredAnnotationJournal(ArtifactStore store) {
    this.store = store;
  }

  @Override
  public void opened(AnnotateRequest request, long annotationId) {
    opened(request, annotationId, Map.of());
  }

  /** Also {@code "annotationIds": {"<cluster>": n, ...}}; {@code annotationId} is the first. */
  @Override
  public void opened(AnnotateRequest request, Map<String, Long> perCluster) {
    opened(request, perCluster.values().iterator().next(), perCluster);
  }

  private void opened(AnnotateRequest request, long annotationId, Map<String, Long> perCluster) {
    String execution = executionName(request.executionArn());
    if (request.app() == null || request.build() == null || execution == null) {
      return; // not a release execution (a manual invoke): nothing to reconcile later
    }
    ObjectNode body = Json.mapper().createObjectNode();
    body.put("annotationId", annotationId);
    if (!perCluster.isEmpty()) {
      ObjectNode ids = body.putObject("annotationIds");
      perCluster.forEach(ids::put);
    }
    body.put("executionArn", request.executionArn());
    body.put("app", request.app());
    body.put("build", request.build());
    body.put("environment", request.environment());
    try {
      store.put(
          Keys.annotation(request.app(), request.build(), execution),
          Json.mapper().writeValueAsBytes(body),
          "application/json");
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public Map<String, Long> openedPerCluster(AnnotateRequest request) {
    String execution = executionName(request.executionArn());
    if (request.app() == null || request.build() == null || execution == null) {
      return Map.of();
    }
    Map<String, Long> ids = new LinkedHashMap<>();
    read(store, request.app(), request.build(), execution)
        .map(journal -> journal.path("annotationIds"))
        .filter(JsonNode::isObject)
        .ifPresent(
            node ->
                node.fields()
                    .forEachRemaining(
                        e -> {
                          if (e.getValue().canConvertToLong()) {
                            ids.put(e.getKey(), e.getValue().asLong());
                          }
                        }));
    return ids;
  }

  /** The id the execution's start annotation got, when it was journaled and is readable. */
  public static Optional<Long> find(
      ArtifactStore store, String app, String build, String execution) {
    return read(store, app, build, execution)
        .map(journal -> journal.get("annotationId"))
        .filter(id -> id != null && id.canConvertToLong())
        .map(JsonNode::asLong);
  }

  private static Optional<JsonNode> read(
      ArtifactStore store, String app, String build, String execution) {
    return store
        .find(Keys.annotation(app, build, execution))
        .flatMap(
            o -> {
              try {
                return Optional.ofNullable(Json.mapper().readTree(o.body()));
              } catch (IOException e) {
                return Optional.empty();
              }
            });
  }

  /** {@code arn:aws:states:<region>:<account>:execution:<machine>:<name>} → its name, else null. */
  static String executionName(String executionArn) {
    if (executionArn == null) {
      return null;
    }
    String[] parts = executionArn.split(":");
    return parts.length >= 8 && parts[5].equals("execution") && !parts[7].isBlank()
        ? parts[7]
        : null;
  }
}
