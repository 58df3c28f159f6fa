package dev.slipway.manifests;

import com.amazonaws.services.lambda.runtime.Context;
import dev.slipway.lambda.JsonStreamHandler;
import dev.slipway.store.ArtifactStore;
import dev.slipway.store.S3ArtifactStore;
import dev.slipway.store.StoreConfig;

/**
 * The {@code manifests} state: release input in, rendered manifest keys per cluster out. Thin: the
 * work is in {@link ManifestService}.
 */
public final class ManifestsHandler extends JsonStreamHandler<ManifestRequest, ManifestResult> {
  public static final String TASK_NAME = "manifests";

  private final ManifestService service;

  /**
   * The Lambda runtime's constructor: the S3 store from {@link StoreConfig}, once per container.
   */
  public ManifestsHandler() {
    this(S3ArtifactStore.fromConfig(StoreConfig.fromEnvironment()));
  }

  /** A handler over a given artifact store (templates and config in, manifests and diffs out). */
  public ManifestsHandler(ArtifactStore store) {
    this(new ManifestService(store));
  }

  ManifestsHandler(ManifestService service) {
    super(ManifestRequest.class);
    this.service = service;
  }

  @Override
  protected ManifestResult handle(ManifestRequest input, Context context) {
    return service.generate(input);
  }
}
