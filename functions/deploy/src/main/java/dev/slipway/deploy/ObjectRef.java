package dev.slipway.deploy;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * One Kubernetes object by identity. {@code namespace} is null for cluster-scoped kinds.
 *
 * @param apiVersion e.g. {@code apps/v1}
 * @param kind e.g. {@code Deployment}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ObjectRef(String apiVersion, String kind, String namespace, String name) {

  /** The identity of a manifest or live object. */
  public static ObjectRef of(JsonNode object) {
    var metadata = object.path("metadata");
    var ns = metadata.path("namespace").asText("");
    return new ObjectRef(
        object.path("apiVersion").asText(),
        object.path("kind").asText(),
        ns.isEmpty() ? null : ns,
        metadata.path("name").asText());
  }

  /** {@code Kind/namespace/name} (or {@code Kind/name}), as people read it in errors. */
  @Override
  public String toString() {
    return namespace == null ? kind + "/" + name : kind + "/" + namespace + "/" + name;
  }
}
