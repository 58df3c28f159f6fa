package dev.slipway.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.judge.NetflixAcaJudge;
import dev.slipway.local.replay.PrometheusReplay;
import dev.slipway.model.Json;
import dev.slipway.store.InMemoryArtifactStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One canary state over a gate of several clusters, each answered by its own replayed Prometheus
 * (healthy, a latency regression, a traffic drop): the wave's verdict and what the NoData policy
 * makes of it.
 */
class CanaryGateTest {
  static final Path EVENT = CanaryHandlerTest.EVENT;
  static final Path RECORDINGS = CanaryHandlerTest.RECORDINGS;

  /** Cluster → the recording its Prometheus replays. */
  static final Map<String, String> RECORDED =
      Map.of(
          "healthy-1", "healthy.json",
          "healthy-2", "healthy.json",
          "slower-1", "latency-regression.json",
          "quiet-1", "traffic-drop.json");

  static final Map<String, PrometheusReplay> replays =
      new java.util.concurrent.ConcurrentHashMap<>();
  final InMemoryArtifactStore store = new InMemoryArtifactStore();

  @BeforeAll
  static void start() {
    RECORDED.forEach((cluster, recording) -> replays.put(cluster, replay(cluster, recording)));
  }

  /** {@code recording} (made on cluster prod-1) answering {@code cluster}'s queries. */
  static PrometheusReplay replay(String cluster, String recording) {
    return PrometheusReplay.start(
        RECORDINGS.resolve(recording),
        Instant.parse("2026-11-26T21:00:00Z"),
        new PrometheusReplay.Options(
            Map.of("cluster=\"prod-1\"", "cluster=\"" + cluster + "\""), false));
  }

  @AfterAll
  static void stop() {
    replays.values().forEach(PrometheusReplay::close);
  }

  /** The event's canary state over {@code clusters}, with {@code analysis} settings merged in. */
  CanaryStateOutput run(List<String> clusters, Map<String, Object> analysis) throws Exception {
    store.put(
        "config/canary/search.json",
        Files.readAllBytes(RECORDINGS.resolve("canary-config.json")),
        "application/json");
    ObjectNode in = (ObjectNode) Json.mapper().readTree(Files.readAllBytes(EVENT));
    in.remove("cluster");
    in.set("clusters", Json.mapper().valueToTree(clusters));
    ((ObjectNode) in.get("analysis")).setAll((ObjectNode) Json.mapper().valueToTree(analysis));
    PrometheusRouting routing =
        cluster ->
            new PrometheusRouting.Target(
                new PrometheusHttpClient(PrometheusEndpoint.of(replays.get(cluster).url())), "");
    CanaryService service =
        new CanaryService(
            routing,
            new NetflixAcaJudge(new SplittableRandom(3)),
            store,
            CanaryHandlerTest.AT_2145);
    return service.run(Json.mapper().treeToValue(in, CanaryStateInput.class));
  }

  static List<String> verdicts(CanaryStateOutput out) {
    return out.clusters().stream().map(c -> c.cluster() + "=" + c.verdict()).toList();
  }

  @Test
  void gate_shouldPass_onlyWhenEveryClusterPasses() throws Exception {
    CanaryStateOutput out = run(List.of("healthy-1", "healthy-2"), Map.of());

    assertThat(out.verdict()).isEqualTo("Pass");
    assertThat(verdicts(out)).containsExactly("healthy-1=Pass", "healthy-2=Pass");
    assertThat(out.noDataAction()).isNull();
  }

  @Test
  void gate_shouldFail_whenOneClusterRegressed_andNameIt() throws Exception {
    CanaryStateOutput out = run(List.of("healthy-1", "slower-1", "quiet-1"), Map.of());

    assertThat(out.verdict()).isEqualTo("Fail");
    assertThat(verdicts(out)).containsExactly("healthy-1=Pass", "slower-1=Fail", "quiet-1=NoData");
    assertThat(out.summary())
        .startsWith(
            "Fail — 1 of 3 gate clusters passed: slower-1 Fail (score 60.0), quiet-1 NoData")
        .contains(". slower-1: Fail — score 60.0");
    assertThat(out.deviations())
        .filteredOn(d -> d.classification().equals("High"))
        .allSatisfy(d -> assertThat(d.cluster()).isEqualTo("slower-1"));
    assertThat(out.noDataAction()).isNull();
  }

  @Test
  void gate_shouldBeMarginal_whenOneClusterIsMarginalAndNoneWorse() throws Exception {
    // a marginal threshold of 50 makes the regression's score of 60 Marginal
    CanaryStateOutput out = run(List.of("healthy-1", "slower-1"), Map.of("marginal", 50));

    assertThat(out.verdict()).isEqualTo("Marginal");
    assertThat(verdicts(out)).containsExactly("healthy-1=Pass", "slower-1=Marginal");
    assertThat(out.score()).isEqualTo(60.0);
  }

  @Test
  void gate_shouldTakeTheNoDataPath_overAMarginalCluster_andExtendEveryClustersWindows()
      throws Exception {
    CanaryStateOutput out = run(List.of("slower-1", "quiet-1"), Map.of("marginal", 50));

    // the event's onNoData: extend-window-once — the whole gate is judged again, once
    assertThat(out.verdict()).isEqualTo("NoData");
    assertThat(out.noDataAction()).isEqualTo("extend");
    assertThat(out.nextAttempt()).isEqualTo(2);
    assertThat(out.waitSeconds()).isEqualTo(1800);
  }

  @Test
  void passWithWarning_shouldPassTheClustersWithoutData_butLeaveAMarginalOneToOnMarginal()
      throws Exception {
    CanaryStateOutput marginal =
        run(
            List.of("slower-1", "quiet-1"),
            Map.of("marginal", 50, "onNoData", "pass-with-warning"));
    assertThat(marginal.verdict()).isEqualTo("Marginal");
    assertThat(marginal.noDataAction()).isNull();
    assertThat(marginal.summary()).contains("the Marginal verdict of the others decides");

    CanaryStateOutput passed =
        run(List.of("healthy-1", "quiet-1"), Map.of("onNoData", "pass-with-warning"));
    assertThat(passed.verdict()).isEqualTo("NoData");
    assertThat(passed.noDataAction()).isEqualTo("pass");
  }

  @Test
  void state_shouldCarryAtMostTheBoundOfClusterVerdicts_theWorstChosen() throws Exception {
    // 30 healthy clusters and one slow one, the slow one last: 31 analyses in one call
    List<String> names = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      names.add("many-" + i);
    }
    names.add("slower-1");
    List<PrometheusReplay> more = new ArrayList<>();
    try {
      for (int i = 0; i < 30; i++) {
        PrometheusReplay r = replay("many-" + i, "healthy.json");
        more.add(r);
        replays.put("many-" + i, r);
      }

      CanaryStateOutput out = run(names, Map.of());

      assertThat(out.verdict()).isEqualTo("Fail");
      assertThat(out.clusterCount()).isEqualTo(31);
      assertThat(out.clusters()).hasSize(CanaryStateOutput.IN_STATE_CLUSTERS);
      assertThat(out.clusters().get(CanaryStateOutput.IN_STATE_CLUSTERS - 1).cluster())
          .isEqualTo("slower-1");
      assertThat(out.summary()).contains("and 6 more (see the report)");
      assertThat(Json.mapper().writeValueAsBytes(out).length).isLessThan(8 * 1024);
    } finally {
      more.forEach(PrometheusReplay::close);
      names.forEach(n -> replays.remove(n.startsWith("many-") ? n : ""));
    }
  }
}
