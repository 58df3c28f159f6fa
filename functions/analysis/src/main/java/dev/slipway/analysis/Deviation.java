package dev.slipway.analysis;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The seed's deviation line for one metric set pair: the mean ratio as a signed percentage ("+5.0%
 * latency p95") and the metric's classification.
 *
 * @param metric the metric's name
 * @param tags the series labels (empty for a single-series metric)
 * @param classification Pass, High, Low, Nodata, NodataFailMetric or Error
 * @param ratio mean(experiment) / mean(control); null when it could not be computed
 * @param change the ratio as a signed percentage with one decimal, or "n/a"
 * @param cluster the gate cluster whose analysis found it, in the canary state's output; null in
 *     one cluster's own analysis
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Deviation(
    String metric,
    Map<String, String> tags,
    String classification,
    Double ratio,
    String change,
    String cluster) {

  /**
   * How many deviations (and warnings) the canary's state output and summary carry at most: the
   * state must stay small whatever the queries return (600 series once pushed the result past Step
   * Functions' 256 KB); the report and the judge result in S3 have every one.
   */
  public static final int IN_STATE = 10;

  /**
   * At most {@code limit} deviations, the worst first chosen (failing classifications before no
   * data before Pass, then the largest change), kept in their original order; all of them when
   * there are no more than {@code limit}.
   */
  public static List<Deviation> worst(List<Deviation> deviations, int limit) {
    if (deviations.size() <= limit) {
      return deviations;
    }
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < deviations.size(); i++) {
      order.add(i);
    }
    order.sort(
        Comparator.comparingInt((Integer i) -> rank(deviations.get(i).classification()))
            .thenComparing(
                (Integer i) -> distance(deviations.get(i).ratio()), Comparator.reverseOrder()));
    List<Integer> kept = new ArrayList<>(order.subList(0, limit));
    Collections.sort(kept);
    return kept.stream().map(deviations::get).toList();
  }

  private static int rank(String classification) {
    return switch (classification) {
      case "High", "Low", "Error", "NodataFailMetric" -> 0;
      case "Nodata" -> 1;
      default -> 2;
    };
  }

  private static double distance(Double ratio) {
    return ratio == null || !Double.isFinite(ratio) ? 0 : Math.abs(ratio - 1.0);
  }

  static Deviation of(
      String metric, Map<String, String> tags, String classification, Double ratio) {
    return new Deviation(metric, tags, classification, ratio, percent(ratio), null);
  }

  /** This deviation, found in {@code cluster}'s analysis. */
  public Deviation inCluster(String cluster) {
    return new Deviation(metric, tags, classification, ratio, change, cluster);
  }

  /** "+5.0%", "-12.3%", "±0.0%"; "n/a" for a missing or non-finite ratio. */
  static String percent(Double ratio) {
    if (ratio == null || !Double.isFinite(ratio)) {
      return "n/a";
    }
    double p = (ratio - 1.0) * 100.0;
    String s = String.format(Locale.ROOT, "%.1f", Math.abs(p));
    if (s.equals("0.0")) {
      return "±0.0%";
    }
    return (p > 0 ? "+" : "-") + s + "%";
  }

  /** "latency p95" or "latency p95{app=search}". */
  public String label() {
    if (tags.isEmpty()) {
      return metric;
    }
    StringBuilder b = new StringBuilder(metric).append('{');
    String sep = "";
    for (Map.Entry<String, String> e : new java.util.TreeMap<>(tags).entrySet()) {
      b.append(sep).append(e.getKey()).append('=').append(e.getValue());
      sep = ",";
    }
    return b.append('}').toString();
  }

  /** "+5.0% latency p95 (Pass)"; "core-2: +5.0% latency p95 (Pass)" with a cluster. */
  public String line() {
    String c = classification.equals("Nodata") ? "no data" : classification;
    return (cluster == null ? "" : cluster + ": ")
        + (change.equals("n/a") ? "" : change + " ")
        + label()
        + " ("
        + c
        + ")";
  }
}
