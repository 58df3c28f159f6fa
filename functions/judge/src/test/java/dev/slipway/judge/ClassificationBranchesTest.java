package dev.slipway.judge;

import static dev.slipway.judge.TestConfigs.oneMetric;
import static dev.slipway.judge.TestConfigs.pair;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every branch of the MannWhitneyClassifier decision procedure (kayenta-judge.md §3–§4), one row
 * per branch: the metric's canary settings, its data, and the expected classification, reason,
 * critical flag and ratio.
 */
class ClassificationBranchesTest {
  static final double NAN = Double.NaN;
  static final double[] LOW_SIDE = {
    10, 11, 12, 10.5, 11.5, 10.2, 11.8, 10.9, 11.1, 10.7, 11.3, 10.1
  };
  static final double[] HIGH_SIDE = {
    20, 21, 22, 20.5, 21.5, 20.2, 21.8, 20.9, 21.1, 20.7, 21.3, 20.1
  };

  static Stream<Arguments> branches() {
    return Stream.of(
        Arguments.of(
            "missing experiment → Nodata",
            "{}",
            new double[] {1, 2},
            new double[] {NAN, NAN},
            "Nodata",
            "Missing data for m",
            false,
            1.0),
        Arguments.of(
            "missing control, critical → Nodata, critical",
            "{\"critical\": true}",
            new double[] {},
            new double[] {1, 2},
            "Nodata",
            "Missing data for m",
            true,
            1.0),
        Arguments.of(
            "missing, mustHaveData → NodataFailMetric",
            "{\"mustHaveData\": true}",
            new double[] {NAN},
            new double[] {1, 2},
            "NodataFailMetric",
            "Missing data for m",
            false,
            1.0),
        Arguments.of(
            "missing, mustHaveData and critical → Nodata, critical",
            "{\"mustHaveData\": true, \"critical\": true}",
            new double[] {},
            new double[] {1},
            "Nodata",
            "Missing data for m",
            true,
            1.0),
        Arguments.of(
            "missing under replace → Pass (mustHaveData ignored, kayenta#700)",
            "{\"nanStrategy\": \"replace\", \"mustHaveData\": true, \"critical\": true}",
            new double[] {},
            new double[] {1, 2},
            "Pass",
            null,
            false,
            1.0),
        Arguments.of(
            "both sides empty under replace → Pass",
            "{\"nanStrategy\": \"replace\"}",
            new double[] {},
            new double[] {},
            "Pass",
            null,
            false,
            1.0),
        Arguments.of(
            "identical data → Pass with reason",
            "{}",
            new double[] {3, 1, 2},
            new double[] {1, 2, 3},
            "Pass",
            "The Canary and Baseline data are identical",
            false,
            1.0),
        Arguments.of(
            "one value overall (different lengths) → Pass, no reason",
            "{}",
            new double[] {5, 5, 5},
            new double[] {5, 5},
            "Pass",
            null,
            false,
            1.0),
        Arguments.of(
            "higher experiment → High",
            "{}",
            LOW_SIDE,
            HIGH_SIDE,
            "High",
            "m was classified as High",
            false,
            ratio(LOW_SIDE, HIGH_SIDE)),
        Arguments.of(
            "lower experiment → Low",
            "{}",
            HIGH_SIDE,
            LOW_SIDE,
            "Low",
            "m was classified as Low",
            false,
            ratio(HIGH_SIDE, LOW_SIDE)),
        Arguments.of(
            "higher but direction decrease → Pass",
            "{\"direction\": \"decrease\"}",
            LOW_SIDE,
            HIGH_SIDE,
            "Pass",
            null,
            false,
            ratio(LOW_SIDE, HIGH_SIDE)),
        Arguments.of(
            "lower but direction increase → Pass",
            "{\"direction\": \"increase\"}",
            HIGH_SIDE,
            LOW_SIDE,
            "Pass",
            null,
            false,
            ratio(HIGH_SIDE, LOW_SIDE)),
        Arguments.of(
            "allowedIncrease vetoes a High",
            "{\"effectSize\": {\"allowedIncrease\": 2.5}}",
            LOW_SIDE,
            HIGH_SIDE,
            "Pass",
            null,
            false,
            ratio(LOW_SIDE, HIGH_SIDE)),
        Arguments.of(
            "allowedDecrease vetoes a Low",
            "{\"effectSize\": {\"allowedDecrease\": 0.4}}",
            HIGH_SIDE,
            LOW_SIDE,
            "Pass",
            null,
            false,
            ratio(HIGH_SIDE, LOW_SIDE)),
        Arguments.of(
            "critical High with default thresholds → critical",
            "{\"critical\": true}",
            LOW_SIDE,
            HIGH_SIDE,
            "High",
            "The metric m was classified as High (Critical)",
            true,
            ratio(LOW_SIDE, HIGH_SIDE)),
        Arguments.of(
            "critical Low → critical",
            "{\"critical\": true}",
            HIGH_SIDE,
            LOW_SIDE,
            "Low",
            "The metric m was classified as Low (Critical)",
            true,
            ratio(HIGH_SIDE, LOW_SIDE)),
        Arguments.of(
            "critical High below criticalIncrease → High, not critical",
            "{\"critical\": true, \"effectSize\": {\"criticalIncrease\": 3.0}}",
            LOW_SIDE,
            HIGH_SIDE,
            "High",
            "m was classified as High",
            false,
            ratio(LOW_SIDE, HIGH_SIDE)),
        Arguments.of(
            "critical Low above criticalDecrease → Low, not critical",
            "{\"critical\": true, \"effectSize\": {\"criticalDecrease\": 0.2}}",
            HIGH_SIDE,
            LOW_SIDE,
            "Low",
            "m was classified as Low",
            false,
            ratio(HIGH_SIDE, LOW_SIDE)),
        Arguments.of(
            "zero control mean: ratio NaN disables the effect-size gate",
            "{\"effectSize\": {\"allowedIncrease\": 100}}",
            new double[] {0, 0, 0, 0, 0},
            new double[] {54.9, 54.5, 55.1, 55.6, 57.4},
            "High",
            "m was classified as High",
            false,
            NAN),
        Arguments.of(
            "cles measure: effect size 1.0 passes allowedIncrease 0.9",
            "{\"effectSize\": {\"measure\": \"cles\", \"allowedIncrease\": 0.9}}",
            LOW_SIDE,
            HIGH_SIDE,
            "High",
            "m was classified as High",
            false,
            ratio(LOW_SIDE, HIGH_SIDE)),
        Arguments.of(
            "NaN removed before comparing (padding ignored)",
            "{}",
            new double[] {1, 2, 3, NAN},
            new double[] {NAN, 3, 2, 1},
            "Pass",
            "The Canary and Baseline data are identical",
            false,
            1.0),
        Arguments.of(
            "NaN replaced with 0 before comparing",
            "{\"nanStrategy\": \"replace\"}",
            new double[] {NAN, NAN, NAN},
            new double[] {0, 0, 0},
            "Pass",
            "The Canary and Baseline data are identical",
            false,
            1.0),
        Arguments.of(
            "E=[3.0] C=[2.5] → Error (σ = 0 at the interval ends)",
            "{\"critical\": true}",
            new double[] {2.5},
            new double[] {3.0},
            "Error",
            "Metric Classification Failed",
            false,
            null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("branches")
  void judge_shouldFollowKayentasDecisionProcedure(
      String title,
      String canary,
      double[] control,
      double[] experiment,
      String classification,
      String reason,
      boolean critical,
      Double ratio) {
    CanaryAnalysisResult r = TestConfigs.judgeOne(3, canary, control, experiment);
    assertThat(r.classification().jsonName()).isEqualTo(classification);
    assertThat(r.classificationReason()).isEqualTo(reason);
    assertThat(r.critical()).isEqualTo(critical);
    if (ratio == null) {
      assertThat(r.resultMetadata()).isNull();
    } else {
      assertThat(r.resultMetadata().ratio()).isEqualTo(ratio);
    }
  }

  @Test
  @DisplayName("the interval, estimate and effect size are reported whenever the test ran")
  void judge_shouldReportIntervalAndEffectSize_whenTestRan() {
    CanaryAnalysisResult r = TestConfigs.judgeOne(3, "{}", LOW_SIDE, HIGH_SIDE);
    var m = r.resultMetadata();
    assertThat(m.lowerConfidence()).isGreaterThan(0).isLessThan(m.upperConfidence());
    assertThat(m.estimate()).isBetween(m.lowerConfidence(), m.upperConfidence());
    assertThat(m.effectSize()).isEqualTo(m.ratio());
    CanaryAnalysisResult early = TestConfigs.judgeOne(3, "{}", LOW_SIDE, LOW_SIDE);
    assertThat(early.resultMetadata().lowerConfidence()).isNull();
    assertThat(early.resultMetadata().effectSize()).isNull();
  }

  @Test
  @DisplayName("judgeConfigurations tolerance/confLevel change the verdict; absent gives Kayenta's")
  void judge_shouldUseToleranceOverride_whenConfigured() {
    var pairs = List.of(pair("m", LOW_SIDE, HIGH_SIDE));
    String metrics = "\"metrics\": [{\"name\": \"m\", \"groups\": [\"g\"]}], \"classifier\": {}";
    CanaryConfig kayenta = CanaryConfig.parse("{" + metrics + "}");
    CanaryConfig explicitDefaults =
        CanaryConfig.parse(
            "{\"judge\": {\"judgeConfigurations\": {\"tolerance\": 0.25, \"confLevel\": 0.98}}, "
                + metrics
                + "}");
    CanaryConfig lenient =
        CanaryConfig.parse(
            "{\"judge\": {\"judgeConfigurations\": {\"tolerance\": 1.0}}, " + metrics + "}");
    var judge = new NetflixAcaJudge(new SplittableRandom(3));
    CanaryJudgeResult base = judge.judge(kayenta, ScoreThresholds.DEFAULT, pairs);
    assertThat(base.results().get(0).classification()).isEqualTo(MetricClassification.HIGH);
    assertThat(judge.judge(explicitDefaults, ScoreThresholds.DEFAULT, pairs)).isEqualTo(base);
    assertThat(
            judge.judge(lenient, ScoreThresholds.DEFAULT, pairs).results().get(0).classification())
        .isEqualTo(MetricClassification.PASS);
  }

  @Test
  @DisplayName("E=[3.0] C=[2.5] is Error for every seed (kayenta-judge.md §10.1)")
  void judge_shouldBeError_forEverySeed_whenOnePointEachSide() {
    for (int seed = 0; seed < 300; seed++) {
      CanaryAnalysisResult r =
          TestConfigs.judgeOne(seed, "{}", new double[] {2.5}, new double[] {3.0});
      assertThat(r.classification()).as("seed " + seed).isEqualTo(MetricClassification.ERROR);
    }
  }

  @Test
  @DisplayName(
      "E=[1.0] C=[2.0] is mostly Error, sometimes Low when rounding breaks the tie (§10.1; Kayenta 489/11, here 487/13)")
  void judge_shouldBeMostlyError_whenOnePointEachSideAndNoiseDecides() {
    java.util.Map<MetricClassification, Integer> counts =
        new java.util.EnumMap<>(MetricClassification.class);
    for (int seed = 0; seed < 500; seed++) {
      counts.merge(
          TestConfigs.judgeOne(seed, "{}", new double[] {2.0}, new double[] {1.0}).classification(),
          1,
          Integer::sum);
    }
    assertThat(counts.keySet()).containsOnly(MetricClassification.ERROR, MetricClassification.LOW);
    assertThat(counts.get(MetricClassification.ERROR)).isGreaterThan(450);
    assertThat(counts.get(MetricClassification.LOW)).isPositive();
  }

  @Test
  @DisplayName(
      "two constant sides get seeded noise: same seed, same ratio; ratio is not exactly 10")
  void judge_shouldAddReproducibleNoise_whenBothSidesConstant() {
    var pairs = List.of(pair("m", new double[] {1, 1, 1, 1, 1}, new double[] {10, 10, 10, 10, 10}));
    CanaryJudgeResult a =
        new NetflixAcaJudge(new SplittableRandom(42))
            .judge(oneMetric("{}"), ScoreThresholds.DEFAULT, pairs);
    CanaryJudgeResult b =
        new NetflixAcaJudge(new SplittableRandom(42))
            .judge(oneMetric("{}"), ScoreThresholds.DEFAULT, pairs);
    CanaryJudgeResult c =
        new NetflixAcaJudge(new SplittableRandom(43))
            .judge(oneMetric("{}"), ScoreThresholds.DEFAULT, pairs);
    double ratio = a.results().get(0).resultMetadata().ratio();
    assertThat(a).isEqualTo(b);
    assertThat(ratio)
        .isNotEqualTo(10.0)
        .isCloseTo(10.0, org.assertj.core.api.Assertions.within(1e-3));
    assertThat(c.results().get(0).resultMetadata().ratio()).isNotEqualTo(ratio);
    assertThat(a.results().get(0).classification()).isEqualTo(MetricClassification.HIGH);
    // stats are computed before the noise
    assertThat(a.results().get(0).experimentMetadata().stats().mean()).isEqualTo(10.0);
  }

  private static double ratio(double[] control, double[] experiment) {
    return Preprocessing.meanRatio(control, experiment);
  }
}
