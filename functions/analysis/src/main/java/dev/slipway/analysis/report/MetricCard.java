package dev.slipway.analysis.report;

import static dev.slipway.analysis.report.Format.num;
import static dev.slipway.analysis.report.Html.esc;

import dev.slipway.analysis.AnalysisOutcome;
import dev.slipway.analysis.Deviation;
import dev.slipway.analysis.MetricPair;
import dev.slipway.judge.CanaryAnalysisResult;
import dev.slipway.judge.CanaryConfig;

/**
 * One metric series' card: its result and flags, the change, the series and distribution charts,
 * the interval against the tolerance band, why the judge classified it so, and the query.
 */
final class MetricCard {
  private MetricCard() {}

  /**
   * The card of the {@code i}-th result of {@code o}, whose data is {@code p} (null when the result
   * has no fetched pair), with the element id {@code id}.
   */
  static void append(StringBuilder b, String id, int i, AnalysisOutcome o, MetricPair p) {
    CanaryAnalysisResult m = o.result().results().get(i);
    CanaryConfig.Metric cfg = o.request().spec().config().metric(m.name()).orElse(null);
    Deviation d = o.deviations().get(i);
    boolean gated = o.gated().contains(m.id());
    b.append("<section class=\"card metric\" id=\"")
        .append(id)
        .append("\"><div class=\"mhead\"><h3>")
        .append(esc(d.label()))
        .append("</h3>")
        .append(Style.badge(m));
    if (m.critical()) {
      b.append("<span class=\"pill crit\">critical</span>");
    } else if (cfg != null && cfg.canary().critical()) {
      b.append("<span class=\"pill\">critical metric</span>");
    }
    if (m.muted()) {
      b.append("<span class=\"pill\">muted</span>");
    }
    if (gated) {
      b.append("<span class=\"pill nd\">insufficient data</span>");
    }
    b.append("<span class=\"ratio ")
        .append(Style.changeClass(m))
        .append("\">")
        .append(esc(d.change()))
        .append("<small> mean ratio ")
        .append(d.ratio() == null || d.change().equals("n/a") ? "n/a" : num(d.ratio()))
        .append("</small></span></div>");

    if (p != null) {
      double[] yr = valueRange(p);
      b.append("<div class=\"charts\">")
          .append(Charts.series(p, o.request().windows(), yr))
          .append(Charts.box(p.control().values(), p.experiment().values(), yr))
          .append("</div>");
    }
    var judge = o.request().spec().config().judge();
    b.append(Charts.interval(m, judge.tolerance(), judge.confLevel()));
    b.append("<p class=\"why\"><b>Why:</b> ")
        .append(esc(Explain.why(m, cfg, p, gated, o.request())))
        .append("</p>");
    if (p != null) {
      b.append("<details><summary>query</summary><code>")
          .append(esc(p.controlQuery()))
          .append("</code></details>");
    }
    b.append("</section>");
  }

  /** Both sides' finite values' range, padded: the shared y scale of the two charts. */
  private static double[] valueRange(MetricPair p) {
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (double[] arr : new double[][] {p.control().values(), p.experiment().values()}) {
      for (double v : arr) {
        if (Double.isFinite(v)) {
          lo = Math.min(lo, v);
          hi = Math.max(hi, v);
        }
      }
    }
    return Svg.padded(lo, hi);
  }
}
