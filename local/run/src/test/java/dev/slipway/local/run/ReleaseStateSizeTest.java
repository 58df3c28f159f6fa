package dev.slipway.local.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.local.executor.Execution;
import dev.slipway.local.executor.ExecutionStatus;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14's state-size reproduction at scale, end to end on the local environment with the real
 * handlers: a release of 100 clusters in 10 waves with 200 objects per cluster. The state carries
 * keys and counts, never the objects, and each cluster once (the Deploy and Rollback items are
 * built in the state machine), so its largest payload stays far under Step Functions' 256 KB
 * (asserted under 64 KB, a quarter), and the history under AWS's 25,000 events and under the worst
 * case Plan derives from the time budget. The canary judges every cluster of the gate wave (10),
 * each verdict in the state, bounded: the largest payload was 42,631 bytes when only the first was
 * judged, 43,282 with all ten.
 */
class ReleaseStateSizeTest {
  /** Issue 14's full size; {@code -Dslipway.stateSize.clusters=N} (a multiple of 10) for others. */
  static final int CLUSTERS = Integer.getInteger("slipway.stateSize.clusters", 100);

  static final int WAVES = 10;
  static final int OBJECTS_PER_CLUSTER = 200;
  static final long PAYLOAD_BUDGET = 64 * 1024;
  static final int HISTORY_LIMIT = 25_000;
  static final int METRICS = 50;
  static final int SERIES = 20;

  @TempDir Path dir;

  /**
   * The demo's configuration with checkout's prod environment on {@code clusters} clusters in 10
   * waves; every entry shares one kubeconfig key, so one embedded API server serves them all. A
   * progress deadline of 2 minutes and 10 clusters at once (each wave deployed, and rolled back, in
   * one batch) keep 10 waves within the default 4 hours, and the history within 25,000 events.
   */
  static String config(int clusters) {
    StringBuilder b = new StringBuilder("version: 1\n\nclusters:\n");
    for (int i = 1; i <= clusters; i++) {
      b.append("  - name: c-").append(i).append('\n');
      b.append("    kubeconfig:\n      key: kubeconfigs/shared\n");
      b.append("    namespace: checkout\n");
    }
    b.append(
        """

        applications:
          - name: checkout
            repo: https://github.com/acme/checkout
            component: checkout-api
            releaseBranches: [main]
            triggers: [jenkins, build, github-push]
            images:
              runtime: registry.example.com/acme/checkout
              tag: build
            environments:
              - name: prod
                branches: [main]
                waves:
        """);
    int perWave = clusters / WAVES;
    for (int w = 0; w < WAVES; w++) {
      b.append("          - name: w").append(w + 1).append("\n            clusters: [");
      for (int i = w * perWave + 1; i <= (w + 1) * perWave; i++) {
        b.append(i == w * perWave + 1 ? "" : ", ").append("c-").append(i);
      }
      b.append("]\n");
    }
    b.append(
        """
                canaryGate: w1
            canary:
              config: config/canary/checkout.json
            release:
              progressDeadlineSeconds: 120
              maxParallelClusters: 10
            manifests:
              templates: templates/checkout/
        """);
    return b.toString();
  }

  /** ConfigMaps that bring the demo's three objects per cluster up to {@code objects}. */
  static Consumer<LocalEnvironment> moreObjects(int objects) {
    StringBuilder yaml = new StringBuilder();
    for (int i = 1; i <= objects - 3; i++) {
      yaml.append("---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: checkout-bulk-")
          .append(i)
          .append("\n  namespace: checkout\ndata:\n  cluster: ${cluster}\n  entry: \"")
          .append(i)
          .append("\"\n");
    }
    byte[] body = yaml.toString().getBytes(StandardCharsets.UTF_8);
    return env -> env.store().put("templates/checkout/bulk.yaml", body, "application/yaml");
  }

  /** The largest payload's top-level fields and their sizes, to see what grows with clusters. */
  static String fields(Execution e, Execution.Payload largest) throws Exception {
    var details =
        e.history().stream().filter(h -> h.id() == largest.eventId()).findFirst().orElseThrow();
    var sizes = new java.util.LinkedHashMap<String, Integer>();
    for (String field : java.util.List.of("input", "output", "parameters")) {
      var text = details.details().path(field).asText("");
      if (text.getBytes(StandardCharsets.UTF_8).length == largest.bytes()) {
        var state = dev.slipway.model.Json.mapper().readTree(text);
        state.properties().forEach(f -> sizes.put(f.getKey(), f.getValue().toString().length()));
        state
            .path("plan")
            .properties()
            .forEach(f -> sizes.put("plan." + f.getKey(), f.getValue().toString().length()));
        var wave = state.path("waves").path(0);
        wave.properties()
            .forEach(f -> sizes.put("waves[0]." + f.getKey(), f.getValue().toString().length()));
        wave.path("wave")
            .properties()
            .forEach(
                f -> sizes.put("waves[0].wave." + f.getKey(), f.getValue().toString().length()));
      }
    }
    return sizes.toString();
  }

  /**
   * An events folder for {@link RunOptions}: the demo, and a Prometheus recording of {@code
   * metrics} queries answering {@code series} series each (the healthy recording's error rate,
   * scaled a little per series), served by the replay.
   */
  static Path eventsWithManySeries(Path dir, int metrics, int series) throws Exception {
    Path events = dir.resolve("events");
    Path demo = ReleaseScenarioTest.EVENTS.resolve("demo");
    try (var files = Files.walk(demo)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        Path target = events.resolve("demo").resolve(demo.relativize(f).toString());
        Files.createDirectories(target.getParent());
        Files.copy(f, target);
      }
    }
    var mapper = dev.slipway.model.Json.mapper();
    var recording =
        (com.fasterxml.jackson.databind.node.ObjectNode)
            mapper.readTree(
                ReleaseScenarioTest.EVENTS.resolve("canary/prometheus/healthy.json").toFile());
    var queries = mapper.createArrayNode();
    for (int m = 1; m <= metrics; m++) {
      queries.addAll(
          ManySeries.queries(
              recording, "m" + m, query(m, "app=\"search\", cluster=\"prod-1\""), series));
    }
    recording.set("queries", queries);
    Path replay = events.resolve("canary/prometheus/healthy.json");
    Files.createDirectories(replay.getParent());
    mapper.writeValue(replay.toFile(), recording);
    return events;
  }

  private static String query(int metric, String filters) {
    return "sum by (pod) (rate(requests_" + metric + "_total{" + filters + "}[5m]))";
  }

  /** A canary config of {@code metrics} metrics, each a query of many series (by pod). */
  static byte[] canaryConfig(int metrics) {
    var mapper = dev.slipway.model.Json.mapper();
    var config = mapper.createObjectNode();
    config.put("name", "checkout-many-series");
    config.putObject("judge").put("name", "NetflixACAJudge-v1.0").putObject("judgeConfigurations");
    config.putObject("filters").put("commonPromFilters", "app=\"${app}\", cluster=\"${cluster}\"");
    var list = config.putArray("metrics");
    for (int m = 1; m <= metrics; m++) {
      var metric = list.addObject();
      metric.put("name", "m" + m);
      metric.putArray("groups").add("Errors");
      metric
          .putObject("query")
          .put("type", "prometheus")
          .put("serviceType", "prometheus")
          .put("customInlineTemplate", "PromQL:" + query(m, "%(commonPromFilters)s"));
      metric
          .putObject("analysisConfigurations")
          .putObject("canary")
          .put("direction", "increase")
          .putObject("effectSize")
          .put("allowedIncrease", 1.5);
      metric.put("scopeName", "default");
    }
    config.putObject("classifier").putObject("groupWeights").put("Errors", 100);
    return config.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** The history's worst case Plan derives for checkout → prod under {@code configFile}. */
  static long historyBound(Path configFile) throws Exception {
    var cfg = dev.slipway.config.ConfigParser.parse("slipway.yaml", Files.readString(configFile));
    var app = cfg.application("checkout").orElseThrow();
    var budget =
        dev.slipway.pipeline.ReleaseBudget.of(
            app,
            app.environment("prod").orElseThrow(),
            false,
            false,
            dev.slipway.pipeline.ReleaseBudget.LockSchedule.DEFAULT,
            14_400);
    assertThat(budget.fits()).as(budget.table()).isTrue();
    System.out.printf(
        "  history: worst case %,d events (Plan refuses over %,d)%n",
        budget.historyEvents(), dev.slipway.pipeline.ReleaseBudget.HISTORY_LIMIT);
    return budget.historyEvents();
  }

  @Test
  @DisplayName(
      "many clusters in 10 waves, 200 objects each: succeeds, the largest state payload stays"
          + " under 64 KB and the history under 25,000 events")
  void manyClustersAndObjects_shouldKeepTheStateSmall() throws Exception {
    Path configFile = dir.resolve("slipway.yaml");
    Files.writeString(configFile, config(CLUSTERS));
    RunOptions options =
        new RunOptions(
            eventsWithManySeries(dir, METRICS, SERIES),
            Scenario.HEALTHY,
            null,
            configFile,
            null,
            null,
            null,
            null,
            null);
    try (var run =
        ReleaseRun.prepare(
            options,
            ReleaseScenarioTest.ASL,
            ReleaseScenarioTest.START,
            new PrintStream(java.io.OutputStream.nullOutputStream()),
            moreObjects(OBJECTS_PER_CLUSTER)
                .andThen(
                    env ->
                        env.store()
                            .put(
                                "config/canary/checkout.json",
                                canaryConfig(METRICS),
                                "application/json")))) {
      ReleaseRun.Result result = run.run("checkout-prod-many");
      Execution e = result.execution();
      Execution.Payload largest = e.largestPayload();
      System.out.printf(
          "state size: %d clusters in %d waves, %d objects each, canary of %d metrics x %d"
              + " series: largest payload %,d bytes (%s of %s, event %d); %,d history events;"
              + " %.1f s%n",
          CLUSTERS,
          WAVES,
          OBJECTS_PER_CLUSTER,
          METRICS,
          SERIES,
          largest.bytes(),
          largest.type(),
          largest.state(),
          largest.eventId(),
          e.history().size(),
          result.wallTime().toMillis() / 1000.0);

      System.out.println("  by field: " + fields(e, largest));

      assertThat(e.status()).as(e.error() + ": " + e.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
      assertThat(run.environment().store().list("artifacts/checkout/101/manifests/"))
          .filteredOn(k -> k.endsWith(".applied.json"))
          .hasSize(CLUSTERS);
      // the canary judged every series of every metric of every cluster of the gate wave (w1's
      // CLUSTERS / WAVES); the state names at most 10 deviations, the record each cluster's verdict
      int gate = CLUSTERS / WAVES;
      var mapper = dev.slipway.model.Json.mapper();
      var canary =
          e.history().stream()
              .filter(h -> h.type().equals("LambdaFunctionSucceeded"))
              .map(h -> h.details().path("output").asText())
              .filter(o -> o.contains("\"clusterCount\""))
              .findFirst()
              .orElseThrow();
      var out = mapper.readTree(canary);
      assertThat(out.path("clusterCount").asInt()).isEqualTo(gate);
      assertThat(out.path("deviationCount").asInt()).isEqualTo(gate * METRICS * SERIES);
      assertThat(out.path("deviations")).hasSize(10);
      var judged =
          mapper.readTree(
              run.environment().store().get("artifacts/checkout/101/canary/w1.json").text());
      assertThat(judged.path("clusters")).hasSize(gate);
      judged
          .path("clusters")
          .forEach(c -> assertThat(c.at("/result/results")).hasSize(METRICS * SERIES));
      var record =
          mapper.readTree(run.environment().store().get("releases/checkout/prod.json").text());
      assertThat(record.at("/live/waves/0/canary/clusters")).hasSize(gate);
      assertThat(record.at("/live/waves/0/canary/summary").asText())
          .startsWith("Pass — " + gate + " of " + gate + " gate clusters passed");
      assertThat(largest.bytes()).isLessThan(PAYLOAD_BUDGET);
      assertThat(e.history()).hasSizeLessThan(HISTORY_LIMIT);
      // the worst case Plan checks against 25,000 bounds what this run wrote
      assertThat((long) e.history().size()).isLessThanOrEqualTo(historyBound(configFile));
    }
  }

  /** The canary summary the record keeps for catalog's release. */
  private static String summaryOf(LocalEnvironment env) throws Exception {
    var record =
        dev.slipway.model.Json.mapper()
            .readTree(env.store().get("releases/catalog/prod.json").text());
    return record.at("/history/0/waves/0/canary/summary").asText();
  }

  @Test
  @DisplayName(
      "slipway run --scenario oversized: 330 ConfigMaps on 3 clusters and a canary query of 600"
          + " series (States.DataLimitExceeded in Waves before) succeeds, recorded, with the state"
          + " under 64 KB")
  void oversizedScenario_shouldSucceed() throws Exception {
    ReleaseScenarioTest.run(
        Scenario.OVERSIZED,
        env -> {},
        (env, result) -> {
          Execution e = result.execution();
          assertThat(e.status())
              .as(e.error() + ": " + e.cause())
              .isEqualTo(ExecutionStatus.SUCCEEDED);
          assertThat(env.store().get("releases/catalog/prod.json").text())
              .contains("\"status\" : \"succeeded\"");
          var cluster = env.clusters().get("edge-2").client();
          assertThat(
                  cluster.configMaps().inNamespace("checkout").withLabel("app", "catalog").list())
              .satisfies(l -> assertThat(l.getItems()).hasSize(330));
          Execution.Payload largest = e.largestPayload();
          System.out.printf(
              "oversized: largest payload %,d bytes (%s of %s); %,d history events%n  by"
                  + " field: %s%n",
              largest.bytes(),
              largest.type(),
              largest.state(),
              e.history().size(),
              fields(e, largest));
          assertThat(largest.bytes()).isLessThan(PAYLOAD_BUDGET);
          // the canary judged the 600 series of 'errors by pod'; the state names at most 10
          assertThat(env.store().get("releases/catalog/prod.json").text())
              .contains("more (see the report)");
          System.out.println("  canary: " + summaryOf(env));
        });
  }
}
