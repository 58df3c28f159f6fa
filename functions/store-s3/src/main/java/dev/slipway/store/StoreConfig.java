package dev.slipway.store;

import java.net.URI;
import java.util.Map;
import java.util.Optional;

/**
 * Where the artifact bucket is, read once per container from the environment.
 *
 * <ul>
 *   <li>{@code SLIPWAY_BUCKET} (required): the artifact bucket;
 *   <li>{@code AWS_REGION} (required, Lambda sets it): the bucket's region;
 *   <li>{@code SLIPWAY_S3_ENDPOINT} (optional): an S3-compatible endpoint (the embedded S3 of
 *       {@code slipway run}, LocalStack, MinIO); path-style addressing is used with it.
 * </ul>
 */
public record StoreConfig(String bucket, String region, Optional<URI> endpoint) {
  public static final String BUCKET = "SLIPWAY_BUCKET";
  public static final String REGION = "AWS_REGION";
  public static final String ENDPOINT = "SLIPWAY_S3_ENDPOINT";

  public StoreConfig {
    if (bucket == null || bucket.isBlank()) {
      throw ArtifactErrors.notConfigured(BUCKET, "set it to the artifact bucket's name");
    }
    if (region == null || region.isBlank()) {
      throw ArtifactErrors.notConfigured(REGION, "set it to the artifact bucket's region");
    }
    endpoint = endpoint == null ? Optional.empty() : endpoint;
  }

  /** Reads the process environment. */
  public static StoreConfig fromEnvironment() {
    return from(System.getenv());
  }

  /** Reads the given variables (tests pass a map). */
  public static StoreConfig from(Map<String, String> env) {
    String endpoint = env.get(ENDPOINT);
    return new StoreConfig(
        env.get(BUCKET),
        env.get(REGION),
        endpoint == null || endpoint.isBlank()
            ? Optional.empty()
            : Optional.of(URI.create(endpoint.trim())));
  }
}
