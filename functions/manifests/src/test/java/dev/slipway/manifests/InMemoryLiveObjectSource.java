package dev.slipway.manifests;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** A cluster in memory: live objects by cluster and ref; the dry run returns the object as is. */
final class InMemoryLiveObjectSource implements LiveObjectSource {
  private final Map<String, JsonNode> objects = new HashMap<>();

  InMemoryLiveObjectSource put(String cluster, JsonNode object) {
    objects.put(id(cluster, ObjectRef.of(object)), object);
    return this;
  }

  @Override
  public JsonNode dryRun(String cluster, JsonNode rendered) {
    return rendered;
  }

  @Override
  public Optional<JsonNode> live(String cluster, ObjectRef ref) {
    return Optional.ofNullable(objects.get(id(cluster, ref)));
  }

  private static String id(String cluster, ObjectRef ref) {
    return cluster
        + "|"
        + ref.apiVersion()
        + "|"
        + ref.kind()
        + "|"
        + ref.namespace()
        + "|"
        + ref.name();
  }
}
