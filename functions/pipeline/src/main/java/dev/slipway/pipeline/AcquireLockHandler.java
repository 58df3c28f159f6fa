package dev.slipway.pipeline;

import com.amazonaws.services.lambda.runtime.Context;
import dev.slipway.lambda.JsonStreamHandler;

/** The {@code AcquireLock} state: one running release per app; later ones wait their turn. */
public final class AcquireLockHandler extends JsonStreamHandler<LockRequest, LockResult> {
  public static final String TASK_NAME = "lock";

  private final AppLock lock;

  public AcquireLockHandler() {
    this(PipelineWiring.fromEnvironment().appLock());
  }

  public AcquireLockHandler(AppLock lock) {
    super(LockRequest.class);
    this.lock = lock;
  }

  @Override
  protected LockResult handle(LockRequest input, Context context) {
    return lock.acquire(input);
  }
}
