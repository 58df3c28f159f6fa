package dev.slipway.deploy;

import com.amazonaws.services.lambda.runtime.Context;
import dev.slipway.lambda.JsonStreamHandler;

/**
 * The {@code Diff} state: every cluster reachable, and what the release changes in each, as unified
 * diffs in S3 and counts for the approval request.
 */
public final class DiffHandler extends JsonStreamHandler<DiffService.Request, DiffService.Result> {
  public static final String TASK_NAME = "diff";

  private final DiffService service;

  /** The Lambda entry point: builds the container's graph once. */
  public DiffHandler() {
    this(DeployWiring.instance());
  }

  /**
   * A handler over a given graph, e.g. {@link DeployWiring#fromEnvironment(java.util.Map,
   * java.time.Clock)}.
   */
  public DiffHandler(DeployWiring wiring) {
    this(wiring.diffService());
  }

  DiffHandler(DiffService service) {
    super(DiffService.Request.class);
    this.service = service;
  }

  @Override
  protected DiffService.Result handle(DiffService.Request input, Context context) {
    return service.diff(input);
  }
}
