package dev.slipway.manifests;

import dev.slipway.store.ArtifactStore;
import dev.slipway.store.S3ArtifactStore;
import dev.slipway.store.StoreConfig;
import java.time.Clock;
import java.util.Map;

/**
 * The manifests function's object graph: the artifact store its templates and config come from and
 * its manifests and diffs go to.
 */
public final class ManifestsWiring {
  private final ArtifactStore store;

  /** A graph over a given artifact store. */
  public ManifestsWiring(ArtifactStore store) {
    this.store = store;
  }

  /**
   * The graph for the given function environment (the S3 store of {@link StoreConfig}). The
   * rendering reads no time, so {@code clock} is taken only for the shape every wiring shares.
   */
  public static ManifestsWiring fromEnvironment(Map<String, String> env, Clock clock) {
    return new ManifestsWiring(S3ArtifactStore.fromConfig(StoreConfig.from(env)));
  }

  private static ManifestsWiring instance;

  /**
   * The container's graph from its environment, built on first use (not at class load: a
   * configuration error reaches the caller as its named error).
   */
  public static synchronized ManifestsWiring instance() {
    if (instance == null) {
      instance = fromEnvironment(System.getenv(), Clock.systemUTC());
    }
    return instance;
  }

  public ManifestService manifestService() {
    return new ManifestService(store);
  }
}
