package dev.slipway.staticsync;

import java.net.URI;
import java.util.Map;
import java.util.Optional;

/**
 * The sync's settings from the environment: only {@code SLIPWAY_S3_ENDPOINT} (optional, an
 * S3-compatible endpoint for every region, e.g. the embedded one of {@code slipway run}). Buckets
 * and regions come with each request.
 */
public record StaticSyncConfig(Optional<URI> endpoint) {
  public static final String ENDPOINT = "SLIPWAY_S3_ENDPOINT";

  public static StaticSyncConfig from(Map<String, String> env) {
    String endpoint = env.get(ENDPOINT);
    return new StaticSyncConfig(
        endpoint == null || endpoint.isBlank()
            ? Optional.empty()
            : Optional.of(URI.create(endpoint.trim())));
  }
}
