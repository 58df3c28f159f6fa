package dev.slipway.manifests;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.slipway.store.ArtifactStore;
import dev.slipway.store.Keys;
import dev.slipway.store.StoredObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Diffs one cluster's rendered manifest against what runs there and writes the unified diff to
 * {@code artifacts/<app>/<build>/diff/<cluster>.diff}. The summary (created / changed / unchanged /
 * left) goes to the approval request and the release record.
 *
 * <p>"Left" are the objects the live release rendered that this one no longer renders and that
 * still run in the cluster: Slipway never deletes them, so the diff says so, and names them, rather
 * than letting an approver believe they go away.
 */
public final class ManifestDiffService {
  private final ArtifactStore store;

  public ManifestDiffService(ArtifactStore store) {
    this.store = store;
  }

  /**
   * One cluster's diff: where it is written, the counts, each object's outcome, and the objects
   * left in the cluster.
   */
  public record ClusterDiff(
      String cluster,
      String key,
      int created,
      int changed,
      int unchanged,
      List<ManifestDiff.ObjectDiff> objects,
      List<ObjectRef> left) {}

  /** The diff against the cluster alone, without a live release to compare with. */
  public ClusterDiff diff(String app, String build, String cluster, LiveObjectSource live) {
    return diff(app, build, cluster, Optional.empty(), live);
  }

  /**
   * The diff, and the objects build {@code liveBuild} (the release live in this environment)
   * rendered for this cluster that this build does not and that the cluster still runs.
   */
  public ClusterDiff diff(
      String app, String build, String cluster, Optional<String> liveBuild, LiveObjectSource live) {
    String manifestKey = Keys.manifest(app, build, cluster);
    var documents = Yaml.documents(manifestKey, store.get(manifestKey).text());
    var objects = new ArrayList<ManifestDiff.ObjectDiff>();
    var text = new StringBuilder();
    int created = 0;
    int changed = 0;
    for (Yaml.Document document : documents) {
      ObjectRef ref = document.ref();
      var outcome =
          ManifestDiff.compare(
              ref, live.dryRun(cluster, document.object()), live.live(cluster, ref));
      objects.add(outcome);
      text.append(outcome.diff());
      switch (outcome.change()) {
        case CREATED -> created++;
        case CHANGED -> changed++;
        case UNCHANGED -> {}
      }
    }
    List<ObjectRef> left =
        liveBuild
            .filter(b -> !b.equals(build))
            .map(b -> left(app, b, cluster, documents, live))
            .orElse(List.of());
    if (!left.isEmpty()) {
      text.append("# Left in the cluster: rendered by build ")
          .append(liveBuild.get())
          .append(", not by this one. Slipway does not delete\n")
          .append("# objects: remove them with kubectl once nothing needs them.\n");
      left.forEach(
          ref ->
              text.append("#   ")
                  .append(ref.apiVersion())
                  .append(' ')
                  .append(ref.display())
                  .append('\n'));
    }
    String key = Keys.diff(app, build, cluster);
    store.put(key, text.toString().getBytes(UTF_8), "text/x-diff");
    return new ClusterDiff(
        cluster, key, created, changed, objects.size() - created - changed, objects, left);
  }

  /** What {@code liveBuild} rendered for the cluster, this build does not, and still runs there. */
  private List<ObjectRef> left(
      String app,
      String liveBuild,
      String cluster,
      List<Yaml.Document> rendered,
      LiveObjectSource live) {
    String previousKey = Keys.manifest(app, liveBuild, cluster);
    Optional<StoredObject> previous = store.find(previousKey);
    if (previous.isEmpty()) {
      return List.of(); // the live release did not deploy to this cluster
    }
    Set<String> now = new HashSet<>();
    rendered.forEach(d -> now.add(identity(d.ref())));
    List<ObjectRef> left = new ArrayList<>();
    for (Yaml.Document document : Yaml.documents(previousKey, previous.get().text())) {
      ObjectRef ref = document.ref();
      if (!now.contains(identity(ref)) && live.live(cluster, ref).isPresent()) {
        left.add(ref);
      }
    }
    return List.copyOf(left);
  }

  /** An object's identity across releases: its kind, namespace and name (not its API version). */
  private static String identity(ObjectRef ref) {
    return ref.kind() + "|" + ref.namespace() + "|" + ref.name();
  }
}
