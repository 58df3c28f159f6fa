package dev.slipway.deploy;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.manifests.ObjectRef;

/**
 * One object as the API server stored it after an apply: what the rollout state polls.
 *
 * @param created true when the object did not exist before this release
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AppliedObject(
    String apiVersion,
    String kind,
    String namespace,
    String name,
    long generation,
    String uid,
    boolean created) {

  static AppliedObject of(JsonNode stored, boolean created) {
    var ref = ObjectRef.of(stored);
    var metadata = stored.path("metadata");
    return new AppliedObject(
        ref.apiVersion(),
        ref.kind(),
        ref.namespace(),
        ref.name(),
        metadata.path("generation").asLong(0),
        metadata.path("uid").asText(null),
        created);
  }

  public ObjectRef ref() {
    return new ObjectRef(apiVersion, kind, namespace, name);
  }
}
