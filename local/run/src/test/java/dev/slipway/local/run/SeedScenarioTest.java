package dev.slipway.local.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.local.embedded.GrafanaRecorder;
import dev.slipway.local.executor.ExecutionStatus;
import dev.slipway.local.executor.HistoryEvent;
import dev.slipway.local.replay.PrometheusReplay;
import dev.slipway.model.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * {@code slipway run --scenario seed}: the migrated example of docs/configuration.md ("Coming from
 * Spinnaker and Kayenta"), {@code events/demo/config/seed/slipway.yaml} and {@code canary.json},
 * loaded as committed and run end to end on the release state machine with the real handlers.
 */
class SeedScenarioTest {

  @Test
  @DisplayName(
      "seed: per-cluster Prometheus, windows: seed, the nested effectSize, Grafana tags: seed per"
          + " cluster")
  void seed_shouldReleaseWithTheNotesConventions() throws Exception {
    var outcome =
        ReleaseScenarioTest.run(
            Scenario.SEED,
            // the stack's default endpoint is dead: only the config's per-cluster block can answer
            env -> env.putFunctionEnvironment("SLIPWAY_PROMETHEUS_URL", "http://127.0.0.1:9"),
            SeedScenarioTest::checkTheNotesConventions);
    assertThat(outcome.progress()).contains("Canary").contains("Released");
  }

  static void checkTheNotesConventions(LocalEnvironment environment, ReleaseRun.Result result)
      throws Exception {
    var execution = result.execution();
    assertThat(execution.status())
        .as(execution.error() + ": " + execution.cause())
        .isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(environment.store().get("artifacts/checkout/109/canary/core.json").text())
        .contains("\"classification\" : \"Pass\"");

    // the canary asked core-1's block (its tenant header, its extraLabels) for the seed windows
    JsonNode canary = stateInput(execution.history(), "Canary");
    Instant waveStarted = Instant.parse(canary.path("progress").path("startedAt").asText());
    Instant rolledOut =
        Instant.parse(canary.path("progress").path("rollout").path("checkedAt").asText());
    List<PrometheusReplay.Request> asked = environment.prometheus().orElseThrow().requests();
    assertThat(asked).hasSize(4); // two metrics, two windows
    for (PrometheusReplay.Request r : asked) {
      assertThat(r.query()).contains("app=\"checkout\", cluster=\"core-1\"");
      assertThat(r.tenant()).isEqualTo("checkout");
      assertThat(Double.parseDouble(r.step())).isEqualTo(60.0);
    }
    var control = asked.stream().filter(r -> r.start().isBefore(waveStarted)).toList();
    var experiment = asked.stream().filter(r -> r.start().isAfter(rolledOut)).toList();
    assertThat(control).hasSize(2);
    assertThat(experiment).hasSize(2);
    for (PrometheusReplay.Request r : control) {
      // 30 points, the last one a minute before the window ends, 1 h before the wave started
      assertThat(r.start()).isEqualTo(waveStarted.minus(Duration.ofMinutes(90)));
      assertThat(r.end()).isEqualTo(waveStarted.minus(Duration.ofMinutes(61)));
    }
    for (PrometheusReplay.Request r : experiment) {
      assertThat(r.start()).isEqualTo(rolledOut.plus(Duration.ofHours(1)));
      assertThat(r.end()).isEqualTo(rolledOut.plus(Duration.ofMinutes(89)));
    }

    // one annotation per cluster, the notes' bare tags in the notes' order, a region
    GrafanaRecorder grafana = environment.grafana().orElseThrow();
    List<GrafanaRecorder.Received> starts =
        grafana.received().stream().filter(r -> r.method().equals("POST")).toList();
    assertThat(starts)
        .extracting(r -> tags(r.body()))
        .containsExactly(
            notesTags("core-1", "started"),
            notesTags("edge-1", "started"),
            notesTags("edge-2", "started"));
    Map<String, JsonNode> ended = new TreeMap<>();
    grafana.annotations().values().forEach(a -> ended.put(a.path("tags").get(3).asText(), a));
    assertThat(ended).containsOnlyKeys("core-1", "edge-1", "edge-2");
    // each spans its cluster's deploy stage: its wave's start to the rollout poll that found the
    // wave ready (the notes' time/timeEnd of Deploy (Manifest)), not the whole release
    Map<String, Instant[]> deployStages = deployStages(execution.history());
    assertThat(deployStages).containsOnlyKeys("core-1", "edge-1", "edge-2");
    assertThat(deployStages.get("core-1")[0]).isEqualTo(waveStarted);
    assertThat(deployStages.get("core-1")[1]).isEqualTo(rolledOut);
    ended.forEach(
        (cluster, a) -> {
          assertThat(a.path("time").asLong())
              .as(cluster)
              .isEqualTo(deployStages.get(cluster)[0].toEpochMilli());
          assertThat(a.path("timeEnd").asLong())
              .as(cluster)
              .isEqualTo(deployStages.get(cluster)[1].toEpochMilli());
          assertThat(tags(a)).isEqualTo(notesTags(cluster, "succeeded"));
          assertThat(a.path("isRegion").asBoolean()).as(cluster).isTrue();
          assertThat(a.path("dashboardUID").asText()).isEqualTo("releases");
          assertThat(a.path("panelId").asLong()).isEqualTo(4);
          assertThat(a.path("text").asText()).startsWith("Deploy checkout end");
        });
  }

  /** The notes' payload tags: repo, branch, build number, cluster, application, deploy, status. */
  static List<String> notesTags(String cluster, String status) {
    return List.of(
        "https://github.com/acme/checkout", "main", "109", cluster, "checkout", "deploy", status);
  }

  static List<String> tags(JsonNode annotation) {
    List<String> out = new ArrayList<>();
    annotation.path("tags").forEach(t -> out.add(t.asText()));
    return out;
  }

  /**
   * Each cluster's deploy stage as the history shows it: its wave's WaveStarted entry, and the
   * checkedAt of the rollout poll that found the wave DONE (the input of the wave's CanaryGate?).
   */
  static Map<String, Instant[]> deployStages(List<HistoryEvent> history) throws Exception {
    Map<String, Instant[]> out = new TreeMap<>();
    Instant started = null;
    for (HistoryEvent e : history) {
      if (!e.type().endsWith("StateEntered")) {
        continue;
      }
      String name = e.details().path("name").asText();
      if (name.equals("WaveStarted")) {
        started = e.timestamp();
      } else if (name.equals("CanaryGate?")) {
        JsonNode in = Json.mapper().readTree(e.details().path("input").asText());
        Instant ready =
            Instant.parse(in.path("progress").path("rollout").path("checkedAt").asText());
        for (JsonNode c : in.path("wave").path("clusters")) {
          out.put(c.path("name").asText(), new Instant[] {started, ready});
        }
      }
    }
    return out;
  }

  /** The state's input when {@code state} was first entered. */
  static JsonNode stateInput(List<HistoryEvent> history, String state) throws Exception {
    for (HistoryEvent e : history) {
      if (e.type().endsWith("StateEntered") && state.equals(e.details().path("name").asText())) {
        return Json.mapper().readTree(e.details().path("input").asText());
      }
    }
    throw new AssertionError("no state " + state + " in the history");
  }
}
