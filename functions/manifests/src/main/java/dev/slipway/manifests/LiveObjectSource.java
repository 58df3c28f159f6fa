package dev.slipway.manifests;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * What the diff needs from a cluster. The Kubernetes adapter lives with the deploy function's
 * cluster access; tests use an in-memory source.
 */
public interface LiveObjectSource {

  /**
   * The object as the cluster would store it if {@code rendered} were applied now: a server-side
   * dry-run apply (field manager {@code slipway}), so that defaults and admission mutations do not
   * show up as changes. A source without a server returns {@code rendered} itself.
   */
  JsonNode dryRun(String cluster, JsonNode rendered);

  /** The object as it runs now, or empty when the cluster has no such object. */
  Optional<JsonNode> live(String cluster, ObjectRef ref);
}
