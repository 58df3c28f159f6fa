package dev.slipway.deploy;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.deploy.kube.ClusterClient;
import dev.slipway.deploy.rollout.RolloutRule;
import dev.slipway.manifests.ConfinementCheck;
import dev.slipway.manifests.ObjectRef;
import dev.slipway.model.Json;
import dev.slipway.model.Name;
import dev.slipway.model.RetryableStepException;
import dev.slipway.model.SlipwayException;
import dev.slipway.model.TerminalStepException;
import dev.slipway.store.ArtifactStore;
import dev.slipway.store.Keys;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Applies a cluster's manifest with server-side apply (field manager {@code slipway}), tier by tier
 * in dependency order with bounded parallelism inside a tier, after snapshotting every target
 * object's live state to {@code snapshots/<app>/<cluster>/<execution>}.
 *
 * <p>Before anything is written, every object is checked against the app's confinement as
 * config/slipway.yaml sets it ({@link Confinements}; docs/configuration.md#confinement), with the
 * cluster's own API discovery saying which kinds are cluster-scoped: the manifest comes from S3,
 * and the manifests step's check is not the only line. One forbidden object and nothing is applied
 * ({@code Slipway.Manifest.Forbidden}).
 *
 * <p>Safe to retry: a retried deploy of the same execution keeps the first snapshot (the state
 * before any write), so rollback still restores what was there before the release.
 */
public final class DeployService {
  private final ArtifactStore store;
  private final Function<ClusterRef, ClusterClient> clusters;
  private final Confinements confinements;
  private final ExecutorService pool;
  private final Clock clock;

  public DeployService(
      ArtifactStore store,
      Function<ClusterRef, ClusterClient> clusters,
      Confinements confinements,
      ExecutorService pool,
      Clock clock) {
    this.store = store;
    this.clusters = clusters;
    this.confinements = confinements;
    this.pool = pool;
    this.clock = clock;
  }

  /**
   * @param app the app being released
   * @param execution the release's execution name (one snapshot per execution and cluster)
   * @param cluster where to apply
   * @param manifestKey the rendered manifest in the artifact store
   * @param force take over fields other field managers own (the app's {@code force}, default off)
   */
  public record Request(
      @Name String app,
      @Name String execution,
      ClusterRef cluster,
      String manifestKey,
      Boolean force) {}

  /**
   * What the deploy state returns. The state carries counts and keys, never the object list: a
   * cluster's objects would grow the state by about 265 bytes each, and Step Functions fails a
   * release whose state passes 256 KB ({@code States.DataLimitExceeded}, which no Catch sees).
   *
   * @param snapshotKey where the state before the release is (rollback reads it)
   * @param appliedKey where every applied object is, in apply order (JSON array of {@link
   *     AppliedObject}); null in the one-cluster rollout shape
   * @param applied how many objects were applied
   * @param created how many of them did not exist before this release
   * @param workloads the applied Deployments, StatefulSets and DaemonSets the rollout state polls,
   *     when there are at most {@link #WORKLOADS_IN_STATE}; null when there are more (the rollout
   *     reads them from {@code appliedKey})
   * @param objects every applied object, in apply order; never written to the state's JSON (read
   *     from it only in the one-cluster and rollback shapes, where the state lists the objects)
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Result(
      @Name String cluster,
      String snapshotKey,
      String appliedKey,
      Integer applied,
      Integer created,
      List<AppliedObject> workloads,
      @JsonProperty(access = JsonProperty.Access.WRITE_ONLY) List<AppliedObject> objects) {

    /** A result whose objects are all in the state (the rollout's one-cluster shape, tests). */
    public Result(String cluster, String snapshotKey, List<AppliedObject> objects) {
      this(cluster, snapshotKey, null, objects, objects);
    }

    Result(
        String cluster,
        String snapshotKey,
        String appliedKey,
        List<AppliedObject> objects,
        List<AppliedObject> workloadsFrom) {
      this(
          cluster,
          snapshotKey,
          appliedKey,
          objects.size(),
          (int) objects.stream().filter(AppliedObject::created).count(),
          workloadsOf(workloadsFrom),
          objects);
    }

    /** The workloads the rollout polls, from the state or (when there were many) from S3. */
    List<AppliedObject> workloads(ArtifactStore store) {
      if (workloads != null) {
        return workloads;
      }
      if (objects != null) {
        return workloadsOf(objects, Integer.MAX_VALUE);
      }
      if (appliedKey == null) {
        return List.of();
      }
      return workloadsOf(readApplied(store.get(appliedKey).body()), Integer.MAX_VALUE);
    }
  }

  /** At most this many workload refs ride in the state; more are read from S3 by the rollout. */
  public static final int WORKLOADS_IN_STATE = 20;

  static List<AppliedObject> workloadsOf(List<AppliedObject> objects) {
    var all = workloadsOf(objects, WORKLOADS_IN_STATE + 1);
    return all.size() > WORKLOADS_IN_STATE ? null : all;
  }

  private static List<AppliedObject> workloadsOf(List<AppliedObject> objects, int limit) {
    return objects.stream()
        .filter(o -> RolloutRule.WORKLOAD_KINDS.contains(o.kind()))
        .limit(limit)
        .toList();
  }

  /** {@code artifacts/<app>/<build>/manifests/<cluster>.applied.json}, beside the manifest. */
  static String appliedKey(String manifestKey) {
    return manifestKey.replaceFirst("\\.ya?ml$", "") + ".applied.json";
  }

  static List<AppliedObject> readApplied(byte[] body) {
    try {
      return List.of(Json.mapper().readValue(body, AppliedObject[].class));
    } catch (IOException e) {
      throw new TerminalStepException(
          "Slipway.Deploy.InvalidInput",
          "the deploy's list of applied objects is not readable JSON ("
              + e.getClass().getSimpleName()
              + "): run the release again.");
    }
  }

  public Result deploy(Request request) {
    require(request.app(), "app");
    require(request.execution(), "execution");
    require(request.manifestKey(), "manifestKey");
    if (request.cluster() == null) {
      throw ClusterErrors.invalidRef("the deploy input has no cluster");
    }
    var cluster = request.cluster().validated();
    var policy = confinements.of(request.app(), cluster.name());
    var client = clusters.apply(cluster);
    var objects = Manifest.parse(request.manifestKey(), store.get(request.manifestKey()).text());
    objects.stream()
        .filter(o -> "CustomResourceDefinition".equals(o.path("kind").asText()))
        .forEach(client::learn);
    for (var object : objects) {
      normaliseNamespace(client, cluster, object);
    }
    confine(request, policy, client, objects);
    var snapshotKey = snapshotKey(request.app(), cluster.name(), request.execution());
    var snapshot = snapshot(client, request, cluster, snapshotKey, objects);
    var existed = new LinkedHashMap<ObjectRef, Boolean>();
    snapshot.objects().forEach(e -> existed.put(e.ref(), e.live() != null));

    var force = Boolean.TRUE.equals(request.force());
    var applied = new ArrayList<AppliedObject>();
    for (var tier : Tiers.group(objects, o -> o.path("kind").asText(), false)) {
      var outcomes = Tiers.run(tier, pool, o -> client.apply(o, force));
      throwIfFailed(cluster.name(), outcomes);
      for (var outcome : outcomes) {
        var ref = ObjectRef.of(outcome.item());
        applied.add(AppliedObject.of(outcome.result(), !existed.getOrDefault(ref, false)));
      }
    }
    var appliedKey = appliedKey(request.manifestKey());
    store.put(appliedKey, bytes(applied), "application/json");
    return new Result(cluster.name(), snapshotKey, appliedKey, applied, applied);
  }

  /** Namespaced objects get the cluster's namespace when they name none; others lose theirs. */
  static void normaliseNamespace(ClusterClient client, ClusterRef cluster, ObjectNode object) {
    var metadata = object.with("metadata");
    if (client.namespaced(object.path("apiVersion").asText(), object.path("kind").asText())) {
      if (metadata.path("namespace").asText("").isEmpty()) {
        metadata.put("namespace", cluster.namespace());
      }
    } else {
      metadata.remove("namespace");
    }
  }

  /** Every object against the app's confinement, before the snapshot and the first write. */
  private static void confine(
      Request request, Confinements.Policy policy, ClusterClient client, List<ObjectNode> objects) {
    var check =
        new ConfinementCheck(
            request.app(),
            policy.confinement(),
            policy.namespace(),
            (apiVersion, kind) ->
                client.namespaced(apiVersion, kind)
                    ? ConfinementCheck.Scope.NAMESPACED
                    : ConfinementCheck.Scope.CLUSTER);
    for (int i = 0; i < objects.size(); i++) {
      check.check(
          objects.get(i),
          request.manifestKey() + " (object " + (i + 1) + ", checked again by the deploy)");
    }
  }

  private Snapshot snapshot(
      ClusterClient client,
      Request request,
      ClusterRef cluster,
      String key,
      List<ObjectNode> objects) {
    var previous = store.find(key);
    var entries = new LinkedHashMap<ObjectRef, Snapshot.Entry>();
    if (previous.isPresent()) {
      for (var entry : read(previous.get().body()).objects()) {
        entries.put(entry.ref(), entry);
      }
    }
    var missing = objects.stream().map(ObjectRef::of).filter(r -> !entries.containsKey(r)).toList();
    if (missing.isEmpty() && previous.isPresent()) {
      return read(previous.get().body());
    }
    for (var outcome : Tiers.run(missing, pool, ref -> client.get(ref).orElse(null))) {
      if (outcome.error() != null) {
        throw outcome.error();
      }
      entries.put(outcome.item(), new Snapshot.Entry(outcome.item(), outcome.result()));
    }
    var snapshot =
        new Snapshot(
            request.app(),
            cluster.name(),
            request.execution(),
            clock.instant(),
            new ArrayList<>(entries.values()));
    var body = bytes(snapshot);
    var written =
        previous.isPresent()
            ? store.putIfMatch(key, body, "application/json", previous.get().etag())
            : store.putIfAbsent(key, body, "application/json");
    if (written.isEmpty()) {
      throw new RetryableStepException(
          "Slipway.Deploy.SnapshotRace",
          "another deploy of execution "
              + request.execution()
              + " on cluster "
              + cluster.name()
              + " wrote the snapshot "
              + key
              + " at the same time. Slipway retries.");
    }
    return snapshot;
  }

  static Snapshot read(byte[] body) {
    try {
      return Json.mapper().readValue(body, Snapshot.class);
    } catch (IOException e) {
      throw new TerminalStepException(
          "Slipway.Rollback.Failed",
          "the snapshot is not readable JSON: " + e.getClass().getSimpleName());
    }
  }

  private static byte[] bytes(Object value) {
    try {
      return Json.mapper().writeValueAsBytes(value);
    } catch (IOException e) {
      throw new IllegalStateException("cannot serialise the snapshot", e);
    }
  }

  /** The first terminal failure of a tier (or the first retryable one), naming the others too. */
  static <T, R> void throwIfFailed(String cluster, List<Tiers.Outcome<T, R>> outcomes) {
    var failed = outcomes.stream().filter(o -> o.error() != null).toList();
    if (failed.isEmpty()) {
      return;
    }
    var first =
        failed.stream()
            .filter(o -> !o.error().retryable())
            .findFirst()
            .orElse(failed.get(0))
            .error();
    if (failed.size() == 1) {
      throw first;
    }
    var others =
        failed.stream()
            .map(Tiers.Outcome::error)
            .filter(e -> e != first)
            .map(SlipwayException::errorName)
            .collect(Collectors.joining(", "));
    var cause =
        first.causeText()
            + " ("
            + (failed.size() - 1)
            + " more failed in the same tier: "
            + others
            + ")";
    throw first.retryable()
        ? new RetryableStepException(first.errorName(), cause, first)
        : new TerminalStepException(first.errorName(), cause, first);
  }

  /** {@code snapshots/<app>/<cluster>/<execution>}; a name that cannot be a key is bad input. */
  static String snapshotKey(String app, String cluster, String execution) {
    try {
      return Keys.snapshot(app, cluster, execution);
    } catch (IllegalArgumentException e) {
      throw new TerminalStepException(
          "Slipway.Deploy.InvalidInput",
          "app, cluster and execution names must be usable as S3 key segments (no '/'): "
              + e.getMessage());
    }
  }

  private static void require(String value, String field) {
    if (value == null || value.isBlank()) {
      throw new TerminalStepException(
          "Slipway.Deploy.InvalidInput",
          "the deploy input has no " + field + ". Check the state machine's Parameters.");
    }
  }
}
