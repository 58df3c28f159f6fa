package dev.slipway.local.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.local.executor.Execution;
import dev.slipway.local.executor.ExecutionStatus;
import dev.slipway.local.replay.PrometheusReplay;
import dev.slipway.model.Json;
import dev.slipway.store.Keys;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Every cluster of the canary gate wave judged, end to end through the local executor on the real
 * state machine: the demo's core wave holds core-1 and edge-1, each with its own Prometheus (a
 * {@code prometheus} block in config/slipway.yaml, each a replay of a recording), so one cluster's
 * metrics can regress while the other's do not.
 */
class GateClustersScenarioTest {
  /** Each gate cluster's Prometheus. */
  private final Map<String, PrometheusReplay> replays = new java.util.LinkedHashMap<>();

  @AfterEach
  void stop() {
    replays.values().forEach(PrometheusReplay::close);
  }

  /**
   * The demo configuration with checkout's gate wave core of core-1 and edge-1, each querying a
   * replay of its recording (in events/canary/prometheus/), made for checkout and that cluster.
   */
  Consumer<LocalEnvironment> gateOf(Map<String, String> recordings) {
    return env -> {
      try {
        String yaml =
            Files.readString(ReleaseScenarioTest.EVENTS.resolve("demo/config/slipway.yaml"));
        String waves =
            "          - name: core\n            clusters: [core-1]\n"
                + "          - name: edge\n            clusters: [edge-1, edge-2]\n"
                + "        canaryGate: core\n    canary:\n      config: config/canary/checkout.json\n";
        assertThat(yaml).contains(waves);
        yaml =
            yaml.replace(
                waves,
                waves
                    .replace("[core-1]", "[core-1, edge-1]")
                    .replace("[edge-1, edge-2]", "[edge-2]"));
        for (Map.Entry<String, String> c : recordings.entrySet()) {
          PrometheusReplay replay =
              PrometheusReplay.start(
                  ReleaseScenarioTest.EVENTS.resolve("canary/prometheus/" + c.getValue()),
                  env.clock().instant(),
                  new PrometheusReplay.Options(
                      Map.of(
                          "app=\"search\"",
                          "app=\"checkout\"",
                          "cluster=\"prod-1\"",
                          "cluster=\"" + c.getKey() + "\""),
                      true));
          replays.put(c.getKey(), replay);
          String entry = "  - name: " + c.getKey() + "\n    kubeconfig:\n";
          assertThat(yaml).contains(entry);
          yaml =
              yaml.replace(
                  entry,
                  entry.replace(
                      "    kubeconfig:\n",
                      "    prometheus:\n      url: " + replay.url() + "\n    kubeconfig:\n"));
        }
        env.store().put(Keys.CONFIG, yaml.getBytes(StandardCharsets.UTF_8), "application/yaml");
        // nothing else answers: a canary that asked the stack's default would fail on it
        env.putFunctionEnvironment("SLIPWAY_PROMETHEUS_URL", "http://127.0.0.1:9");
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    };
  }

  interface Check {
    void check(LocalEnvironment env, Execution e) throws Exception;
  }

  /**
   * The demo release with core-1's Prometheus replaying the healthy recording and edge-1's {@code
   * edge1}; it ends {@code status}, then {@code check} looks at it.
   */
  void release(String edge1, ExecutionStatus status, Check check) throws Exception {
    ReleaseScenarioTest.run(
        Scenario.HEALTHY,
        gateOf(Map.of("core-1", "healthy.json", "edge-1", edge1)),
        (env, result) -> {
          Execution e = result.execution();
          assertThat(e.status()).as(e.error() + ": " + e.cause()).isEqualTo(status);
          check.check(env, e);
        });
  }

  @Test
  @DisplayName(
      "gate of two clusters, edge-1's latency regressed: the release fails, both roll back, the"
          + " report and the record name edge-1")
  void oneClusterRegressed_shouldFailTheWave_andNameTheCluster() throws Exception {
    release(
        "latency-regression.json",
        ExecutionStatus.FAILED,
        (env, e) -> {
          assertThat(e.error()).isEqualTo("Slipway.Canary.Failed");
          assertThat(e.cause())
              .startsWith(
                  "Fail — 1 of 2 gate clusters passed: edge-1 Fail (score 60.0),"
                      + " core-1 Pass (score 100.0)")
              .contains(". edge-1: Fail — score 60.0");
          // the gate wave's two clusters rolled back; edge-2 was never written
          assertThat(ReleaseScenarioTest.deployment(env, "core-1")).isNull();
          assertThat(ReleaseScenarioTest.deployment(env, "edge-1")).isNull();
          assertThat(ReleaseScenarioTest.deployment(env, "edge-2")).isNull();
          // one canary call judged both, each on its own Prometheus
          assertThat(
                  e.history().stream()
                      .filter(h -> h.type().equals("TaskStateEntered"))
                      .filter(h -> h.details().path("name").asText().equals("Canary")))
              .hasSize(1);
          String report = env.store().get("artifacts/checkout/101/canary/core.html").text();
          assertThat(report)
              .contains("clusters <b>core-1, edge-1</b>")
              .contains("cluster core-1 · Pass")
              .contains("cluster edge-1 · Fail")
              .contains("core-1: " + replays.get("core-1").url())
              .contains("edge-1: " + replays.get("edge-1").url());
          var judged =
              Json.mapper()
                  .readTree(env.store().get("artifacts/checkout/101/canary/core.json").text());
          assertThat(judged.path("verdict").asText()).isEqualTo("Fail");
          assertThat(judged.findValuesAsText("cluster")).containsExactly("core-1", "edge-1");
          assertThat(env.store().get("releases/checkout/prod.json").text())
              .contains("Slipway.Canary.Failed")
              .contains("edge-1 Fail (score 60.0)");
          assertThat(env.store().list("locks/")).isEmpty();
        });
  }

  @Test
  @DisplayName("gate of two clusters, both healthy: the wave passes and the record has both")
  void bothClustersHealthy_shouldRelease_withEachClustersVerdictRecorded() throws Exception {
    release(
        "healthy.json",
        ExecutionStatus.SUCCEEDED,
        (env, e) -> {
          assertThat(ReleaseScenarioTest.deployment(env, "edge-2")).isNotNull();
          var record =
              Json.mapper().readTree(env.store().get("releases/checkout/prod.json").text());
          var canary = record.at("/live/waves/0/canary");
          assertThat(canary.path("verdict").asText()).isEqualTo("Pass");
          assertThat(canary.path("clusters").toString())
              .isEqualTo(
                  "[{\"cluster\":\"core-1\",\"verdict\":\"Pass\",\"score\":100.0},"
                      + "{\"cluster\":\"edge-1\",\"verdict\":\"Pass\",\"score\":100.0}]");
        });
  }
}
