package dev.slipway.local.executor;

/**
 * The local event bus of an executor: hears each execution's terminal status change (SUCCEEDED,
 * FAILED, TIMED_OUT, ABORTED), as an EventBridge rule on Step Functions' "Execution Status Change"
 * events would. Register one with {@link LocalExecutor.Builder#statusListener} or, after the
 * executor is built, {@link LocalExecutor#subscribe}; {@link
 * ExecutionStatusChange#toEventBridgeJson()} is the event an EventBridge target (a Lambda handler)
 * receives.
 *
 * <p>It is called once per execution, on the execution's thread, after the execution has ended (its
 * {@link Execution#status()} and {@link Execution#stopDate()} are final, so a listener may describe
 * it), in registration order. A listener that throws is logged and otherwise ignored: it never
 * changes the execution's outcome or stops the other listeners. Unlike EventBridge, delivery is
 * exactly once and synchronous; a listener that must survive its own failures (as a reconcile
 * function behind a retry policy and a dead-letter queue does) retries on its own.
 */
@FunctionalInterface
public interface ExecutionStatusListener {
  void onStatusChange(ExecutionStatusChange change);
}
