package dev.slipway.judge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.model.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Kayenta's own test vectors (src/test/resources/kayenta), turned into one-metric judge runs: the
 * classifier settings of each test become the metric's canary config and {@code
 * judgeConfigurations.tolerance/confLevel}.
 */
record KayentaVectors(String name, JsonNode node) {

  @Override
  public String toString() {
    return name;
  }

  static List<KayentaVectors> load(String resource) {
    try (InputStream in = KayentaVectors.class.getResourceAsStream("/kayenta/" + resource)) {
      List<KayentaVectors> out = new ArrayList<>();
      for (JsonNode n : Json.mapper().readTree(in)) {
        out.add(new KayentaVectors(n.get("name").asText(), n));
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  double[] experiment() {
    return doubles(node.get("experiment"));
  }

  double[] control() {
    return doubles(node.get("control"));
  }

  /** The canary config that reproduces the classifier settings of the Kayenta test. */
  CanaryConfig config() {
    ObjectNode root = Json.mapper().createObjectNode();
    ObjectNode judgeConf =
        root.putObject("judge")
            .put("name", "NetflixACAJudge-v1.0")
            .putObject("judgeConfigurations");
    judgeConf.put("tolerance", node.get("tolerance").asDouble());
    judgeConf.put("confLevel", node.get("confLevel").asDouble());
    ObjectNode metric = root.putArray("metrics").addObject();
    metric.put("name", name);
    metric.putArray("groups").add("g");
    ObjectNode canary = metric.putObject("analysisConfigurations").putObject("canary");
    canary.put("direction", node.get("direction").asText());
    canary.put("nanStrategy", node.get("nanStrategy").asText());
    canary.put("critical", node.get("isCritical").asBoolean());
    ObjectNode effect = canary.putObject("effectSize");
    effect.put("measure", node.get("measure").asText());
    for (String k :
        List.of("allowedIncrease", "allowedDecrease", "criticalIncrease", "criticalDecrease")) {
      effect.put(k, node.get(k).asDouble());
    }
    root.putObject("classifier").putObject("groupWeights");
    return CanaryConfig.parse(root.toString());
  }

  MetricSetPair pair() {
    return new MetricSetPair(
        name,
        "id",
        Map.of(),
        new MetricSetPair.Values(control(), experiment()),
        Map.of(),
        Map.of());
  }

  static double[] doubles(JsonNode array) {
    double[] out = new double[array.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = array.get(i).asDouble();
    }
    return out;
  }
}
