package dev.slipway.reconcile;

import com.amazonaws.services.lambda.runtime.Context;
import dev.slipway.lambda.JsonStreamHandler;

/**
 * The {@code reconcile} function: invoked by the EventBridge rule on the release state machine's
 * status changes (TIMED_OUT, ABORTED, FAILED) with the event itself. Samples: {@code
 * events/reconcile/}.
 */
public final class ReconcileHandler extends JsonStreamHandler<StatusChangeEvent, ReconcileResult> {
  public static final String TASK_NAME = "reconcile";

  private final ReconcileService service;

  /** The Lambda entry point: builds the container's graph once. */
  public ReconcileHandler() {
    this(ReconcileWiring.fromEnvironment().reconcileService());
  }

  public ReconcileHandler(ReconcileService service) {
    super(StatusChangeEvent.class);
    this.service = service;
  }

  @Override
  protected ReconcileResult handle(StatusChangeEvent input, Context context) {
    return service.reconcile(input);
  }
}
