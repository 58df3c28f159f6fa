package dev.slipway.reconcile;

import java.util.List;

/**
 * What the reconciliation did with one status-change event.
 *
 * @param action {@code reconciled}; {@code duplicate} (another delivery of the same event already
 *     reconciled it); {@code already-recorded} (the execution ended through its own record state,
 *     so only a lock it still held is released); {@code ignored} (a status or an execution there is
 *     nothing to do for)
 * @param outcome the record's status: {@code timed-out}, {@code aborted} or {@code failed}; null
 *     unless reconciled
 * @param rolledBack the clusters put back from their snapshot
 * @param rollbackFailures per cluster, what could not be put back
 * @param rollbackSkipped why nothing was rolled back although the release wrote to clusters (a
 *     newer release of the app), or null
 */
public record ReconcileResult(
    String executionArn,
    String action,
    String outcome,
    String recordKey,
    String lastState,
    List<String> rolledBack,
    List<String> rollbackFailures,
    String rollbackSkipped,
    boolean annotationClosed,
    boolean lockReleased,
    boolean notified,
    String message) {

  public ReconcileResult {
    rolledBack = rolledBack == null ? List.of() : List.copyOf(rolledBack);
    rollbackFailures = rollbackFailures == null ? List.of() : List.copyOf(rollbackFailures);
  }

  static ReconcileResult nothing(String executionArn, String action, String message) {
    return new ReconcileResult(
        executionArn, action, null, null, null, null, null, null, false, false, false, message);
  }
}
