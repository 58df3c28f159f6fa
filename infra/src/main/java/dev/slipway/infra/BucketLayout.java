package dev.slipway.infra;

import java.util.List;

/**
 * The bucket's key patterns that IAM grants and lifecycle rules refer to. They mirror {@code
 * dev.slipway.store.Keys} (functions/store), which builds every key the functions use; infra does
 * not depend on it so that {@code cdk synth} needs no other Slipway module built first.
 */
final class BucketLayout {
  static final String CONFIG_PREFIX = "config/";
  static final String KUBECONFIGS_PREFIX = "kubeconfigs/";
  static final String ARTIFACTS_PREFIX = "artifacts/";

  static final String CONFIG = CONFIG_PREFIX + "*";
  static final String KUBECONFIGS = KUBECONFIGS_PREFIX + "*";
  static final String TEMPLATES = "templates/*";
  static final String ARTIFACTS = ARTIFACTS_PREFIX + "*";
  static final String APPROVALS = ARTIFACTS_PREFIX + "*/approvals/*";
  static final String DIFFS = ARTIFACTS_PREFIX + "*/diff/*";
  static final String CANARY_RESULTS = ARTIFACTS_PREFIX + "*/canary/*";
  static final String SNAPSHOTS = "snapshots/*";
  static final String RELEASES = "releases/*";
  static final String LOCKS = "locks/*";
  static final String ANNOTATION_JOURNALS = ARTIFACTS_PREFIX + "*/executions/*/annotation.json";
  static final String RECONCILED_MARKERS = ARTIFACTS_PREFIX + "*/executions/*/reconciled.json";

  /**
   * The webhook's delivery ledger ({@code webhooks/deliveries/...}, {@code webhooks/payloads/...}):
   * every delivery that started a release, kept as long as the release records (no lifecycle rule),
   * so that a captured delivery never starts anything again.
   */
  static final String WEBHOOK_DELIVERIES = "webhooks/*";

  /**
   * Diff, deploy, rollout and rollback share one role and so one set of grants: the configuration
   * (the deploy reads each app's confinement there), kubeconfigs and manifests to read, snapshots
   * (deploy writes, rollback reads), the diff report (diff writes).
   */
  static final List<S3Grant> CLUSTER_FUNCTION_GRANTS =
      List.of(
          S3Grant.get(CONFIG),
          S3Grant.get(KUBECONFIGS),
          S3Grant.get(ARTIFACTS),
          S3Grant.getPut(SNAPSHOTS),
          S3Grant.put(DIFFS));

  /** Lock and unlock share one role: both read, write and delete the app's lock object. */
  static final List<S3Grant> LOCK_FUNCTION_GRANTS = List.of(S3Grant.getPutDelete(LOCKS));

  /**
   * The reconciliation reads what the release left (config, kubeconfigs, snapshots, the journaled
   * annotation), appends to the record, releases the lock and keeps its own idempotency marker.
   */
  static final List<S3Grant> RECONCILE_FUNCTION_GRANTS =
      List.of(
          S3Grant.get(CONFIG),
          S3Grant.get(KUBECONFIGS),
          S3Grant.get(SNAPSHOTS),
          S3Grant.get(ANNOTATION_JOURNALS),
          S3Grant.getPutDelete(RECONCILED_MARKERS),
          S3Grant.getPut(RELEASES),
          S3Grant.getPutDelete(LOCKS));

  private BucketLayout() {}
}
