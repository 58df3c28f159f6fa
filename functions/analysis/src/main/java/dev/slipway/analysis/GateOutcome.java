package dev.slipway.analysis;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The canary gate's result: each judged cluster's own analysis (its Prometheus, its verdict, its
 * score), and the wave's verdict made from theirs by {@link #aggregate}.
 *
 * @param verdict the wave's verdict
 * @param score the lowest cluster score: the one that decided
 * @param clusters every judged cluster, in the wave's order
 */
public record GateOutcome(CanaryVerdict verdict, double score, List<ClusterOutcome> clusters) {

  /** How many clusters the state's summary details (the worst); the report has every one. */
  static final int DETAILED = 3;

  /**
   * One gate cluster's analysis.
   *
   * @param cluster the cluster's name (null when the canary named none: the top-level Prometheus)
   * @param outcome its analysis on its own Prometheus
   */
  public record ClusterOutcome(String cluster, AnalysisOutcome outcome) {
    /** The verdict, or NoData under the given attempt's policy. */
    public CanaryVerdict verdict() {
      return outcome.verdict();
    }
  }

  public GateOutcome {
    clusters = List.copyOf(clusters);
    if (clusters.isEmpty()) {
      throw new IllegalArgumentException("a gate judges at least one cluster");
    }
  }

  /** The gate's outcome from its clusters' analyses (in the wave's order). */
  public static GateOutcome of(List<ClusterOutcome> clusters) {
    return new GateOutcome(
        aggregate(clusters.stream().map(ClusterOutcome::verdict).toList()),
        clusters.stream().mapToDouble(c -> c.outcome().score()).min().orElse(0),
        clusters);
  }

  /**
   * The wave's verdict from its clusters': any Fail → Fail; else any NoData → NoData (the NoData
   * policy then decides, for the whole wave); else any Marginal → Marginal; else Pass. A wave
   * passes only when every judged cluster passes.
   */
  public static CanaryVerdict aggregate(Collection<CanaryVerdict> verdicts) {
    if (verdicts.isEmpty()) {
      throw new IllegalArgumentException("no verdicts to aggregate");
    }
    for (CanaryVerdict v :
        List.of(CanaryVerdict.FAIL, CanaryVerdict.NO_DATA, CanaryVerdict.MARGINAL)) {
      if (verdicts.contains(v)) {
        return v;
      }
    }
    return CanaryVerdict.PASS;
  }

  /** The verdicts' rank, worst first: Fail, NoData, Marginal, Pass (the aggregate's order). */
  static int rank(CanaryVerdict v) {
    return switch (v) {
      case FAIL -> 0;
      case NO_DATA -> 1;
      case MARGINAL -> 2;
      case PASS -> 3;
    };
  }

  /** The clusters worst first (by verdict, then score), ties in the wave's order. */
  List<ClusterOutcome> worstFirst() {
    List<ClusterOutcome> sorted = new ArrayList<>(clusters);
    sorted.sort(
        Comparator.comparingInt((ClusterOutcome c) -> rank(c.verdict()))
            .thenComparingDouble(c -> c.outcome().score()));
    return sorted;
  }

  /**
   * One line for people and the state: with one cluster, its analysis' summary; with several, the
   * wave's verdict, each cluster's verdict and score (at most {@code listed}, worst first), then
   * the summaries of the {@link #DETAILED} worst clusters that did not pass.
   */
  public String summary(int listed) {
    if (clusters.size() == 1) {
      return clusters.get(0).outcome().summary();
    }
    List<ClusterOutcome> worst = worstFirst();
    StringBuilder b = new StringBuilder();
    b.append(verdict == CanaryVerdict.NO_DATA ? "NoData (insufficient data)" : verdict.jsonName());
    long passed = clusters.stream().filter(c -> c.verdict() == CanaryVerdict.PASS).count();
    b.append(
        String.format(Locale.ROOT, " — %d of %d gate clusters passed: ", passed, clusters.size()));
    List<String> each = new ArrayList<>();
    for (ClusterOutcome c : worst.subList(0, Math.min(listed, worst.size()))) {
      each.add(
          c.cluster()
              + " "
              + c.verdict().jsonName()
              + " (score "
              + CanaryAnalysis.num(c.outcome().score())
              + ")");
    }
    b.append(String.join(", ", each));
    if (listed < worst.size()) {
      b.append(" and ").append(worst.size() - listed).append(" more (see the report)");
    }
    worst.stream()
        .filter(c -> c.verdict() != CanaryVerdict.PASS)
        .limit(DETAILED)
        .forEach(
            c -> b.append(". ").append(c.cluster()).append(": ").append(c.outcome().summary()));
    return b.toString();
  }
}
