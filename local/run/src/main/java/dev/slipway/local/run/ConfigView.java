package dev.slipway.local.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.slipway.model.TerminalStepException;
import dev.slipway.store.Keys;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The few facts of a {@code slipway.yaml} the local environment needs: which clusters to stand up
 * (and where their kubeconfigs go), and which cluster the canary of an app's environment watches.
 * The functions read the full configuration themselves, from the bucket.
 */
final class ConfigView {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  /** A configured cluster. {@code kubeconfigKey} is null for an EKS cluster. */
  record ClusterEntry(String name, String kubeconfigKey, String namespace) {}

  private final JsonNode root;

  private ConfigView(JsonNode root) {
    this.root = root;
  }

  static ConfigView parse(String yaml, String source) {
    try {
      JsonNode root = YAML.readTree(yaml);
      if (root == null || !root.path("clusters").isArray()) {
        throw new TerminalStepException(
            "Slipway.Config.Invalid",
            source + " has no 'clusters' list: give a slipway.yaml like events/demo/config/");
      }
      return new ConfigView(root);
    } catch (IOException e) {
      throw new TerminalStepException(
          "Slipway.Config.Invalid", source + " is not YAML: " + e.getMessage());
    }
  }

  List<ClusterEntry> clusters() {
    List<ClusterEntry> out = new ArrayList<>();
    for (JsonNode c : root.path("clusters")) {
      String name = c.path("name").asText();
      String key =
          c.has("eks") ? null : c.path("kubeconfig").path("key").asText(Keys.kubeconfig(name));
      out.add(new ClusterEntry(name, key, c.path("namespace").asText("default")));
    }
    return out;
  }

  /**
   * The clusters of the canary-gate wave of {@code app}'s {@code environment} (every one is
   * judged), empty when it has none.
   */
  List<String> canaryClusters(String app, String environment) {
    List<String> out = new ArrayList<>();
    for (JsonNode a : root.path("applications")) {
      if (!a.path("name").asText().equals(app)) {
        continue;
      }
      for (JsonNode env : a.path("environments")) {
        if (!env.path("name").asText().equals(environment)) {
          continue;
        }
        String gate = env.path("canaryGate").asText(null);
        for (JsonNode wave : env.path("waves")) {
          if (wave.path("name").asText().equals(gate)) {
            wave.path("clusters").forEach(c -> out.add(c.asText()));
          }
        }
      }
    }
    return out;
  }
}
