package dev.slipway.manifests;

import com.amazonaws.services.lambda.runtime.Context;
import dev.slipway.lambda.JsonStreamHandler;

/**
 * The {@code manifests} state: release input in, rendered manifest keys per cluster out. Thin: the
 * work is in {@link ManifestService}.
 */
public final class ManifestsHandler extends JsonStreamHandler<ManifestRequest, ManifestResult> {
  public static final String TASK_NAME = "manifests";

  private final ManifestService service;

  /**
   * The Lambda entry point: the container's graph, built once ({@link ManifestsWiring#instance()}).
   */
  public ManifestsHandler() {
    this(ManifestsWiring.instance());
  }

  /** A handler over a given graph, e.g. {@link ManifestsWiring#fromEnvironment}'s. */
  public ManifestsHandler(ManifestsWiring wiring) {
    this(wiring.manifestService());
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
