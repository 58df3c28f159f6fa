package dev.slipway.judge;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The seed's example (src/test/resources/seed-example, written by events/canary/generate.py): an
 * error group weighted 60, a latency group weighted 40, pass threshold 95, and a latency metric
 * "client 95P Latency" that only fails on an increase (meanRatio, allowedIncrease 1.05).
 */
class SeedExampleTest {
  static final ScoreThresholds THRESHOLDS = new ScoreThresholds(95, 75);

  static String resource(String name) {
    try (InputStream in = SeedExampleTest.class.getResourceAsStream("/seed-example/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static CanaryJudgeResult judge(String pairsFile) {
    return new NetflixAcaJudge(new SplittableRandom(1))
        .judge(
            CanaryConfig.parse(resource("canary-config.json")),
            THRESHOLDS,
            MetricSetPair.parseList(resource(pairsFile)));
  }

  @Test
  void config_shouldCarryTheSeedsSettings() {
    CanaryConfig c = CanaryConfig.parse(resource("canary-config.json"));
    assertThat(c.classifier().groupWeights())
        .containsEntry("error", 60.0)
        .containsEntry("latency", 40.0);
    var latency = c.metric("client 95P Latency").orElseThrow();
    assertThat(latency.canary().direction()).isEqualTo(CanaryConfig.Direction.INCREASE);
    assertThat(latency.canary().effectSize().measure())
        .isEqualTo(CanaryConfig.EffectMeasure.MEAN_RATIO);
    assertThat(latency.canary().effectSize().allowedIncrease()).isEqualTo(1.05);
  }

  @Test
  @DisplayName("latency +3%: the rank test sees it, the 5% allowance vetoes it, the canary passes")
  void judge_shouldPass_whenLatencyRisesLessThanAllowed() {
    CanaryJudgeResult r = judge("latency-up-3-percent.json");
    CanaryAnalysisResult latency = r.results().get(0);
    assertThat(latency.resultMetadata().lowerConfidence())
        .isGreaterThan(0.25 * latency.resultMetadata().estimate());
    assertThat(latency.resultMetadata().ratio()).isBetween(1.0, 1.05);
    assertThat(latency.classification()).isEqualTo(MetricClassification.PASS);
    assertThat(r.score()).isEqualTo(new CanaryJudgeScore(100.0, Verdict.PASS, ""));
  }

  @Test
  @DisplayName("latency +20%: High, the latency group scores 0, 60 < 95 → Fail")
  void judge_shouldFail_whenLatencyRisesMoreThanAllowed() {
    CanaryJudgeResult r = judge("latency-up-20-percent.json");
    assertThat(r.results().get(0).classification()).isEqualTo(MetricClassification.HIGH);
    assertThat(r.results().get(0).classificationReason())
        .isEqualTo("client 95P Latency was classified as High");
    assertThat(r.groupScores())
        .containsExactlyInAnyOrder(
            new CanaryJudgeGroupScore("latency", 0.0, "", ""),
            new CanaryJudgeGroupScore("error", 100.0, "", ""));
    assertThat(r.score()).isEqualTo(new CanaryJudgeScore(60.0, Verdict.FAIL, ""));
    assertThat(List.of(r.results().get(1).classification()))
        .containsExactly(MetricClassification.PASS);
  }
}
