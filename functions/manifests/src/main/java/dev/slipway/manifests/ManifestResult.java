package dev.slipway.manifests;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** The manifests state's output: one rendered manifest per cluster, for the deploy states. */
public record ManifestResult(
    String app,
    @JsonProperty("build_num") String buildNum,
    String environment,
    List<ClusterManifest> manifests) {

  /** One cluster's manifest: its S3 key and the objects in it, in apply order. */
  public record ClusterManifest(String cluster, String key, List<ObjectRef> objects) {}
}
