package dev.slipway.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.judge.CanaryAnalysisResult;
import dev.slipway.judge.MetricClassification;
import dev.slipway.judge.NetflixAcaJudge;
import dev.slipway.judge.ScoreThresholds;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The whole analysis against a real Prometheus: four apps share one server, each with its own
 * behaviour after the release (healthy, slower, erroring, no traffic).
 */
class CanaryAnalysisRealTest {
  static final Path CONFIG = Path.of("../../events/canary/prometheus/canary-config.json");
  static Scenario scenario;
  static RealPrometheus prometheus;
  static CanarySpec spec;

  @BeforeAll
  static void start() throws Exception {
    scenario = new Scenario(Clock.systemUTC());
    prometheus = RealPrometheus.start(scenario.openMetrics());
    spec = CanarySpec.parse(Files.readString(CONFIG));
  }

  @AfterAll
  static void stop() throws Exception {
    if (prometheus != null) {
      prometheus.close();
    }
  }

  static AnalysisOutcome analyze(String app) {
    CanaryAnalysis analysis =
        new CanaryAnalysis(
            new PrometheusHttpClient(PrometheusEndpoint.of(prometheus.url())),
            new NetflixAcaJudge(new SplittableRandom(7)));
    return analysis.analyze(
        new AnalysisRequest(
            spec,
            scenario.windows,
            Scenario.builtins(app),
            Map.of(),
            ScoreThresholds.DEFAULT,
            DataGate.DEFAULT));
  }

  static MetricClassification classification(AnalysisOutcome o, String metric) {
    return o.result().results().stream()
        .filter(r -> r.name().equals(metric))
        .map(CanaryAnalysisResult::classification)
        .findFirst()
        .orElseThrow();
  }

  @Test
  @DisplayName("healthy release: every metric Pass, verdict Pass, score 100")
  void healthy_shouldPass() {
    AnalysisOutcome o = analyze("healthy");
    assertThat(o.result().results())
        .extracting(CanaryAnalysisResult::classification)
        .containsOnly(MetricClassification.PASS);
    assertThat(o.verdict()).isEqualTo(CanaryVerdict.PASS);
    assertThat(o.score()).isEqualTo(100.0);
    assertThat(o.summary()).startsWith("Pass — score 100.0");
    assertThat(o.gated()).isEmpty();
  }

  @Test
  @DisplayName("latency regression: p95 and p50 High, Latency group 0, verdict Fail at score 60")
  void latencyRegression_shouldFail() {
    AnalysisOutcome o = analyze("slow");
    assertThat(classification(o, "client 95P Latency")).isEqualTo(MetricClassification.HIGH);
    assertThat(classification(o, "client 50P Latency")).isEqualTo(MetricClassification.HIGH);
    assertThat(classification(o, "error rate")).isEqualTo(MetricClassification.PASS);
    assertThat(o.verdict()).isEqualTo(CanaryVerdict.FAIL);
    assertThat(o.score()).isEqualTo(60.0);
    Deviation p95 =
        o.deviations().stream()
            .filter(d -> d.metric().equals("client 95P Latency"))
            .findFirst()
            .orElseThrow();
    // median latency doubled: the p95 roughly doubles too
    assertThat(p95.ratio()).isBetween(1.8, 2.2);
    assertThat(o.summary()).contains("client 95P Latency{app=slow,status=OK} (High)");
  }

  @Test
  @DisplayName("error-rate regression in the critical Errors group: High (Critical), Fail at 0")
  void errorRegression_shouldFailOnTheCriticalMetric() {
    AnalysisOutcome o = analyze("erroring");
    CanaryAnalysisResult errors =
        o.result().results().stream()
            .filter(r -> r.name().equals("error rate"))
            .findFirst()
            .orElseThrow();
    assertThat(errors.classification()).isEqualTo(MetricClassification.HIGH);
    assertThat(errors.critical()).isTrue();
    assertThat(o.verdict()).isEqualTo(CanaryVerdict.FAIL);
    assertThat(o.score()).isZero();
    assertThat(o.result().score().classificationReason())
        .isEqualTo("Canary Failed: The metric error rate was classified as High (Critical)");
  }

  @Test
  @DisplayName("traffic drop: too little data after the release, NoData rather than Fail")
  void trafficDrop_shouldBeNoData() {
    AnalysisOutcome o = analyze("quiet");
    assertThat(o.result().results())
        .extracting(CanaryAnalysisResult::classification)
        .containsOnly(MetricClassification.NODATA);
    assertThat(o.verdict()).isEqualTo(CanaryVerdict.NO_DATA);
    assertThat(o.gated()).hasSize(3);
    assertThat(o.summary()).startsWith("NoData (insufficient data)");
    assertThat(o.warnings()).anyMatch(w -> w.startsWith("insufficient data for error rate"));
  }
}
