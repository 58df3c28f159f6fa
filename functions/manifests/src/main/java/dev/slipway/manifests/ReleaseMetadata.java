package dev.slipway.manifests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What Slipway adds to every object it renders: the recommended labels {@code
 * app.kubernetes.io/name} and {@code app.kubernetes.io/version} (= the build), annotations tracing
 * the object back to its release, and a progress deadline on Deployments.
 */
final class ReleaseMetadata {
  static final String NAME_LABEL = "app.kubernetes.io/name";
  static final String VERSION_LABEL = "app.kubernetes.io/version";
  static final String ANNOTATION_PREFIX = "slipway.dev/";

  private final String app;
  private final String build;
  private final Map<String, String> annotations = new LinkedHashMap<>();
  private final int progressDeadlineSeconds;

  ReleaseMetadata(ManifestRequest request) {
    this.app = request.app();
    this.build = request.buildNum();
    put("git-repo", request.gitRepo());
    put("git-branch", request.gitBranch());
    put("commit", request.commit());
    put("build", request.buildNum());
    put("ticket", request.ticket());
    put("execution-arn", request.executionArn());
    this.progressDeadlineSeconds = request.appSettings().progressDeadline();
  }

  private void put(String name, String value) {
    if (value != null && !value.isBlank()) {
      annotations.put(ANNOTATION_PREFIX + name, value);
    }
  }

  void apply(ObjectNode object) {
    ObjectNode metadata = (ObjectNode) object.get("metadata");
    ObjectNode labels = metadata.withObject("/labels");
    labels.put(NAME_LABEL, app);
    labels.put(VERSION_LABEL, build);
    ObjectNode objectAnnotations = metadata.withObject("/annotations");
    annotations.forEach(objectAnnotations::put);

    JsonNode podTemplate = object.path("spec").path("template");
    if (podTemplate.isObject()) {
      // Pods carry the version too; the name only where the template has none (a selector may
      // already use a different value).
      ObjectNode podLabels = ((ObjectNode) podTemplate).withObject("/metadata/labels");
      if (!podLabels.has(NAME_LABEL)) {
        podLabels.put(NAME_LABEL, app);
      }
      podLabels.put(VERSION_LABEL, build);
    }
    if ("Deployment".equals(object.path("kind").asText())
        && object.path("spec").isObject()
        && !object.path("spec").has("progressDeadlineSeconds")) {
      ((ObjectNode) object.get("spec")).put("progressDeadlineSeconds", progressDeadlineSeconds);
    }
  }
}
