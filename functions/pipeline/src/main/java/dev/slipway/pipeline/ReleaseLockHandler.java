package dev.slipway.pipeline;

import com.amazonaws.services.lambda.runtime.Context;
import dev.slipway.lambda.JsonStreamHandler;

/** The {@code ReleaseLock} state: gives the app's lock back, on every way out of a release. */
public final class ReleaseLockHandler extends JsonStreamHandler<LockRequest, LockResult> {
  public static final String TASK_NAME = "unlock";

  private final AppLock lock;

  public ReleaseLockHandler() {
    this(PipelineWiring.fromEnvironment().appLock());
  }

  public ReleaseLockHandler(AppLock lock) {
    super(LockRequest.class);
    this.lock = lock;
  }

  @Override
  protected LockResult handle(LockRequest input, Context context) {
    return lock.release(input);
  }
}
