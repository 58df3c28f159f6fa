package dev.slipway.manifests;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** The manifests state's output: one rendered manifest per cluster, for the deploy states. */
public record ManifestResult(
    String app,
    @JsonProperty("build_num") String buildNum,
    String environment,
    List<ClusterManifest> manifests) {

  /**
   * One cluster's manifest: its S3 key and the objects in it, in apply order. The state carries the
   * key and the count, never the objects (about 265 bytes each per cluster: 330 objects on 3
   * clusters passed Step Functions' 256 KB limit); the deploy reads the manifest from S3.
   */
  public record ClusterManifest(
      String cluster, String key, @JsonIgnore List<ObjectRef> objects, int objectCount) {

    public ClusterManifest(String cluster, String key, List<ObjectRef> objects) {
      this(cluster, key, List.copyOf(objects), objects.size());
    }
  }
}
