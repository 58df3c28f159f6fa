package dev.slipway.annotate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.model.Json;
import dev.slipway.store.ArtifactStore;
import dev.slipway.store.Keys;
import java.io.IOException;
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
    String execution = executionName(request.executionArn());
    if (request.app() == null || request.build() == null || execution == null) {
      return; // not a release execution (a manual invoke): nothing to reconcile later
    }
    ObjectNode body = Json.mapper().createObjectNode();
    body.put("annotationId", annotationId);
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

  /** The id the execution's start annotation got, when it was journaled and is readable. */
  public static Optional<Long> find(
      ArtifactStore store, String app, String build, String execution) {
    return store
        .find(Keys.annotation(app, build, execution))
        .flatMap(
            o -> {
              try {
                JsonNode id = Json.mapper().readTree(o.body()).get("annotationId");
                return id != null && id.canConvertToLong()
                    ? Optional.of(id.asLong())
                    : Optional.empty();
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
