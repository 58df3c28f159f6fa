package dev.slipway.local.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.model.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Prometheus answers of many series, made from a recording: a query grouped by pod whose every
 * series is the recording's {@code error rate} (both windows), scaled a little per series. What a
 * canary whose query returns hundreds of series looks like, without a recording of that size in the
 * repository.
 */
final class ManySeries {
  /** The recording's metric each series copies. */
  static final String SOURCE_METRIC = "error rate";

  private ManySeries() {}

  /**
   * The recording's {@link #SOURCE_METRIC} entries (one per window) as {@code metric}, answering
   * {@code query} with {@code series} series (label {@code pod}).
   */
  static ArrayNode queries(JsonNode recording, String metric, String query, int series) {
    ArrayNode out = Json.mapper().createArrayNode();
    for (JsonNode q : recording.path("queries")) {
      if (!q.path("metric").asText().equals(SOURCE_METRIC)) {
        continue;
      }
      JsonNode values = q.at("/response/data/result/0/values");
      ObjectNode copy = q.deepCopy();
      copy.put("metric", metric);
      copy.put("query", query);
      ArrayNode result = Json.mapper().createArrayNode();
      for (int i = 0; i < series; i++) {
        ObjectNode one = result.addObject();
        one.putObject("metric").put("pod", "pod-" + i);
        ArrayNode points = one.putArray("values");
        for (JsonNode v : values) {
          points
              .addArray()
              .add(v.get(0))
              .add(String.valueOf(v.get(1).asDouble() * (1 + i / 1000.0)));
        }
      }
      ((ObjectNode) copy.at("/response/data")).set("result", result);
      out.add(copy);
    }
    return out;
  }

  /**
   * A copy of {@code recording} (a file) with {@code metric} answering {@code query} with {@code
   * series} series added, in a temporary file deleted when the JVM exits.
   */
  static Path withQuery(Path recording, String metric, String query, int series)
      throws IOException {
    ObjectNode root = (ObjectNode) Json.mapper().readTree(Files.readAllBytes(recording));
    ((ArrayNode) root.withArray("queries")).addAll(queries(root, metric, query, series));
    Path file = Files.createTempFile("slipway-prometheus-", ".json");
    file.toFile().deleteOnExit();
    Json.mapper().writeValue(file.toFile(), root);
    return file;
  }
}
