package dev.slipway.deploy;

import com.amazonaws.services.lambda.runtime.Context;
import dev.slipway.lambda.JsonStreamHandler;

/**
 * The {@code rollback} state. Puts a cluster back as the deploy's snapshot found it. Input and
 * output samples: {@code events/rollback/}.
 */
public final class RollbackHandler
    extends JsonStreamHandler<RollbackService.Request, RollbackService.Result> {
  public static final String TASK_NAME = "rollback";

  private final RollbackService service;

  /** The Lambda entry point: builds the container's graph once. */
  public RollbackHandler() {
    this(DeployWiring.instance());
  }

  /**
   * A handler over a given graph, e.g. {@link DeployWiring#fromEnvironment(java.util.Map,
   * java.time.Clock)}.
   */
  public RollbackHandler(DeployWiring wiring) {
    this(wiring.rollbackService());
  }

  RollbackHandler(RollbackService service) {
    super(RollbackService.Request.class);
    this.service = service;
  }

  @Override
  protected RollbackService.Result handle(RollbackService.Request input, Context context) {
    return service.rollback(input);
  }
}
