package dev.slipway.manifests;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * One Kubernetes object by identity, the one reference the manifests and deploy modules share.
 *
 * <p>The null rule: a field that is absent or empty is {@code null}, never {@code ""}. So {@code
 * namespace} is null for a cluster-scoped object (and for a namespaced one whose manifest leaves
 * the namespace to the cluster's default); in an override target, a null {@code apiVersion} or
 * {@code namespace} matches any. Null fields are left out of the JSON form, which keeps stored
 * snapshots readable both ways.
 *
 * @param apiVersion e.g. {@code apps/v1}
 * @param kind e.g. {@code Deployment}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ObjectRef(
    @JsonProperty("apiVersion") String apiVersion, String kind, String namespace, String name) {

  public ObjectRef {
    apiVersion = nullIfEmpty(apiVersion);
    kind = nullIfEmpty(kind);
    namespace = nullIfEmpty(namespace);
    name = nullIfEmpty(name);
  }

  /** The identity of a manifest or live object. */
  public static ObjectRef of(JsonNode object) {
    JsonNode metadata = object.path("metadata");
    return new ObjectRef(
        object.path("apiVersion").asText(null),
        object.path("kind").asText(null),
        metadata.path("namespace").asText(null),
        metadata.path("name").asText(null));
  }

  /** {@code Deployment/shop} or {@code Deployment/prod/shop}, as people read it in errors. */
  @JsonIgnore
  public String display() {
    return kind + "/" + (namespace == null ? "" : namespace + "/") + name;
  }

  @Override
  public String toString() {
    return display();
  }

  /** Whether an override document (which need not repeat the namespace) targets this object. */
  boolean matches(ObjectRef target) {
    return target.kind.equals(kind)
        && target.name.equals(name)
        && (target.namespace == null || target.namespace.equals(namespace))
        && (target.apiVersion == null || target.apiVersion.equals(apiVersion));
  }

  private static String nullIfEmpty(String value) {
    return value == null || value.isEmpty() ? null : value;
  }
}
