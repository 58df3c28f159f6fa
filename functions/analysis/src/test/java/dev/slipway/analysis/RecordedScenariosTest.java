package dev.slipway.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.judge.NetflixAcaJudge;
import dev.slipway.judge.ScoreThresholds;
import dev.slipway.local.replay.PrometheusReplay;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The recorded scenarios in events/canary/prometheus/, replayed at another time by local/replay's
 * {@link PrometheusReplay} and analysed over HTTP as the canary function does.
 */
class RecordedScenariosTest {
  static final Path EVENTS = Path.of("../../events/canary/prometheus");
  static final Instant RELEASE = Instant.parse("2026-11-26T21:00:00Z");

  static AnalysisOutcome analyzeRecording(String file) throws Exception {
    return analyzeRecording(
        file, PrometheusReplay.Options.EXACT, Duration.ofMinutes(2), "search", "prod-1");
  }

  static AnalysisOutcome analyzeRecording(
      String file, PrometheusReplay.Options options, Duration rollout, String app, String cluster)
      throws Exception {
    try (PrometheusReplay replay = PrometheusReplay.start(EVENTS.resolve(file), RELEASE, options)) {
      CanarySpec spec = CanarySpec.parse(Files.readString(EVENTS.resolve("canary-config.json")));
      CanaryWindows windows = WindowSettings.DEFAULT.around(RELEASE, RELEASE.plus(rollout));
      return new CanaryAnalysis(
              new PrometheusHttpClient(PrometheusEndpoint.of(replay.url())),
              new NetflixAcaJudge(new SplittableRandom(1)))
          .analyze(
              new AnalysisRequest(
                  spec,
                  windows,
                  Map.of("app", app, "cluster", cluster, "scope", app, "location", cluster),
                  Map.of(),
                  ScoreThresholds.DEFAULT,
                  DataGate.DEFAULT));
    }
  }

  @Test
  void healthyRecording_shouldPass_whenReplayedAtAnotherTime() throws Exception {
    AnalysisOutcome o = analyzeRecording("healthy.json");
    assertThat(o.verdict()).isEqualTo(CanaryVerdict.PASS);
    assertThat(o.pairs()).allSatisfy(p -> assertThat(p.control().finite()).isEqualTo(30));
  }

  @Test
  void latencyRegressionRecording_shouldFail_whenReplayedAtAnotherTime() throws Exception {
    AnalysisOutcome o = analyzeRecording("latency-regression.json");
    assertThat(o.verdict()).isEqualTo(CanaryVerdict.FAIL);
    assertThat(o.summary()).contains("client 95P Latency").contains("(High)");
  }

  @Test
  void alignedReplay_shouldServeAnotherAppAndRolloutTime_whenQueriesAreRewritten()
      throws Exception {
    var options =
        new PrometheusReplay.Options(
            Map.of(
                "app=\"search\"", "app=\"checkout\"", "cluster=\"prod-1\"", "cluster=\"core-1\""),
            true);
    AnalysisOutcome healthy =
        analyzeRecording("healthy.json", options, Duration.ofSeconds(437), "checkout", "core-1");
    AnalysisOutcome regression =
        analyzeRecording(
            "latency-regression.json", options, Duration.ofSeconds(437), "checkout", "core-1");

    assertThat(healthy.verdict()).isEqualTo(CanaryVerdict.PASS);
    assertThat(healthy.pairs()).allSatisfy(p -> assertThat(p.control().finite()).isEqualTo(30));
    assertThat(regression.verdict()).isEqualTo(CanaryVerdict.FAIL);
  }

  @Test
  void exactReplay_shouldNotAnswer_whenTheRolloutTookAnotherTime() {
    assertThatThrownBy(
            () ->
                analyzeRecording(
                    "healthy.json",
                    PrometheusReplay.Options.EXACT,
                    Duration.ofSeconds(437),
                    "search",
                    "prod-1"))
        .hasMessageContaining("no recording");
  }

  @Test
  void unrecordedQuery_shouldBeBadQuery_throughTheHttpClient() {
    try (PrometheusReplay replay =
        PrometheusReplay.start(EVENTS.resolve("healthy.json"), RELEASE)) {
      PrometheusHttpClient http = new PrometheusHttpClient(PrometheusEndpoint.of(replay.url()));
      assertThatThrownBy(
              () -> http.rangeQuery("up", RELEASE, RELEASE.plusSeconds(60), Duration.ofMinutes(1)))
          .hasMessageStartingWith(CanaryErrors.BAD_QUERY)
          .hasMessageContaining("slipway replay has no recording for query 'up'");
    }
  }
}
