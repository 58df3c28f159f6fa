package dev.slipway.analysis;

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
 */
public record Deviation(
    String metric, Map<String, String> tags, String classification, Double ratio, String change) {

  static Deviation of(
      String metric, Map<String, String> tags, String classification, Double ratio) {
    return new Deviation(metric, tags, classification, ratio, percent(ratio));
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

  /** "+5.0% latency p95 (Pass)". */
  public String line() {
    String c = classification.equals("Nodata") ? "no data" : classification;
    return (change.equals("n/a") ? "" : change + " ") + label() + " (" + c + ")";
  }
}
