package dev.slipway.analysis;

import dev.slipway.judge.CanaryJudgeResult;
import dev.slipway.judge.MetricSetPair;
import java.util.List;
import java.util.Set;

/**
 * Everything one analysis produced: the judge's result, the data it judged, and the run's verdict
 * and deviation summary: what {@link CanaryAnalysis#analyze} answers an {@link AnalysisRequest}
 * with. The report is rendered from this, and {@link CanaryService} condenses it into the state's
 * {@link CanaryStateOutput}.
 *
 * @param verdict Pass, Marginal, Fail or NoData
 * @param result the Kayenta-shaped judge result
 * @param pairs the fetched data, one per metric and label set, in the result's order
 * @param judged the metric set pairs exactly as the judge got them (gated sides all NaN), in
 *     Kayenta's format: {@code slipway judge --pairs} re-judges them offline
 * @param gated ids of the pairs the minimum-data gate kept from the judge (judged as Nodata)
 * @param deviations the deviation summary, one line per pair
 * @param summary one line for people: verdict, score, deviations, warnings
 * @param warnings awkward data worth knowing about (gated series, NaN and Inf points)
 */
public record AnalysisOutcome(
    CanaryVerdict verdict,
    CanaryJudgeResult result,
    AnalysisRequest request,
    String endpoint,
    List<MetricPair> pairs,
    List<MetricSetPair> judged,
    Set<String> gated,
    List<Deviation> deviations,
    String summary,
    List<String> warnings) {

  public AnalysisOutcome {
    pairs = List.copyOf(pairs);
    judged = List.copyOf(judged);
    gated = Set.copyOf(gated);
    deviations = List.copyOf(deviations);
    warnings = List.copyOf(warnings);
  }

  public double score() {
    return result.score().score();
  }
}
