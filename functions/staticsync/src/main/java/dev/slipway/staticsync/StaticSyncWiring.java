package dev.slipway.staticsync;

import dev.slipway.store.S3Clients;
import java.time.Clock;
import java.util.Map;

/**
 * The static data sync's object graph: the app's buckets, opened per region (buckets and regions
 * come with each request).
 */
public final class StaticSyncWiring {
  private final Buckets buckets;

  /** A graph over given buckets. */
  public StaticSyncWiring(Buckets buckets) {
    this.buckets = buckets;
  }

  /**
   * The graph for the given function environment (see {@link StaticSyncConfig}): one S3 client per
   * region, built on first use. The sync reads no time, so {@code clock} is taken only for the
   * shape every wiring shares.
   */
  public static StaticSyncWiring fromEnvironment(Map<String, String> env, Clock clock) {
    StaticSyncConfig config = StaticSyncConfig.from(env);
    return new StaticSyncWiring(
        new S3Buckets(region -> S3Clients.create(region, config.endpoint())));
  }

  private static StaticSyncWiring instance;

  /**
   * The container's graph from its environment, built on first use (not at class load: a
   * configuration error reaches the caller as its named error).
   */
  public static synchronized StaticSyncWiring instance() {
    if (instance == null) {
      instance = fromEnvironment(System.getenv(), Clock.systemUTC());
    }
    return instance;
  }

  public StaticSyncService staticSyncService() {
    return new StaticSyncService(buckets);
  }
}
