package dev.slipway.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.deploy.kube.ClusterClient;
import dev.slipway.deploy.rollout.RolloutResult;
import dev.slipway.manifests.ObjectRef;
import dev.slipway.model.Name;
import dev.slipway.model.RetryableStepException;
import dev.slipway.model.TerminalStepException;
import dev.slipway.store.ArtifactStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.function.Function;

/**
 * Puts a cluster back as the snapshot found it: objects the release changed are re-applied from the
 * snapshot (server-side apply, forced: the old state wins); objects the release created are
 * deleted. Objects that are already as the snapshot left them are not touched, so rolling back
 * twice is harmless. Every object is tried; what could not be restored is named in {@code
 * Slipway.Rollback.Failed}.
 */
public final class RollbackService {
  private static final List<String> SERVER_FIELDS =
      List.of(
          "uid",
          "resourceVersion",
          "generation",
          "creationTimestamp",
          "managedFields",
          "selfLink",
          "deletionTimestamp",
          "deletionGracePeriodSeconds");

  private final ArtifactStore store;
  private final Function<ClusterRef, ClusterClient> clusters;
  private final ExecutorService pool;

  public RollbackService(
      ArtifactStore store, Function<ClusterRef, ClusterClient> clusters, ExecutorService pool) {
    this.store = store;
    this.clusters = clusters;
    this.pool = pool;
  }

  /**
   * @param snapshotKey the deploy's snapshot (default {@code
   *     snapshots/<app>/<cluster>/<execution>})
   */
  public record Request(
      @Name String app, @Name String execution, ClusterRef cluster, String snapshotKey) {}

  /**
   * @param objects what was re-applied: the rollout state polls them until the old version is back
   * @param deleted objects the release had created
   * @param unchanged objects already as the snapshot has them
   */
  public record Result(
      String cluster,
      String snapshotKey,
      List<AppliedObject> objects,
      List<ObjectRef> deleted,
      List<ObjectRef> unchanged,
      String message) {}

  private enum Action {
    RESTORED,
    DELETED,
    UNCHANGED
  }

  private record Done(Action action, AppliedObject applied) {}

  public Result rollback(Request request) {
    if (request.cluster() == null) {
      throw ClusterErrors.invalidRef("the rollback input has no cluster");
    }
    var cluster = request.cluster().validated();
    var key =
        request.snapshotKey() != null && !request.snapshotKey().isBlank()
            ? request.snapshotKey()
            : DeployService.snapshotKey(request.app(), cluster.name(), request.execution());
    var stored = store.find(key);
    if (stored.isEmpty()) {
      // the deploy writes its snapshot before its first write: no snapshot, nothing was changed
      return new Result(
          cluster.name(),
          key,
          List.of(),
          List.of(),
          List.of(),
          "no snapshot at "
              + key
              + ": the deploy changed nothing on this cluster, so there is nothing to roll back");
    }
    var snapshot = DeployService.read(stored.get().body());
    var client = clusters.apply(cluster);
    var restores = snapshot.objects().stream().filter(e -> e.live() != null).toList();
    var deletes = snapshot.objects().stream().filter(e -> e.live() == null).toList();

    var restored = new ArrayList<AppliedObject>();
    var deleted = new ArrayList<ObjectRef>();
    var unchanged = new ArrayList<ObjectRef>();
    var failures = new ArrayList<String>();
    var allRetryable = true;
    var tiers = new ArrayList<List<Snapshot.Entry>>();
    tiers.addAll(Tiers.group(restores, e -> e.ref().kind(), false));
    tiers.addAll(Tiers.group(deletes, e -> e.ref().kind(), true));
    for (var tier : tiers) {
      for (var outcome : Tiers.run(tier, pool, entry -> restore(client, entry))) {
        var ref = outcome.item().ref();
        if (outcome.error() != null) {
          failures.add(ref + " (" + outcome.error().getMessage() + ")");
          allRetryable &= outcome.error().retryable();
          continue;
        }
        switch (outcome.result().action()) {
          case RESTORED -> restored.add(outcome.result().applied());
          case DELETED -> deleted.add(ref);
          case UNCHANGED -> unchanged.add(ref);
        }
      }
    }
    if (!failures.isEmpty()) {
      var cause =
          "cluster '"
              + cluster.name()
              + "': "
              + failures.size()
              + " object(s) could not be put back and may still be on the new version: "
              + String.join("; ", failures)
              + ". Fix the cause, then roll back again (it is safe to repeat), or restore them"
              + " by hand from the snapshot "
              + key
              + ".";
      throw allRetryable
          ? new RetryableStepException(ClusterErrors.ROLLBACK_FAILED, cause)
          : new TerminalStepException(ClusterErrors.ROLLBACK_FAILED, cause);
    }
    return new Result(
        cluster.name(),
        key,
        restored,
        deleted,
        unchanged,
        "restored "
            + restored.size()
            + ", deleted "
            + deleted.size()
            + ", unchanged "
            + unchanged.size());
  }

  /**
   * One poll of the workloads a rollback re-applied, with the deploy's rollout check (the state
   * machine's {@code CheckRollback}): DONE once they run the snapshot's version again. Never waits,
   * and sets no deadline: the caller decides how long to poll.
   */
  public RolloutResult readiness(ClusterRef cluster, Result rolledBack) {
    return new RolloutService(clusters, Clock.systemUTC())
        .check(new RolloutService.Request(cluster, rolledBack.objects(), null));
  }

  private Done restore(ClusterClient client, Snapshot.Entry entry) {
    var current = client.get(entry.ref()).orElse(null);
    if (entry.live() == null) {
      if (current == null) {
        return new Done(Action.UNCHANGED, null);
      }
      client.delete(entry.ref());
      return new Done(Action.DELETED, null);
    }
    if (current != null && sameVersion(current, entry.live())) {
      return new Done(Action.UNCHANGED, null);
    }
    var stored = client.apply(applicable(entry.live()), true);
    return new Done(Action.RESTORED, AppliedObject.of(stored, current == null));
  }

  private static boolean sameVersion(JsonNode current, JsonNode snapshot) {
    var rv = snapshot.path("metadata").path("resourceVersion").asText("");
    return !rv.isEmpty()
        && Objects.equals(rv, current.path("metadata").path("resourceVersion").asText(""));
  }

  /** The snapshot as an apply body: what the server fills in (uid, versions, status) removed. */
  static ObjectNode applicable(JsonNode live) {
    var copy = (ObjectNode) live.deepCopy();
    copy.remove("status");
    var metadata = copy.with("metadata");
    SERVER_FIELDS.forEach(metadata::remove);
    return copy;
  }
}
