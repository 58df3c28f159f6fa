package dev.slipway.pipeline;

import com.amazonaws.services.lambda.runtime.Context;
import dev.slipway.lambda.JsonStreamHandler;

/**
 * The {@code ReleaseLock} state (task {@code unlock}): gives the app's lock back, on every way out
 * of a release.
 */
public final class UnlockHandler extends JsonStreamHandler<LockRequest, LockResult> {
  public static final String TASK_NAME = "unlock";

  private final AppLock lock;

  /**
   * The Lambda entry point: the container's graph, built once ({@link PipelineWiring#instance()}).
   */
  public UnlockHandler() {
    this(PipelineWiring.instance());
  }

  /** A handler over a given graph, e.g. {@link PipelineWiring#fromEnvironment}'s. */
  public UnlockHandler(PipelineWiring wiring) {
    this(wiring.appLock());
  }

  UnlockHandler(AppLock lock) {
    super(LockRequest.class);
    this.lock = lock;
  }

  @Override
  protected LockResult handle(LockRequest input, Context context) {
    return lock.release(input);
  }
}
