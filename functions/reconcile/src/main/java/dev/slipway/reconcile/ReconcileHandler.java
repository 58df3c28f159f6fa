package dev.slipway.reconcile;

import com.amazonaws.services.lambda.runtime.Context;
import dev.slipway.lambda.JsonStreamHandler;
import java.time.Duration;

/**
 * The {@code reconcile} function: invoked by the EventBridge rule on the release state machine's
 * status changes (TIMED_OUT, ABORTED, FAILED) with the event itself. Samples: {@code
 * events/reconcile/}.
 */
public final class ReconcileHandler extends JsonStreamHandler<StatusChangeEvent, ReconcileResult> {
  public static final String TASK_NAME = "reconcile";

  private final ReconcileService service;

  /**
   * The Lambda entry point: the container's graph, built once ({@link ReconcileWiring#instance()}).
   */
  public ReconcileHandler() {
    this(ReconcileWiring.instance());
  }

  /** A handler over a given graph, e.g. {@link ReconcileWiring#fromEnvironment}'s. */
  public ReconcileHandler(ReconcileWiring wiring) {
    this(wiring.reconcileService());
  }

  ReconcileHandler(ReconcileService service) {
    super(StatusChangeEvent.class);
    this.service = service;
  }

  @Override
  protected ReconcileResult handle(StatusChangeEvent input, Context context) {
    // the wait for the restored workloads must leave time to record: a timeout writes nothing
    return service.reconcile(
        input, context == null ? null : Duration.ofMillis(context.getRemainingTimeInMillis()));
  }
}
