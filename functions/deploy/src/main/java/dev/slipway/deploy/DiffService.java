package dev.slipway.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.deploy.kube.ClusterClient;
import dev.slipway.manifests.LiveObjectSource;
import dev.slipway.manifests.ManifestDiffService;
import dev.slipway.manifests.ObjectRef;
import dev.slipway.model.Json;
import dev.slipway.model.Name;
import dev.slipway.store.ArtifactStore;
import dev.slipway.store.Keys;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The {@code Diff} state's work: for every cluster of the release, a server-side dry-run apply of
 * each rendered object compared with the live one, written as a unified diff to {@code
 * artifacts/<app>/<build>/diff/<cluster>.diff}. It is also the automated check that every cluster
 * is reachable with Slipway's credentials before anyone is asked to approve.
 */
public final class DiffService {
  private final ArtifactStore store;
  private final Function<ClusterRef, ClusterClient> clusters;

  public DiffService(ArtifactStore store, Function<ClusterRef, ClusterClient> clusters) {
    this.store = store;
    this.clusters = clusters;
  }

  /**
   * The release's app, build, environment and clusters. With the environment the diff also lists
   * the objects the live release there rendered and this one no longer does ({@code left}).
   */
  public record Request(
      @Name String app,
      @Name String build,
      @Name(required = false) String environment,
      List<ClusterRef> clusters) {}

  /** One cluster's counts and where its diff is. */
  public record ClusterSummary(
      String cluster, String key, int created, int changed, int unchanged, int left) {}

  /** The sums over all clusters, for the approval request and the release record. */
  public record Result(
      int created,
      int changed,
      int unchanged,
      int left,
      List<String> keys,
      List<ClusterSummary> clusters) {}

  public Result diff(Request request) {
    if (request.clusters() == null || request.clusters().isEmpty()) {
      throw ClusterErrors.invalidRef("the diff input names no cluster");
    }
    var diffs = new ManifestDiffService(store);
    Optional<String> liveBuild = liveBuild(request.app(), request.environment());
    List<ClusterSummary> summaries = new ArrayList<>();
    int created = 0;
    int changed = 0;
    int unchanged = 0;
    int left = 0;
    for (ClusterRef ref : request.clusters()) {
      ClusterRef cluster = ref.validated();
      ClusterClient client = clusters.apply(cluster);
      var d =
          diffs.diff(
              request.app(), request.build(), cluster.name(), liveBuild, live(client, cluster));
      summaries.add(
          new ClusterSummary(
              d.cluster(), d.key(), d.created(), d.changed(), d.unchanged(), d.left().size()));
      created += d.created();
      changed += d.changed();
      unchanged += d.unchanged();
      left += d.left().size();
    }
    return new Result(
        created,
        changed,
        unchanged,
        left,
        summaries.stream().map(ClusterSummary::key).toList(),
        summaries);
  }

  /**
   * The build live in {@code environment}: {@code live.build} of the release record {@code
   * releases/<app>/<env>.json}. Empty without an environment, a record or a live release, and when
   * the record cannot be read as JSON (the diff then only compares with the cluster).
   */
  private Optional<String> liveBuild(String app, String environment) {
    if (environment == null || environment.isBlank()) {
      return Optional.empty();
    }
    return store
        .find(Keys.release(app, environment))
        .flatMap(
            record -> {
              try {
                JsonNode build = Json.mapper().readTree(record.body()).path("live").path("build");
                return build.isTextual() ? Optional.of(build.asText()) : Optional.empty();
              } catch (java.io.IOException e) {
                return Optional.empty();
              }
            });
  }

  private static LiveObjectSource live(ClusterClient client, ClusterRef cluster) {
    return new LiveObjectSource() {
      @Override
      public JsonNode dryRun(String name, JsonNode rendered) {
        ObjectNode object = rendered.deepCopy();
        DeployService.normaliseNamespace(client, cluster, object);
        return client.dryRunApply(object);
      }

      @Override
      public Optional<JsonNode> live(String name, ObjectRef ref) {
        boolean namespaced = client.namespaced(ref.apiVersion(), ref.kind());
        String namespace =
            !namespaced
                ? null
                : ref.namespace() == null || ref.namespace().isBlank()
                    ? cluster.namespace()
                    : ref.namespace();
        return client.get(new ObjectRef(ref.apiVersion(), ref.kind(), namespace, ref.name()));
      }
    };
  }
}
