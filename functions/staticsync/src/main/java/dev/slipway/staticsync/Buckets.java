package dev.slipway.staticsync;

import dev.slipway.store.ArtifactStore;

/**
 * Opens a bucket in a region as an {@link ArtifactStore}. Static data lives in the app's buckets,
 * often one per region, so the sync needs a client per region rather than the one artifact bucket.
 */
@FunctionalInterface
public interface Buckets {
  ArtifactStore open(String bucket, String region);
}
