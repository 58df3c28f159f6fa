package dev.slipway.deploy;

import com.amazonaws.services.lambda.runtime.Context;
import dev.slipway.lambda.JsonStreamHandler;

/**
 * The {@code rollout} state. One poll of a wave's rollout (every cluster of the wave in one call):
 * IN_PROGRESS, DONE or FAILED with the pods' reasons. Input and output samples: {@code
 * events/rollout/}.
 */
public final class RolloutHandler
    extends JsonStreamHandler<WaveRollout.Request, WaveRollout.Result> {
  public static final String TASK_NAME = "rollout";

  private final WaveRollout service;

  /** The Lambda entry point: builds the container's graph once. */
  public RolloutHandler() {
    this(DeployWiring.instance());
  }

  /**
   * A handler over a given graph, e.g. {@link DeployWiring#fromEnvironment(java.util.Map,
   * java.time.Clock)}.
   */
  public RolloutHandler(DeployWiring wiring) {
    this(wiring.waveRollout());
  }

  RolloutHandler(WaveRollout service) {
    super(WaveRollout.Request.class);
    this.service = service;
  }

  @Override
  protected WaveRollout.Result handle(WaveRollout.Request input, Context context) {
    return service.check(input);
  }
}
