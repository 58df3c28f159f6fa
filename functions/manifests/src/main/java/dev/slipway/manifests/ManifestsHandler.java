package dev.slipway.manifests;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.slipway.model.Json;
import dev.slipway.store.ArtifactStore;
import dev.slipway.store.S3ArtifactStore;
import dev.slipway.store.StoreConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The {@code manifests} state: release input in, rendered manifest keys per cluster out. Thin: the
 * work is in {@link ManifestService}.
 */
public final class ManifestsHandler implements RequestStreamHandler {
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
    this.service = service;
  }

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context)
      throws IOException {
    ManifestRequest request = Json.mapper().readValue(input, ManifestRequest.class);
    Json.mapper().writeValue(output, service.generate(request));
  }
}
