package dev.slipway.deploy;

import com.amazonaws.services.lambda.runtime.Context;
import dev.slipway.lambda.JsonStreamHandler;

/**
 * The {@code rollout} state. One poll of a rollout: IN_PROGRESS, DONE or FAILED with the pods'
 * reasons. Input and output samples: {@code events/rollout/}.
 */
public final class RolloutHandler
    extends JsonStreamHandler<RolloutService.Request, dev.slipway.deploy.rollout.RolloutResult> {
  public static final String TASK_NAME = "rollout";

  private final RolloutService service;

  /** The Lambda entry point: builds the container's graph once. */
  public RolloutHandler() {
    this(DeployModule.instance());
  }

  /** A handler over a given graph, e.g. {@link DeployModule#fromEnvironment(java.util.Map)}. */
  public RolloutHandler(DeployModule module) {
    this(module.rolloutService());
  }

  RolloutHandler(RolloutService service) {
    super(RolloutService.Request.class);
    this.service = service;
  }

  @Override
  protected dev.slipway.deploy.rollout.RolloutResult handle(
      RolloutService.Request input, Context context) {
    return service.check(input);
  }
}
