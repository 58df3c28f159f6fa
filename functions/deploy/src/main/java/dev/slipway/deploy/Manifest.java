package dev.slipway.deploy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.slipway.model.TerminalStepException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** A multi-document YAML manifest, read into objects (a {@code kind: List} becomes its items). */
final class Manifest {
  private static final YAMLMapper YAML = new YAMLMapper();

  private Manifest() {}

  static List<ObjectNode> parse(String key, String text) {
    var out = new ArrayList<ObjectNode>();
    try (var parser = YAML.createParser(text)) {
      var docs = YAML.readValues(parser, JsonNode.class);
      int index = 0;
      while (docs.hasNextValue()) {
        var doc = docs.nextValue();
        index++;
        if (doc == null
            || doc.isNull()
            || doc.isMissingNode()
            || (doc.isObject() && doc.isEmpty())) {
          continue;
        }
        if ("List".equals(doc.path("kind").asText()) && doc.path("items").isArray()) {
          for (var item : doc.path("items")) {
            out.add(check(key, index, item));
          }
        } else {
          out.add(check(key, index, doc));
        }
      }
    } catch (IOException e) {
      throw new TerminalStepException(
          ClusterErrors.INVALID_MANIFEST,
          "the manifest "
              + key
              + " is not valid YAML"
              + (e instanceof JsonProcessingException j && j.getLocation() != null
                  ? " (line " + j.getLocation().getLineNr() + ")"
                  : "")
              + ". Render it again (the manifests step checks it).");
    }
    return out;
  }

  private static ObjectNode check(String key, int index, JsonNode doc) {
    if (!doc.isObject()
        || doc.path("apiVersion").asText("").isEmpty()
        || doc.path("kind").asText("").isEmpty()
        || doc.path("metadata").path("name").asText("").isEmpty()) {
      throw new TerminalStepException(
          ClusterErrors.INVALID_MANIFEST,
          "document "
              + index
              + " of the manifest "
              + key
              + " is not a Kubernetes object (it needs apiVersion, kind and metadata.name).");
    }
    return (ObjectNode) doc;
  }
}
