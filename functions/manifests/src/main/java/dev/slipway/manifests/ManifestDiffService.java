package dev.slipway.manifests;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.slipway.store.ArtifactStore;
import dev.slipway.store.Keys;
import java.util.ArrayList;
import java.util.List;

/**
 * Diffs one cluster's rendered manifest against what runs there and writes the unified diff to
 * {@code artifacts/<app>/<build>/diff/<cluster>.diff}. The summary (created / changed / unchanged)
 * goes to the approval request and the release record.
 */
public final class ManifestDiffService {
  private final ArtifactStore store;

  public ManifestDiffService(ArtifactStore store) {
    this.store = store;
  }

  /** One cluster's diff: where it is written, the counts, and each object's outcome. */
  public record ClusterDiff(
      String cluster,
      String key,
      int created,
      int changed,
      int unchanged,
      List<ManifestDiff.ObjectDiff> objects) {}

  public ClusterDiff diff(String app, String build, String cluster, LiveObjectSource live) {
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
    String key = Keys.diff(app, build, cluster);
    store.put(key, text.toString().getBytes(UTF_8), "text/x-diff");
    return new ClusterDiff(
        cluster, key, created, changed, objects.size() - created - changed, objects);
  }
}
