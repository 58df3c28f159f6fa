package dev.slipway.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.judge.CanaryAnalysisResult;
import dev.slipway.judge.CanaryJudgeResult;
import dev.slipway.judge.CanaryJudgeScore;
import dev.slipway.judge.MetricClassification;
import dev.slipway.judge.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The run's verdict from the judge's result: the decision table in CanaryVerdict.decide. */
class CanaryVerdictTest {

  static CanaryAnalysisResult metric(String classification, boolean critical, boolean muted) {
    return new CanaryAnalysisResult(
        "m",
        Map.of(),
        "id",
        MetricClassification.fromJson(classification),
        null,
        List.of("g"),
        null,
        null,
        null,
        critical,
        muted);
  }

  /**
   * @param metrics space-separated classification[:critical][:muted]
   */
  @ParameterizedTest(name = "{0} | judge {1} \"{2}\" → {3}")
  @CsvSource(
      delimiter = '|',
      value = {
        "Pass Pass | Pass | | Pass",
        "Pass High | Marginal | | Marginal",
        "Pass High | Fail | | Fail",
        "High:critical Nodata Nodata | Fail | Canary Failed: The metric m was classified as High (Critical) | Fail",
        "Nodata Nodata Pass | Fail | Canary Failed: 50% or more metrics returned NODATA | NoData",
        "Nodata:critical Pass Pass | Fail | Canary Failed: Missing data for m | NoData",
        "Nodata Nodata High | Fail | Canary Failed: 50% or more metrics returned NODATA | Fail",
        "Nodata Pass Pass | Pass | | Pass",
        "NodataFailMetric Pass | Fail | | Fail",
        "High:muted Pass | Pass | | Pass",
        "Nodata:critical:muted Nodata Pass | Fail | Canary Failed: 50% or more metrics returned NODATA | NoData",
        "Error Error | Pass | | Pass"
      })
  void decide_shouldFollowTheTable(String metrics, String judged, String reason, String expected) {
    List<CanaryAnalysisResult> results = new ArrayList<>();
    for (String m : metrics.strip().split(" ")) {
      String[] parts = m.split(":");
      List<String> flags = List.of(parts).subList(1, parts.length);
      results.add(metric(parts[0], flags.contains("critical"), flags.contains("muted")));
    }
    CanaryJudgeResult r =
        new CanaryJudgeResult(
            "NetflixACAJudge-v1.0",
            results,
            List.of(),
            new CanaryJudgeScore(
                0, Verdict.fromJson(judged.strip()), reason == null ? "" : reason.strip()));
    assertThat(CanaryVerdict.decide(r).jsonName()).isEqualTo(expected.strip());
  }

  @ParameterizedTest(name = "{0} on attempt {1} → {2}")
  @CsvSource({
    "fail, 1, fail",
    "pass-with-warning, 1, pass",
    "extend-window-once, 1, extend",
    "extend-window-once, 2, fail"
  })
  void noDataPolicy_shouldAnswerWithAnAction(String policy, int attempt, String action) {
    assertThat(NoDataPolicy.fromJson(policy).action(attempt)).isEqualTo(action);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {"1.05|+5.0%", "0.9|-10.0%", "1.0|±0.0%", "2.0|+100.0%", "NaN|n/a", "0.99951|±0.0%"})
  void deviation_shouldBeASignedPercentage(double ratio, String expected) {
    assertThat(Deviation.percent(ratio)).isEqualTo(expected);
  }

  @org.junit.jupiter.api.Test
  void deviation_shouldReadLikeTheSeed() {
    assertThat(Deviation.of("latency p95", Map.of(), "Pass", 1.05).line())
        .isEqualTo("+5.0% latency p95 (Pass)");
    assertThat(Deviation.of("errors", Map.of("status", "500"), "Nodata", null).line())
        .isEqualTo("errors{status=500} (no data)");
  }
}
