package dev.slipway.deploy;

import com.amazonaws.services.lambda.runtime.Context;
import dev.slipway.lambda.JsonStreamHandler;

/**
 * The {@code deploy} state. Applies a cluster's manifest with server-side apply, after snapshotting
 * the live objects. Input and output samples: {@code events/deploy/}.
 */
public final class DeployHandler
    extends JsonStreamHandler<DeployService.Request, DeployService.Result> {
  public static final String TASK_NAME = "deploy";

  private final DeployService service;

  /** The Lambda entry point: builds the container's graph once. */
  public DeployHandler() {
    this(DeployWiring.instance());
  }

  /**
   * A handler over a given graph, e.g. {@link DeployWiring#fromEnvironment(java.util.Map,
   * java.time.Clock)}.
   */
  public DeployHandler(DeployWiring wiring) {
    this(wiring.deployService());
  }

  DeployHandler(DeployService service) {
    super(DeployService.Request.class);
    this.service = service;
  }

  @Override
  protected DeployService.Result handle(DeployService.Request input, Context context) {
    return service.deploy(input);
  }
}
