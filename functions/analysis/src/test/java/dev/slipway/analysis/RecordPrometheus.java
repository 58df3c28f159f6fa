package dev.slipway.analysis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.judge.CanaryConfig;
import dev.slipway.model.Json;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * Records the committed Prometheus answers: the replay scenarios in {@code
 * events/canary/prometheus/} and the adapter fixtures in {@code
 * src/test/resources/fixtures/prometheus/}, each from a real Prometheus backfilled by promtool. Run
 * from the module directory:
 *
 * <pre>
 * mvn -q -o test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=dev.slipway.analysis.RecordPrometheus
 * </pre>
 */
public final class RecordPrometheus {
  private static final ObjectMapper MAPPER = Json.mapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  public static void main(String[] args) throws Exception {
    Path events = Path.of("../../events/canary/prometheus");
    Path fixtures = Path.of("src/test/resources/fixtures/prometheus");
    CanarySpec spec = CanarySpec.parse(Files.readString(events.resolve("canary-config.json")));
    Scenario scenario = new Scenario(Clock.systemUTC());
    OpenMetricsData.Behaviour normal = new OpenMetricsData.Behaviour(20, 0.2, 0.005);
    OpenMetricsData.Behaviour slow = new OpenMetricsData.Behaviour(20, 0.4, 0.005);
    record(
        spec,
        scenario,
        new OpenMetricsData.App("search", Scenario.CLUSTER, normal, normal),
        events.resolve("healthy.json"));
    record(
        spec,
        scenario,
        new OpenMetricsData.App("search", Scenario.CLUSTER, normal, slow),
        events.resolve("latency-regression.json"));
    record(
        spec,
        scenario,
        new OpenMetricsData.App(
            "search", Scenario.CLUSTER, normal, new OpenMetricsData.Behaviour(0, 0.2, 0.005)),
        events.resolve("traffic-drop.json"));

    try (RealPrometheus p = RealPrometheus.start(scenario.openMetrics())) {
      AnalysisWindow w = scenario.windows.control();
      save(fixtures.resolve("query-range-p95.json"), get(p, Scenario.seedP95("healthy"), w).body());
      save(
          fixtures.resolve("query-range-by-status.json"),
          get(p, "sum by (status) (rate(requests_total{app=\"healthy\"}[5m]))", w).body());
      save(
          fixtures.resolve("query-range-nan.json"),
          get(
                  p,
                  "sum(rate(requests_total{app=\"quiet\",status=\"200\"}[1m]))"
                      + " / sum(rate(requests_total{app=\"quiet\",status=\"500\"}[1m]))",
                  scenario.windows.experiment())
              .body());
      save(
          fixtures.resolve("query-range-inf.json"),
          get(
                  p,
                  "sum(rate(requests_total{app=\"healthy\",status=\"200\"}[5m]))"
                      + " / sum(rate(requests_total{app=\"quiet\",status=\"200\"}[5m]))",
                  scenario.windows.experiment())
              .body());
      save(fixtures.resolve("query-range-empty.json"), get(p, "nonexistent_metric", w).body());
      HttpResponse<String> bad = get(p, "sum(rate(x[5m]", w);
      save(fixtures.resolve("query-range-bad-data-400.json"), bad.body());
    }
  }

  private static void record(CanarySpec spec, Scenario scenario, OpenMetricsData.App app, Path out)
      throws Exception {
    String om =
        OpenMetricsData.generate(
            List.of(app),
            scenario.releaseAt.minus(java.time.Duration.ofMinutes(90)),
            scenario.releaseAt.plus(java.time.Duration.ofMinutes(60)),
            scenario.releaseAt.plus(java.time.Duration.ofMinutes(1)),
            42);
    Map<String, String> values = spec.placeholderValues(Scenario.builtins(app.name()), Map.of());
    ObjectNode root = MAPPER.createObjectNode();
    root.put(
        "recordedFrom",
        "Prometheus 2.42.0 (Debian) backfilled by promtool with data from"
            + " functions/analysis/src/test/java/dev/slipway/analysis/OpenMetricsData.java;"
            + " recorded by RecordPrometheus");
    root.put("app", app.name());
    root.put("cluster", Scenario.CLUSTER);
    root.put("releaseStartedAt", scenario.releaseAt.toString());
    root.put("rolloutFinishedAt", scenario.rolloutDoneAt.toString());
    ArrayNode queries = root.putArray("queries");
    try (RealPrometheus p = RealPrometheus.start(om)) {
      for (CanaryConfig.Metric m : spec.config().metrics()) {
        String promql = PrometheusQueryBuilder.build(m.name(), m.query(), spec.templates(), values);
        for (AnalysisWindow w :
            List.of(scenario.windows.control(), scenario.windows.experiment())) {
          ObjectNode q = queries.addObject();
          q.put("metric", m.name());
          q.put("query", promql);
          q.put("start", w.start().toString());
          q.put("end", w.lastPoint().toString());
          q.put("step", w.step().toSeconds());
          q.set("response", MAPPER.readTree(get(p, promql, w).body()));
        }
      }
    }
    Files.writeString(out, MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n");
  }

  private static HttpResponse<String> get(RealPrometheus p, String promql, AnalysisWindow w)
      throws Exception {
    String url =
        p.url()
            + "/api/v1/query_range?query="
            + URLEncoder.encode(promql, StandardCharsets.UTF_8)
            + "&start="
            + w.start().getEpochSecond()
            + "&end="
            + w.lastPoint().getEpochSecond()
            + "&step="
            + w.step().toSeconds();
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static void save(Path p, String body) throws Exception {
    JsonNode n = MAPPER.readTree(body);
    Files.writeString(p, MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(n) + "\n");
  }
}
