package dev.slipway.analysis;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The {@code canary} state's output, routed by a Choice on {@code verdict}: the {@link
 * AnalysisOutcome} condensed to what the state machine needs (the JSON field names are the ASL's).
 * Verdicts are data: Fail and NoData come back here, never as exceptions.
 *
 * @param verdict Pass | Marginal | Fail | NoData
 * @param score the judge's summary score (0–100)
 * @param reportKey the HTML report's S3 key
 * @param resultKey the judge result's S3 key
 * @param summary one line: verdict, score, per-metric deviation ("+5.0% latency p95 (Pass)"), at
 *     most {@link Deviation#IN_STATE} of them (the worst) and as many warnings
 * @param deviations the same, structured: at most {@link Deviation#IN_STATE}, the worst; every one
 *     is in the judge result ({@code resultKey}) and the report
 * @param deviationCount how many deviations the judge found in all
 * @param warnings gated series, dropped infinite points: at most {@link Deviation#IN_STATE}
 * @param warningCount how many warnings there are in all (the report lists every one)
 * @param noDataAction for NoData only: what the policy says: fail | pass | extend
 * @param nextAttempt for extend only: the attempt number to pass in the next run
 * @param waitSeconds for extend only: how long to wait before that run
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CanaryStateOutput(
    String verdict,
    double score,
    String reportKey,
    String resultKey,
    String summary,
    List<Deviation> deviations,
    int deviationCount,
    List<String> warnings,
    int warningCount,
    String noDataAction,
    Integer nextAttempt,
    Long waitSeconds) {

  /**
   * What the NoData policy says about a NoData verdict.
   *
   * @param action fail | pass | extend
   * @param nextAttempt for extend only: the attempt number to pass in the next run
   * @param waitSeconds for extend only: how long to wait before that run
   */
  public record NoData(String action, Integer nextAttempt, Long waitSeconds) {}

  /**
   * {@code o} condensed for the state machine: the worst {@link Deviation#IN_STATE} deviations and
   * warnings (with how many there are in all), the keys the judge result and the report were stored
   * under, and {@code noData} (null unless the verdict is NoData).
   */
  public static CanaryStateOutput of(
      AnalysisOutcome o, String reportKey, String resultKey, NoData noData) {
    List<String> warnings = o.warnings();
    return new CanaryStateOutput(
        o.verdict().jsonName(),
        o.score(),
        reportKey,
        resultKey,
        o.summary(),
        Deviation.worst(o.deviations(), Deviation.IN_STATE),
        o.deviations().size(),
        warnings.subList(0, Math.min(warnings.size(), Deviation.IN_STATE)),
        warnings.size(),
        noData == null ? null : noData.action(),
        noData == null ? null : noData.nextAttempt(),
        noData == null ? null : noData.waitSeconds());
  }
}
