package dev.slipway.deploy;

/**
 * The {@code rollout} state. One poll of a rollout: IN_PROGRESS, DONE or FAILED with the pods'
 * reasons. Input and output samples: {@code events/rollout/}.
 */
public final class RolloutHandler
    extends JsonHandler<RolloutService.Request, dev.slipway.deploy.rollout.RolloutResult> {
  public static final String TASK_NAME = "rollout";

  private final RolloutService service;

  /** The Lambda entry point: builds the container's graph once. */
  public RolloutHandler() {
    this(DeployModule.instance().rolloutService());
  }

  RolloutHandler(RolloutService service) {
    super(RolloutService.Request.class);
    this.service = service;
  }

  @Override
  dev.slipway.deploy.rollout.RolloutResult handle(RolloutService.Request input) {
    return service.check(input);
  }
}
