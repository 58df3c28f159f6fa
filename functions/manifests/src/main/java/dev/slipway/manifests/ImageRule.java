package dev.slipway.manifests;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The seed's build-image/runtime-image split, enforced on the rendered objects:
 *
 * <ul>
 *   <li>the build image (compilers, test tools) appears nowhere in what goes to a cluster;
 *   <li>every container image from the runtime image's repository is exactly the runtime image the
 *       build produced (no stale tag left in a template);
 *   <li>when the app has containers at all, at least one runs the runtime image.
 * </ul>
 *
 * Containers are found wherever a {@code containers}, {@code initContainers} or {@code
 * ephemeralContainers} list sits, so custom workload kinds are covered too.
 */
final class ImageRule {
  private static final List<String> CONTAINER_LISTS =
      List.of("containers", "initContainers", "ephemeralContainers");

  private final String runtime;
  private final String build;

  ImageRule(String runtime, String build) {
    this.runtime = runtime;
    this.build = build;
  }

  private record Container(Yaml.Document document, String path, String image) {}

  void check(String cluster, List<Yaml.Document> documents) {
    var containers = new ArrayList<Container>();
    for (Yaml.Document document : documents) {
      if (build != null && !build.isBlank()) {
        findBuildImage(document, document.object(), "");
      }
      collect(document, document.object(), "", containers);
    }
    String runtimeRepository = repository(runtime);
    boolean runtimeUsed = false;
    for (Container container : containers) {
      if (container.image().equals(runtime)) {
        runtimeUsed = true;
      } else if (repository(container.image()).equals(runtimeRepository)) {
        throw ManifestErrors.imageMismatch(
            where(container)
                + " runs "
                + container.image()
                + ", but this build produced "
                + runtime
                + ". Use image: ${image} in the template so every release runs the image its"
                + " build produced.");
      }
    }
    if (!containers.isEmpty() && !runtimeUsed) {
      throw ManifestErrors.imageMismatch(
          "no container in the manifest for cluster "
              + cluster
              + " runs the runtime image "
              + runtime
              + " this build produced (images found: "
              + containers.stream().map(Container::image).distinct().toList()
              + "). Set image: ${image} on the app's container.");
    }
  }

  private void findBuildImage(Yaml.Document document, JsonNode node, String path) {
    if (node.isTextual() && node.asText().equals(build)) {
      throw ManifestErrors.imageMismatch(
          document.file()
              + ":"
              + document.line()
              + ": "
              + document.ref().display()
              + " carries the build image "
              + build
              + " at "
              + (path.isEmpty() ? "/" : path)
              + ". The build image holds compilers and test tools and never goes to a cluster;"
              + " use ${image} (the runtime image) instead.");
    }
    if (node.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        var field = it.next();
        findBuildImage(document, field.getValue(), path + "/" + field.getKey());
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        findBuildImage(document, node.get(i), path + "/" + i);
      }
    }
  }

  private static void collect(
      Yaml.Document document, JsonNode node, String path, List<Container> out) {
    if (node.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        var field = it.next();
        String fieldPath = path + "/" + field.getKey();
        if (CONTAINER_LISTS.contains(field.getKey()) && field.getValue().isArray()) {
          JsonNode list = field.getValue();
          for (int i = 0; i < list.size(); i++) {
            JsonNode image = list.get(i).get("image");
            if (image != null && image.isTextual()) {
              String name = list.get(i).path("name").asText(String.valueOf(i));
              out.add(new Container(document, fieldPath + "[" + name + "]", image.asText()));
            }
          }
        } else {
          collect(document, field.getValue(), fieldPath, out);
        }
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        collect(document, node.get(i), path + "/" + i, out);
      }
    }
  }

  private static String where(Container container) {
    return container.document().file()
        + ":"
        + container.document().line()
        + ": "
        + container.document().ref().display()
        + " container "
        + container.path();
  }

  /** {@code registry/path/name} of an image reference, without tag or digest. */
  static String repository(String image) {
    String withoutDigest = image.contains("@") ? image.substring(0, image.indexOf('@')) : image;
    int slash = withoutDigest.lastIndexOf('/');
    int colon = withoutDigest.lastIndexOf(':');
    return colon > slash ? withoutDigest.substring(0, colon) : withoutDigest;
  }
}
