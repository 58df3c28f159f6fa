package dev.slipway.manifests;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Applies an override file: each of its documents names its target by {@code kind} and {@code
 * metadata.name} (and, where two objects share both, {@code metadata.namespace} or {@code
 * apiVersion}), and is applied to that object as a JSON merge patch (RFC 7386).
 */
final class Overrides {
  private Overrides() {}

  static List<Yaml.Document> apply(List<Yaml.Document> documents, List<Yaml.Document> patches) {
    var result = new ArrayList<>(documents);
    for (Yaml.Document patch : patches) {
      ObjectRef target = patch.ref();
      if (target.kind() == null || target.name() == null) {
        throw ManifestErrors.invalidOverride(
            patch.file(),
            patch.line(),
            "an override names its target with kind and metadata.name (e.g. kind: Deployment,"
                + " metadata: {name: shop}); this one lacks "
                + (target.kind() == null ? "kind" : "metadata.name"));
      }
      int match = -1;
      for (int i = 0; i < result.size(); i++) {
        if (result.get(i).ref().matches(target)) {
          if (match >= 0) {
            throw ManifestErrors.invalidOverride(
                patch.file(),
                patch.line(),
                target.display()
                    + " matches more than one object; add metadata.namespace or apiVersion to"
                    + " the override");
          }
          match = i;
        }
      }
      if (match < 0) {
        throw ManifestErrors.invalidOverride(
            patch.file(),
            patch.line(),
            "the override targets "
                + target.display()
                + ", which no template defines (templates define "
                + result.stream().map(d -> d.ref().display()).toList()
                + "); fix kind/name or remove the override");
      }
      Yaml.Document original = result.get(match);
      result.set(
          match,
          new Yaml.Document(
              original.file(),
              original.line(),
              (ObjectNode) MergePatch.apply(original.object(), patch.object())));
    }
    return result;
  }
}
