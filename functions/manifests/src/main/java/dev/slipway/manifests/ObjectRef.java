package dev.slipway.manifests;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

/** Names one Kubernetes object: apiVersion, kind, namespace (may be null) and name. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ObjectRef(
    @JsonProperty("apiVersion") String apiVersion, String kind, String namespace, String name) {

  public static ObjectRef of(JsonNode object) {
    JsonNode metadata = object.path("metadata");
    return new ObjectRef(
        object.path("apiVersion").asText(null),
        object.path("kind").asText(null),
        metadata.path("namespace").asText(null),
        metadata.path("name").asText(null));
  }

  /** {@code Deployment/shop} or {@code Deployment/prod/shop}. */
  @JsonIgnore
  public String display() {
    return kind + "/" + (namespace == null ? "" : namespace + "/") + name;
  }

  /** Whether an override document (which need not repeat the namespace) targets this object. */
  boolean matches(ObjectRef target) {
    return target.kind.equals(kind)
        && target.name.equals(name)
        && (target.namespace == null || target.namespace.equals(namespace))
        && (target.apiVersion == null || target.apiVersion.equals(apiVersion));
  }
}
