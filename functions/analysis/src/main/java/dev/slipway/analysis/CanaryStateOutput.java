package dev.slipway.analysis;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code canary} state's output, routed by a Choice on {@code verdict}: the {@link
 * AnalysisOutcome} condensed to what the state machine needs (the JSON field names are the ASL's).
 * Verdicts are data: Fail and NoData come back here, never as exceptions.
 *
 * @param verdict Pass | Marginal | Fail | NoData: the gate wave's, from its clusters' ({@link
 *     GateOutcome#aggregate})
 * @param score the lowest of the clusters' scores (0–100)
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
 * @param clusters each judged cluster's verdict and score: at most {@link #IN_STATE_CLUSTERS}, the
 *     worst, in the wave's order; the judge result ({@code resultKey}) and the report have every
 *     one
 * @param clusterCount how many clusters were judged
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
    Long waitSeconds,
    List<ClusterVerdict> clusters,
    int clusterCount) {

  /**
   * How many clusters' verdicts the state carries at most: the state must stay small however large
   * the gate wave (Step Functions' 256 KB); about 60 bytes each.
   */
  public static final int IN_STATE_CLUSTERS = 25;

  /**
   * One judged cluster, in the state.
   *
   * @param cluster its name
   * @param verdict Pass | Marginal | Fail | NoData
   * @param score its score (0–100)
   */
  public record ClusterVerdict(String cluster, String verdict, double score) {}

  /**
   * What the NoData policy says about a NoData verdict.
   *
   * @param action fail | pass | extend
   * @param nextAttempt for extend only: the attempt number to pass in the next run
   * @param waitSeconds for extend only: how long to wait before that run
   */
  public record NoData(String action, Integer nextAttempt, Long waitSeconds) {}

  /**
   * {@code g} condensed for the state machine: {@code verdict} (the aggregate, or what the NoData
   * policy made of it), the worst {@link Deviation#IN_STATE} deviations and warnings of all
   * clusters (with how many there are in all), each cluster's verdict and score (at most {@link
   * #IN_STATE_CLUSTERS}), the keys the judge results and the report were stored under, and {@code
   * noData} (null unless the verdict is NoData).
   */
  public static CanaryStateOutput of(
      GateOutcome g,
      CanaryVerdict verdict,
      String summary,
      String reportKey,
      String resultKey,
      NoData noData) {
    List<Deviation> deviations = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    boolean named = g.clusters().size() > 1;
    for (GateOutcome.ClusterOutcome c : g.clusters()) {
      c.outcome().deviations().forEach(d -> deviations.add(d.inCluster(c.cluster())));
      c.outcome()
          .warnings()
          .forEach(w -> warnings.add(named && c.cluster() != null ? c.cluster() + ": " + w : w));
    }
    List<GateOutcome.ClusterOutcome> kept = new ArrayList<>(g.clusters());
    if (kept.size() > IN_STATE_CLUSTERS) {
      kept.retainAll(g.worstFirst().subList(0, IN_STATE_CLUSTERS));
    }
    List<ClusterVerdict> clusters =
        kept.stream()
            .map(c -> new ClusterVerdict(c.cluster(), c.verdict().jsonName(), c.outcome().score()))
            .toList();
    return new CanaryStateOutput(
        verdict.jsonName(),
        g.score(),
        reportKey,
        resultKey,
        summary,
        Deviation.worst(deviations, Deviation.IN_STATE),
        deviations.size(),
        warnings.subList(0, Math.min(warnings.size(), Deviation.IN_STATE)),
        warnings.size(),
        noData == null ? null : noData.action(),
        noData == null ? null : noData.nextAttempt(),
        noData == null ? null : noData.waitSeconds(),
        clusters,
        g.clusters().size());
  }
}
