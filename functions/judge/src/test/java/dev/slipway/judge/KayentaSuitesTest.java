package dev.slipway.judge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Kayenta's ClassifierSuite and MannWhitneySuite vectors, run through Slipway's judge. */
class KayentaSuitesTest {

  static List<KayentaVectors> classifierSuite() {
    return KayentaVectors.load("classifier-suite.json");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("classifierSuite")
  @DisplayName("Kayenta ClassifierSuite: same classification and critical flag")
  void judge_shouldClassifyLikeKayenta(KayentaVectors v) {
    for (NetflixAcaJudge judge :
        List.of(
            new NetflixAcaJudge(new SplittableRandom(7)),
            new NetflixAcaJudge(new SplittableRandom(7), new ReferenceMannWhitney(), false))) {
      CanaryAnalysisResult r =
          judge.judge(v.config(), ScoreThresholds.DEFAULT, List.of(v.pair())).results().get(0);
      assertThat(r.classification().jsonName()).isEqualTo(v.node().get("expected").asText());
      assertThat(r.critical()).isEqualTo(v.node().get("expectedCritical").asBoolean());
    }
  }

  @Test
  @DisplayName("High Metric (Large Input): the interval comes out inverted, as observed in Kayenta")
  void judge_shouldReproduceInvertedInterval_whenZeroHeavyData() {
    KayentaVectors v =
        classifierSuite().stream()
            .filter(c -> c.name().equals("High Metric (Large Input)"))
            .findFirst()
            .orElseThrow();
    CanaryAnalysisResult r =
        new NetflixAcaJudge(new SplittableRandom(1))
            .judge(v.config(), ScoreThresholds.DEFAULT, List.of(v.pair()))
            .results()
            .get(0);
    var m = r.resultMetadata();
    // kayenta-judge.md §5: CI = [3.52e-5, 2.02e-5], estimate 2.63e-5 (three significant digits)
    assertThat(m.lowerConfidence()).isCloseTo(3.52e-5, within(0.005e-5));
    assertThat(m.upperConfidence()).isCloseTo(2.02e-5, within(0.005e-5));
    assertThat(m.estimate()).isCloseTo(2.63e-5, within(0.005e-5));
    assertThat(m.lowerConfidence()).isGreaterThan(m.upperConfidence());
    assertThat(r.classification()).isEqualTo(MetricClassification.HIGH);
  }

  @Test
  @DisplayName("MannWhitneySuite: small samples give the endpoint rule's [muMin, muMax]")
  void interval_shouldBeMuMinMuMax_whenSamplesTooSmall() {
    double[] x = {10, 20, 30, 40};
    double[] y = {1, 2, 3, 4};
    for (MannWhitneyInterval.Engine engine :
        List.of(new FastMannWhitney(), new ReferenceMannWhitney())) {
      MannWhitneyInterval mw = engine.interval(x, y, 0.95);
      assertThat(mw.lowerConfidence()).isEqualTo(6.0);
      assertThat(mw.upperConfidence()).isEqualTo(39.0);
      assertThat(mw.estimate()).isEqualTo(22.5);
    }
  }

  @Test
  @DisplayName("MannWhitneySuite: tie out with R version")
  void interval_shouldTieOutWithR_whenKayentaSuiteVector() {
    KayentaVectors v = KayentaVectors.load("mannwhitney-suite.json").get(0);
    for (MannWhitneyInterval.Engine engine :
        List.of(new FastMannWhitney(), new ReferenceMannWhitney())) {
      MannWhitneyInterval mw = engine.interval(v.experiment(), v.control(), 0.95);
      assertThat(mw.lowerConfidence()).isCloseTo(v.node().get("lower").asDouble(), within(1e-6));
      assertThat(mw.upperConfidence()).isCloseTo(v.node().get("upper").asDouble(), within(1e-6));
    }
  }
}
