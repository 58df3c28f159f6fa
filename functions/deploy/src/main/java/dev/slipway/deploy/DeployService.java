package dev.slipway.deploy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.deploy.kube.ClusterClient;
import dev.slipway.manifests.ConfinementCheck;
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
   * @param snapshotKey where the state before the release is (rollback reads it)
   * @param objects every applied object, in apply order; the rollout state polls them
   */
  public record Result(@Name String cluster, String snapshotKey, List<AppliedObject> objects) {}

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
    return new Result(cluster.name(), snapshotKey, applied);
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

  private static byte[] bytes(Snapshot snapshot) {
    try {
      return Json.mapper().writeValueAsBytes(snapshot);
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
