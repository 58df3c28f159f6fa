package dev.slipway.judge;

import static dev.slipway.judge.MetricClassification.ERROR;
import static dev.slipway.judge.MetricClassification.HIGH;
import static dev.slipway.judge.MetricClassification.LOW;
import static dev.slipway.judge.MetricClassification.NODATA;
import static dev.slipway.judge.MetricClassification.NODATA_FAIL_METRIC;
import static dev.slipway.judge.MetricClassification.PASS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.judge.CanaryAnalysisResult.Metadata;
import dev.slipway.judge.CanaryAnalysisResult.ResultMetadata;
import dev.slipway.judge.CanaryAnalysisResult.Stats;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The scoring rules of kayenta-judge.md §7 and the surprising behaviours of §10, as a table: the
 * metric results (classification, groups, critical, muted), the configured group weights, and the
 * expected group scores, summary, verdict and reason (thresholds pass 95, marginal 75).
 */
class ScoringRulesTest {

  /** "name:Classification:group1+group2[:critical][:muted]". */
  static List<CanaryAnalysisResult> results(String spec) {
    List<CanaryAnalysisResult> out = new ArrayList<>();
    if (spec.isBlank()) {
      return out;
    }
    for (String one : spec.split(",")) {
      String[] f = one.trim().split(":", -1);
      MetricClassification c = MetricClassification.fromJson(f[1]);
      boolean critical = List.of(f).contains("critical");
      boolean muted = List.of(f).contains("muted");
      String reason =
          c == NODATA
              ? "Missing data for " + f[0]
              : critical
                  ? "The metric " + f[0] + " was classified as " + f[1] + " (Critical)"
                  : null;
      Stats stats = new Stats(1, 1, 1, 0, 1);
      out.add(
          new CanaryAnalysisResult(
              f[0],
              Map.of(),
              f[0],
              c,
              reason,
              f[2].isEmpty() ? List.of() : List.of(f[2].split("\\+")),
              new Metadata(stats),
              new Metadata(stats),
              ResultMetadata.ratioOnly(1.0),
              critical,
              muted));
    }
    return out;
  }

  static Map<String, Double> weights(String spec) {
    Map<String, Double> out = new LinkedHashMap<>();
    if (!spec.isBlank()) {
      for (String w : spec.split(",")) {
        String[] kv = w.trim().split("=");
        out.put(kv[0], Double.parseDouble(kv[1]));
      }
    }
    return out;
  }

  static Stream<Arguments> rules() {
    return Stream.of(
        Arguments.of(
            "all pass, weighted",
            "a:Pass:lat, b:Pass:err",
            "lat=40, err=60",
            "lat=100.0, err=100.0",
            100.0,
            "Pass",
            ""),
        Arguments.of(
            "group score is pass/total × 100, not rounded",
            "a:Pass:g, b:High:g, c:Low:g",
            "g=100",
            "g=33.33333333333333",
            33.33,
            "Fail",
            ""),
        Arguments.of(
            "summary rounds HALF_UP to 2 decimals",
            "a:Pass:g, b:Pass:g, c:High:g",
            "g=100",
            "g=66.66666666666666",
            66.67,
            "Fail",
            ""),
        Arguments.of(
            "Nodata and Error are not counted in their group",
            "a:Pass:g, b:Nodata:g, c:Error:g, d:High:g",
            "g=100",
            "g=50.0",
            50.0,
            "Fail",
            ""),
        Arguments.of(
            "NodataFailMetric counts as a failure",
            "a:Pass:g, b:NodataFailMetric:g",
            "g=100",
            "g=50.0",
            50.0,
            "Fail",
            ""),
        Arguments.of(
            "a group of only Error metrics is noData: reported 0.0, counted as 100",
            "a:Error:err, b:Pass:lat",
            "err=60, lat=40",
            "err=0.0, lat=100.0",
            100.0,
            "Pass",
            ""),
        Arguments.of(
            "a Nodata group counts as 100 in the summary (kayenta#325)",
            "a:Nodata:err, b:Pass:lat, c:Pass:lat",
            "err=60, lat=40",
            "err=0.0, lat=100.0",
            100.0,
            "Pass",
            ""),
        Arguments.of(
            "unweighted groups share what is left of 100",
            "a:Pass:x, b:High:y, c:Pass:z",
            "x=50",
            "x=100.0, y=0.0, z=100.0",
            75.0,
            "Marginal",
            ""),
        Arguments.of(
            "a weight for an absent group is lost",
            "a:Pass:lat",
            "lat=40, err=60",
            "lat=100.0",
            40.0,
            "Fail",
            ""),
        Arguments.of(
            "weights are not normalised: the summary can exceed 100",
            "a:Pass:x, b:Pass:y",
            "x=80, y=70",
            "x=100.0, y=100.0",
            150.0,
            "Pass",
            ""),
        Arguments.of(
            "a metric counts in every group it lists",
            "a:High:x+y, b:Pass:y",
            "x=50, y=50",
            "x=0.0, y=50.0",
            25.0,
            "Fail",
            ""),
        Arguments.of(
            "critical failure forces 0 with the first critical reason",
            "a:Pass:g, b:High:g:critical, c:Low:g:critical",
            "g=100",
            "g=33.33333333333333",
            0.0,
            "Fail",
            "Canary Failed: The metric b was classified as High (Critical)"),
        Arguments.of(
            "a critical Nodata fails the canary with its reason",
            "a:Pass:g, b:Nodata:g:critical",
            "g=100",
            "g=100.0",
            0.0,
            "Fail",
            "Canary Failed: Missing data for b"),
        Arguments.of(
            "muted metrics are scored as absent, even a critical failure",
            "a:Pass:g, b:High:g:critical:muted",
            "g=100",
            "g=100.0",
            100.0,
            "Pass",
            ""),
        Arguments.of(
            "50% Nodata forces 0",
            "a:Pass:g, b:Nodata:g",
            "g=100",
            "g=100.0",
            0.0,
            "Fail",
            "Canary Failed: 50% or more metrics returned NODATA"),
        Arguments.of(
            "49% Nodata does not",
            "a:Pass:g, b:Pass:g, c:Nodata:g", "g=100", "g=100.0", 100.0, "Pass", ""),
        Arguments.of(
            "NodataFailMetric and Error are not Nodata for the 50% rule",
            "a:Pass:g, b:NodataFailMetric:g, c:Error:g", "g=100", "g=50.0", 50.0, "Fail", ""),
        Arguments.of(
            "muted Nodata metrics do not count towards the 50%",
            "a:Pass:g, b:Nodata:g:muted, c:Nodata:h:muted", "g=100", "g=100.0", 100.0, "Pass", ""),
        Arguments.of(
            "critical wins over Nodata",
            "a:Nodata:g, b:Low:g:critical",
            "g=100",
            "g=0.0",
            0.0,
            "Fail",
            "Canary Failed: The metric b was classified as Low (Critical)"),
        Arguments.of("no results: 0/0 is not ≥ 50, summary 0", "", "g=100", "", 0.0, "Fail", ""),
        Arguments.of(
            "a metric with no groups counts in no group",
            "a:High:, b:Pass:g",
            "g=100",
            "g=100.0",
            100.0,
            "Pass",
            ""));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rules")
  void score_shouldFollowKayentasRules(
      String title,
      String resultSpec,
      String weightSpec,
      String groupSpec,
      double summary,
      String verdict,
      String reason) {
    WeightedSumScorer.Scores s =
        WeightedSumScorer.score(
            results(resultSpec), weights(weightSpec), new ScoreThresholds(95, 75));
    List<String> groups = s.groupScores().stream().map(g -> g.name() + "=" + g.score()).toList();
    assertThat(String.join(", ", groups)).isEqualTo(groupSpec);
    assertThat(s.groupScores()).allMatch(g -> g.classification().isEmpty());
    assertThat(s.groupScores()).allMatch(g -> g.classificationReason().isEmpty());
    assertThat(s.score().score()).isEqualTo(summary);
    assertThat(s.score().classification().jsonName()).isEqualTo(verdict);
    assertThat(s.score().classificationReason()).isEqualTo(reason);
  }

  @ParameterizedTest(name = "score {0} with pass {1}, marginal {2} → {3}")
  @CsvSource({
    "95.0, 95, 75, Pass",
    "94.99, 95, 75, Marginal",
    "75.0, 95, 75, Marginal",
    "74.99, 95, 75, Fail",
    "0.0, 0, 0, Pass",
    "100.0, 100, 50, Pass"
  })
  void score_shouldClassifyWithGreaterOrEqual_atThresholds(
      double weight, double pass, double marginal, String verdict) {
    // one passing group whose weight is the summary
    WeightedSumScorer.Scores s =
        WeightedSumScorer.score(
            results("a:Pass:g"), Map.of("g", weight), new ScoreThresholds(pass, marginal));
    assertThat(s.score().score()).isEqualTo(weight);
    assertThat(s.score().classification().jsonName()).isEqualTo(verdict);
  }

  @ParameterizedTest(name = "weight {0} → summary {1}")
  @CsvSource({"0.285, 0.29", "1.005, 1.01", "33.335, 33.34", "12.344, 12.34"})
  @DisplayName("rounding is HALF_UP on the decimal string of the double")
  void score_shouldRoundHalfUpOnTheDecimalString(double weight, double expected) {
    // 100.0 × (w / 100) reproduces w's decimal string for these weights
    WeightedSumScorer.Scores s =
        WeightedSumScorer.score(
            results("a:Pass:g"), Map.of("g", weight), new ScoreThresholds(95, 75));
    assertThat(s.score().score()).isEqualTo(expected);
  }

  @Test
  @DisplayName("an Error metric alone scores 100 and passes (kayenta-judge.md §10.1)")
  void judge_shouldPass_whenOnlyMetricIsError() {
    CanaryJudgeResult r =
        new NetflixAcaJudge(new SplittableRandom(1))
            .judge(
                TestConfigs.oneMetric("{\"critical\": true}"),
                ScoreThresholds.DEFAULT,
                List.of(TestConfigs.pair("m", new double[] {2.5}, new double[] {3.0})));
    assertThat(r.results().get(0).classification()).isEqualTo(ERROR);
    assertThat(r.groupScores()).containsExactly(new CanaryJudgeGroupScore("g", 0.0, "", ""));
    assertThat(r.score()).isEqualTo(new CanaryJudgeScore(100.0, Verdict.PASS, ""));
  }

  @Test
  @DisplayName("muted results stay in results[] with their critical flag")
  void judge_shouldKeepMutedResults_inResults() {
    CanaryConfig config =
        CanaryConfig.parse(
            """
            {"metrics": [
               {"name": "a", "groups": ["g"]},
               {"name": "b", "groups": ["g"],
                "analysisConfigurations": {"canary": {"critical": true, "muted": true}}}],
             "classifier": {"groupWeights": {"g": 100}}}
            """);
    double[] low = ClassificationBranchesTest.LOW_SIDE;
    double[] high = ClassificationBranchesTest.HIGH_SIDE;
    CanaryJudgeResult r =
        new NetflixAcaJudge(new SplittableRandom(1))
            .judge(
                config,
                ScoreThresholds.DEFAULT,
                List.of(TestConfigs.pair("a", low, low), TestConfigs.pair("b", low, high)));
    assertThat(r.results()).extracting(CanaryAnalysisResult::name).containsExactly("a", "b");
    CanaryAnalysisResult b = r.results().get(1);
    assertThat(b.classification()).isEqualTo(HIGH);
    assertThat(b.critical()).isTrue();
    assertThat(b.muted()).isTrue();
    assertThat(r.score()).isEqualTo(new CanaryJudgeScore(100.0, Verdict.PASS, ""));
  }

  @Test
  void score_shouldNotCountLowAsPass() {
    assertThat(
            WeightedSumScorer.score(
                    results("a:Low:g, b:Pass:g"), Map.of("g", 100.0), ScoreThresholds.DEFAULT)
                .score()
                .score())
        .isEqualTo(50.0);
    assertThat(List.of(PASS, HIGH, LOW, NODATA, NODATA_FAIL_METRIC, ERROR)).hasSize(6);
  }
}
