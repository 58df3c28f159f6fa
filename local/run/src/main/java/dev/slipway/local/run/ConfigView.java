package dev.slipway.local.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.slipway.model.TerminalStepException;
import dev.slipway.store.Keys;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
   * {@code yaml} with every Prometheus {@code url} (top level and per cluster) replaced by {@code
   * prometheusUrl} and {@code grafana.url} by {@code grafanaUrl}: a configuration written for real
   * endpoints runs against the local stand-ins, everything else as written (extraLabels, headers,
   * tags). The values are replaced where they occur in the text, so comments and layout stay.
   */
  String withEndpoints(String yaml, String prometheusUrl, String grafanaUrl) {
    Map<String, String> replace = new LinkedHashMap<>();
    List<JsonNode> blocks = new ArrayList<>();
    blocks.add(root.path("prometheus"));
    root.path("clusters").forEach(c -> blocks.add(c.path("prometheus")));
    for (JsonNode block : blocks) {
      if (block.path("url").isTextual() && prometheusUrl != null) {
        replace.put(block.path("url").asText(), prometheusUrl);
      }
    }
    if (root.path("grafana").path("url").isTextual() && grafanaUrl != null) {
      replace.put(root.path("grafana").path("url").asText(), grafanaUrl);
    }
    String out = yaml;
    // the longest first: a URL that starts another one must not cut it in two
    for (String url :
        replace.keySet().stream()
            .sorted(Comparator.comparingInt(String::length).reversed())
            .toList()) {
      out = out.replace(url, replace.get(url));
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
