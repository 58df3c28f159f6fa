package dev.slipway.deploy.kube;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.manifests.ObjectRef;
import java.util.List;
import java.util.Optional;

/**
 * The port to one Kubernetes cluster, over plain JSON objects. Every failure is a named Slipway
 * error: {@code Slipway.Cluster.Unreachable|Timeout|Unauthorized|Unavailable}, {@code
 * Slipway.Deploy.Rejected|Conflict}.
 */
public interface ClusterClient {

  /** Slipway's name for the cluster. */
  String cluster();

  /** The live object, or empty when there is none. */
  Optional<JsonNode> get(ObjectRef ref);

  /**
   * Server-side apply with field manager {@code slipway}; creates the object when missing.
   *
   * @param force take over fields another field manager owns
   * @return the object as the API server stored it
   */
  JsonNode apply(JsonNode object, boolean force);

  /**
   * A server-side dry-run apply ({@code dryRun=All}): the object as the cluster would store it,
   * with defaults and admission mutations, while nothing is stored.
   */
  JsonNode dryRunApply(JsonNode object);

  /** Deletes the object (foreground); false when it was already gone. */
  boolean delete(ObjectRef ref);

  /** Objects of a kind in a namespace, filtered by label and field selectors (null for none). */
  List<JsonNode> list(
      String apiVersion, String kind, String namespace, String labelSelector, String fieldSelector);

  /** Whether objects of this kind live in a namespace. */
  boolean namespaced(String apiVersion, String kind);

  /** Teaches the kinds a CustomResourceDefinition defines, before the cluster knows them. */
  void learn(JsonNode customResourceDefinition);
}
