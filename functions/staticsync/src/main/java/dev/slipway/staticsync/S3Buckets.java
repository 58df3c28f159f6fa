package dev.slipway.staticsync;

import dev.slipway.store.ArtifactStore;
import dev.slipway.store.S3ArtifactStore;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import software.amazon.awssdk.services.s3.S3Client;

/** {@link Buckets} on S3: one client per region, built on first use and kept for the container. */
public final class S3Buckets implements Buckets {
  private final Function<String, S3Client> clientForRegion;
  private final Map<String, S3Client> clients = new ConcurrentHashMap<>();

  /**
   * @param clientForRegion builds the client of one region (production: {@code
   *     S3Clients.create(region, endpoint)})
   */
  public S3Buckets(Function<String, S3Client> clientForRegion) {
    this.clientForRegion = clientForRegion;
  }

  @Override
  public ArtifactStore open(String bucket, String region) {
    return new S3ArtifactStore(clients.computeIfAbsent(region, clientForRegion), bucket);
  }
}
