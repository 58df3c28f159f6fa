package dev.slipway.pipeline;

import com.amazonaws.services.lambda.runtime.Context;
import dev.slipway.lambda.JsonStreamHandler;

/** The {@code AcquireLock} state: one running release per app; later ones wait their turn. */
public final class AcquireLockHandler extends JsonStreamHandler<LockRequest, LockResult> {
  public static final String TASK_NAME = "lock";

  private final AppLock lock;

  /**
   * The Lambda entry point: the container's graph, built once ({@link PipelineWiring#instance()}).
   */
  public AcquireLockHandler() {
    this(PipelineWiring.instance());
  }

  /** A handler over a given graph, e.g. {@link PipelineWiring#fromEnvironment}'s. */
  public AcquireLockHandler(PipelineWiring wiring) {
    this(wiring.appLock());
  }

  AcquireLockHandler(AppLock lock) {
    super(LockRequest.class);
    this.lock = lock;
  }

  @Override
  protected LockResult handle(LockRequest input, Context context) {
    return lock.acquire(input);
  }
}
