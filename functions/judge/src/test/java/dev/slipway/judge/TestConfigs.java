package dev.slipway.judge;

import java.util.Map;

/** Small builders for judge tests. */
final class TestConfigs {
  private TestConfigs() {}

  /** A config with one metric "m" in group "g" whose canary settings are {@code canaryJson}. */
  static CanaryConfig oneMetric(String canaryJson) {
    return CanaryConfig.parse(
        """
        {"judge": {"name": "NetflixACAJudge-v1.0"},
         "metrics": [{"name": "m", "groups": ["g"],
                      "analysisConfigurations": {"canary": %s}}],
         "classifier": {"groupWeights": {"g": 100}}}
        """
            .formatted(canaryJson));
  }

  static MetricSetPair pair(String name, double[] control, double[] experiment) {
    return new MetricSetPair(
        name,
        "id-" + name,
        Map.of("app", "checkout"),
        new MetricSetPair.Values(control, experiment),
        Map.of(),
        Map.of());
  }

  /** Judges one metric "m" (config from {@link #oneMetric}) with a seeded generator. */
  static CanaryAnalysisResult judgeOne(
      long seed, String canaryJson, double[] control, double[] experiment) {
    return new NetflixAcaJudge(new java.util.SplittableRandom(seed))
        .judge(
            oneMetric(canaryJson),
            ScoreThresholds.DEFAULT,
            java.util.List.of(pair("m", control, experiment)))
        .results()
        .get(0);
  }
}
