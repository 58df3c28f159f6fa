package dev.slipway.judge;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.util.Precision;

/**
 * Kayenta's scoring: muting, group scores, the critical and 50%-Nodata overrides, the weighted sum
 * (unweighted groups share what the configured weights leave of 100; a group without counted
 * metrics counts as 100), HALF_UP rounding to two decimals, and the Pass/Marginal/Fail threshold.
 */
final class WeightedSumScorer {
  static final String NODATA_REASON = "Canary Failed: 50% or more metrics returned NODATA";

  private WeightedSumScorer() {}

  record Scores(List<CanaryJudgeGroupScore> groupScores, CanaryJudgeScore score) {}

  static Scores score(
      List<CanaryAnalysisResult> results,
      Map<String, Double> groupWeights,
      ScoreThresholds thresholds) {
    List<CanaryAnalysisResult> scored = new ArrayList<>();
    for (CanaryAnalysisResult r : results) {
      if (!r.muted()) {
        scored.add(r);
      }
    }

    // Groups in order of first appearance (Kayenta: Scala hash-map order).
    Map<String, int[]> counts = new LinkedHashMap<>();
    for (CanaryAnalysisResult r : scored) {
      for (String group : r.groups()) {
        int[] c = counts.computeIfAbsent(group, g -> new int[2]);
        switch (r.classification()) {
          case PASS -> {
            c[0]++;
            c[1]++;
          }
          case HIGH, LOW, NODATA_FAIL_METRIC -> c[1]++;
          case NODATA, ERROR -> {
            // not counted
          }
        }
      }
    }
    List<CanaryJudgeGroupScore> groupScores = new ArrayList<>();
    Map<String, Double> effective = new LinkedHashMap<>();
    for (var e : counts.entrySet()) {
      int pass = e.getValue()[0];
      int total = e.getValue()[1];
      boolean noData = total == 0;
      double score = noData ? 0.0 : (pass / (double) total) * 100;
      groupScores.add(new CanaryJudgeGroupScore(e.getKey(), score, "", ""));
      effective.put(e.getKey(), noData ? 100.0 : score);
    }

    double weightSum = 0.0;
    for (double w : groupWeights.values()) {
      weightSum += w;
    }
    int unweighted = 0;
    for (String group : effective.keySet()) {
      if (!groupWeights.containsKey(group)) {
        unweighted++;
      }
    }
    double calculatedWeight = unweighted > 0 ? (100 - weightSum) / unweighted : 0.0;
    double summary = 0.0;
    for (var e : effective.entrySet()) {
      double weight = groupWeights.getOrDefault(e.getKey(), calculatedWeight);
      summary += e.getValue() * (weight / 100);
    }

    String reason = null;
    for (CanaryAnalysisResult r : scored) {
      if (r.critical() && r.classification() != MetricClassification.PASS) {
        reason = "Canary Failed: " + r.classificationReason();
        break;
      }
    }
    if (reason == null) {
      long nodata =
          scored.stream().filter(r -> r.classification() == MetricClassification.NODATA).count();
      if ((nodata / (double) scored.size()) * 100 >= 50) {
        reason = NODATA_REASON;
      }
    }
    double finalScore = reason != null ? 0.0 : Precision.round(summary, 2);
    Verdict verdict =
        finalScore >= thresholds.pass()
            ? Verdict.PASS
            : finalScore >= thresholds.marginal() ? Verdict.MARGINAL : Verdict.FAIL;
    return new Scores(
        groupScores, new CanaryJudgeScore(finalScore, verdict, reason == null ? "" : reason));
  }
}
