package dev.slipway.analysis;

import static dev.slipway.analysis.Svg.esc;
import static dev.slipway.analysis.Svg.num;
import static dev.slipway.analysis.Svg.px;

import dev.slipway.judge.CanaryAnalysisResult;
import dev.slipway.judge.CanaryConfig;
import dev.slipway.judge.CanaryJudgeGroupScore;
import dev.slipway.judge.CanaryJudgeResult;
import dev.slipway.judge.MetricClassification;
import dev.slipway.model.Durations;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The canary report: one self-contained HTML page (inline CSS and SVG, no scripts, no external
 * fonts or images) that can be opened from S3 or pasted into an incident channel. It shows the
 * verdict and score against the thresholds, the group scores, and per metric the control and
 * experiment series over time, their distributions (box plots on the same scale), the Mann-Whitney
 * interval against the tolerance band, the mean ratio, and why it was classified so.
 */
public final class CanaryReport {
  /** What the page is about. */
  public record Header(String title, String cluster, Instant generatedAt) {}

  static final String CONTROL = "#4C78A8";
  static final String EXPERIMENT = "#F58518";
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter HHMM =
      DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);

  private CanaryReport() {}

  public static String render(CanaryOutcome o, Header h) {
    CanaryJudgeResult r = o.result();
    Map<String, MetricPair> pairs = new HashMap<>();
    o.pairs().forEach(p -> pairs.put(p.id(), p));
    StringBuilder b = new StringBuilder(64 * 1024);
    String verdictColor = verdictColor(o.verdict());
    b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        .append("<title>")
        .append(esc(o.verdict().jsonName() + " · " + h.title() + " · Slipway canary"))
        .append("</title><style>")
        .append(CSS)
        .append("</style></head><body>");

    // header band
    b.append("<header class=\"band\" style=\"--v:")
        .append(verdictColor)
        .append("\"><div class=\"wrap\"><div class=\"hleft\">")
        .append("<div class=\"eyebrow\">Slipway canary analysis</div><h1>")
        .append(esc(h.title()))
        .append("</h1><div class=\"meta\">");
    if (h.cluster() != null) {
      b.append("<span>cluster <b>").append(esc(h.cluster())).append("</b></span>");
    }
    CanaryWindows w = o.request().windows();
    b.append("<span><i class=\"sw\" style=\"background:")
        .append(CONTROL)
        .append("\"></i>control ")
        .append(window(w.control()))
        .append("</span><span><i class=\"sw\" style=\"background:")
        .append(EXPERIMENT)
        .append("\"></i>experiment ")
        .append(window(w.experiment()))
        .append("</span><span>step ")
        .append(Durations.format(w.control().step()))
        .append("</span></div></div><div class=\"hright\"><div class=\"verdict\">")
        .append(esc(o.verdict() == CanaryVerdict.NO_DATA ? "No data" : o.verdict().jsonName()))
        .append("</div><div class=\"score\">")
        .append(num(o.score()))
        .append("<small>/100</small></div></div></div></header>");

    b.append("<main class=\"wrap\">");
    // score gauge + reason
    b.append("<section class=\"card summary\">");
    b.append(gauge(o));
    String reason = r.score().classificationReason();
    b.append("<p class=\"lead\">").append(esc(headline(o))).append("</p>");
    if (reason != null && !reason.isEmpty()) {
      b.append("<p class=\"reason\">Judge: ").append(esc(reason)).append("</p>");
    }
    if (!o.warnings().isEmpty()) {
      b.append("<ul class=\"warn\">");
      o.warnings().forEach(x -> b.append("<li>").append(esc(x)).append("</li>"));
      b.append("</ul>");
    }
    b.append("</section>");

    // groups
    b.append("<section class=\"card\"><h2>Groups</h2><div class=\"groups\">");
    Map<String, Double> weights = o.request().spec().config().classifier().groupWeights();
    for (CanaryJudgeGroupScore g : r.groupScores()) {
      b.append(groupBar(g, weights.get(g.name()), r));
    }
    b.append("</div></section>");

    // overview table
    b.append("<section class=\"card\"><h2>Metrics</h2><table class=\"overview\"><thead><tr>")
        .append(
            "<th>metric</th><th>result</th><th class=\"n\">control mean</th>"
                + "<th class=\"n\">experiment mean</th><th class=\"n\">change</th><th>groups</th>")
        .append("</tr></thead><tbody>");
    for (int i = 0; i < r.results().size(); i++) {
      CanaryAnalysisResult m = r.results().get(i);
      Deviation d = o.deviations().get(i);
      b.append("<tr><td><a href=\"#m")
          .append(i)
          .append("\">")
          .append(esc(d.label()))
          .append("</a></td><td>")
          .append(badge(m))
          .append("</td><td class=\"n\">")
          .append(statMean(m.controlMetadata()))
          .append("</td><td class=\"n\">")
          .append(statMean(m.experimentMetadata()))
          .append("</td><td class=\"n ")
          .append(changeClass(m))
          .append("\">")
          .append(esc(d.change()))
          .append("</td><td class=\"groups-cell\">")
          .append(esc(String.join(", ", m.groups())))
          .append("</td></tr>");
    }
    b.append("</tbody></table></section>");

    // per metric
    double tolerance = o.request().spec().config().judge().tolerance();
    double confLevel = o.request().spec().config().judge().confLevel();
    for (int i = 0; i < r.results().size(); i++) {
      CanaryAnalysisResult m = r.results().get(i);
      MetricPair p = pairs.get(m.id());
      CanaryConfig.Metric cfg = o.request().spec().config().metric(m.name()).orElse(null);
      b.append(
          metricCard(
              i,
              m,
              p,
              cfg,
              o.deviations().get(i),
              o.gated().contains(m.id()),
              o,
              tolerance,
              confLevel));
    }

    b.append("<section class=\"card howto\"><h2>How to read this</h2><p>Each metric compares")
        .append(" the control window (before the release, blue) with the experiment window (after")
        .append(" it, orange). The judge (Kayenta's NetflixACAJudge-v1.0) runs a Mann-Whitney test")
        .append(" on the two sets of points: the bar under each chart is the ")
        .append(num(confLevel * 100))
        .append("% confidence interval of the shift between them, the dot its estimate. A metric")
        .append(
            " is High or Low only when the whole interval lies outside the green tolerance band")
        .append(" (")
        .append(num(tolerance * 100))
        .append("% of the estimate around zero) <i>and</i> the mean ratio passes the metric's")
        .append(" effect-size threshold; the ratio alone never fails a metric. A group's score is")
        .append(" the share of its metrics that passed; the canary's score is the weighted sum of")
        .append(" the group scores, unless a critical metric failed or half the metrics had no")
        .append(" data, which sets it to 0.</p></section>");

    b.append("<footer>Generated ")
        .append(TIME.format(h.generatedAt()))
        .append(" by Slipway · judge ")
        .append(esc(r.judgeName()))
        .append(" (Kayenta-compatible) · metrics from ")
        .append(esc(o.endpoint()))
        .append(" · thresholds pass ≥ ")
        .append(num(o.request().thresholds().pass()))
        .append(", marginal ≥ ")
        .append(num(o.request().thresholds().marginal()))
        .append("</footer></main></body></html>\n");
    return b.toString();
  }

  private static String headline(CanaryOutcome o) {
    long bad =
        o.result().results().stream()
            .filter(
                m ->
                    m.classification() == MetricClassification.HIGH
                        || m.classification() == MetricClassification.LOW)
            .count();
    long nodata = o.result().results().stream().filter(CanaryVerdict::isNodata).count();
    int total = o.result().results().size();
    return switch (o.verdict()) {
      case PASS ->
          "No regression found: "
              + (total - bad - nodata)
              + " of "
              + total
              + " metric series passed"
              + (nodata > 0 ? ", " + nodata + " had no data." : ".");
      case MARGINAL ->
          "Marginal: "
              + bad
              + " of "
              + total
              + " metric series moved; the score is below the pass threshold.";
      case FAIL ->
          "Regression: "
              + bad
              + " of "
              + total
              + " metric series moved beyond what the judge tolerates.";
      case NO_DATA ->
          "Insufficient data: "
              + nodata
              + " of "
              + total
              + " metric series had too little data to judge. This is not a failure of the release;"
              + " the pipeline's NoData policy decides.";
    };
  }

  private static String gauge(CanaryOutcome o) {
    double pass = o.request().thresholds().pass();
    double marginal = o.request().thresholds().marginal();
    double score = Math.max(0, Math.min(100, o.score()));
    int wd = 1000;
    Svg.Scale x = new Svg.Scale(0, 100, 8, wd - 8);
    StringBuilder s = new StringBuilder();
    s.append("<svg class=\"gauge\" viewBox=\"0 0 ")
        .append(wd)
        .append(" 66\" role=\"img\" aria-label=\"score ")
        .append(num(score))
        .append("\">");
    s.append(rect(x.at(0), 22, x.at(marginal) - x.at(0), 16, "#F6D5D3"));
    s.append(rect(x.at(marginal), 22, x.at(pass) - x.at(marginal), 16, "#F8E8BC"));
    s.append(rect(x.at(pass), 22, x.at(100) - x.at(pass), 16, "#D3EDDC"));
    s.append(rect(x.at(0), 24, x.at(score) - x.at(0), 12, verdictColor(o.verdict())));
    s.append(text(x.at(0), 14, "Fail", "start", "gz"));
    s.append(text((x.at(marginal) + x.at(pass)) / 2, 14, "Marginal", "middle", "gz"));
    s.append(text(x.at(100), 14, "Pass", "end", "gz"));
    for (double t : new double[] {marginal, pass}) {
      s.append(seg(x.at(t), 19, x.at(t), 41, "stroke=\"#3E4C59\" stroke-width=\"2\""));
      s.append(text(x.at(t), 56, num(t), "middle", "gl"));
    }
    double sx = x.at(score);
    s.append("<path d=\"M").append(px(sx)).append(",42 l-6,9 h12 z\" fill=\"#1F2933\"/>");
    String anchor = score < 8 ? "start" : score > 92 ? "end" : "middle";
    boolean clash = Math.abs(score - pass) < 6 || Math.abs(score - marginal) < 6;
    if (!clash) {
      s.append(text(sx, 64, "score " + num(o.score()), anchor, "gs"));
    }
    s.append("</svg>");
    return s.toString();
  }

  private static String groupBar(CanaryJudgeGroupScore g, Double weight, CanaryJudgeResult r) {
    long counted =
        r.results().stream()
            .filter(m -> !m.muted() && m.groups().contains(g.name()))
            .filter(
                m ->
                    m.classification() != MetricClassification.NODATA
                        && m.classification() != MetricClassification.ERROR)
            .count();
    String color = counted == 0 ? "#9AA5B1" : g.score() >= 100 ? "#2E9E62" : "#D64545";
    StringBuilder s = new StringBuilder("<div class=\"group\"><div class=\"gname\">");
    s.append(esc(g.name()));
    s.append("<span class=\"gweight\">")
        .append(weight == null ? "weight: shares the rest" : "weight " + num(weight))
        .append("</span></div><div class=\"gtrack\"><div class=\"gfill\" style=\"width:")
        .append(px(Math.max(0, Math.min(100, g.score()))))
        .append("%;background:")
        .append(color)
        .append("\"></div></div><div class=\"gscore\"")
        .append(counted > 0 && g.score() < 100 ? " style=\"color:#C93434;font-weight:650\"" : "")
        .append(">")
        .append(counted == 0 ? "no data (counts as 100)" : num(g.score()))
        .append("</div></div>");
    return s.toString();
  }

  private static String metricCard(
      int i,
      CanaryAnalysisResult m,
      MetricPair p,
      CanaryConfig.Metric cfg,
      Deviation d,
      boolean gated,
      CanaryOutcome o,
      double tolerance,
      double confLevel) {
    StringBuilder s = new StringBuilder();
    s.append("<section class=\"card metric\" id=\"m")
        .append(i)
        .append("\"><div class=\"mhead\"><h3>")
        .append(esc(d.label()))
        .append("</h3>")
        .append(badge(m));
    if (m.critical()) {
      s.append("<span class=\"pill crit\">critical</span>");
    } else if (cfg != null && cfg.canary().critical()) {
      s.append("<span class=\"pill\">critical metric</span>");
    }
    if (m.muted()) {
      s.append("<span class=\"pill\">muted</span>");
    }
    if (gated) {
      s.append("<span class=\"pill nd\">insufficient data</span>");
    }
    s.append("<span class=\"ratio ")
        .append(changeClass(m))
        .append("\">")
        .append(esc(d.change()))
        .append("<small> mean ratio ")
        .append(d.ratio() == null || d.change().equals("n/a") ? "n/a" : num(d.ratio()))
        .append("</small></span></div>");

    if (p != null) {
      double[] c = p.control().values();
      double[] e = p.experiment().values();
      double lo = Double.POSITIVE_INFINITY;
      double hi = Double.NEGATIVE_INFINITY;
      for (double[] arr : new double[][] {c, e}) {
        for (double v : arr) {
          if (Double.isFinite(v)) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
          }
        }
      }
      double[] yr = Svg.padded(lo, hi);
      s.append("<div class=\"charts\">")
          .append(seriesChart(p, o.request().windows(), yr))
          .append(boxChart(c, e, yr))
          .append("</div>");
    }
    s.append(ciChart(m, tolerance, confLevel));
    s.append("<p class=\"why\"><b>Why:</b> ")
        .append(esc(Explain.why(m, cfg, p, gated, o.request().gate(), tolerance, confLevel)))
        .append("</p>");
    if (p != null) {
      s.append("<details><summary>query</summary><code>")
          .append(esc(p.controlQuery()))
          .append("</code></details>");
    }
    s.append("</section>");
    return s.toString();
  }

  /** Control and experiment over their windows, overlaid on "minutes into the window". */
  private static String seriesChart(MetricPair p, CanaryWindows w, double[] yr) {
    int wd = 640;
    int ht = 220;
    int l = 56;
    int rgt = 12;
    int t = 26;
    int btm = 34;
    double minutes = w.control().length().toSeconds() / 60.0;
    Svg.Scale x = new Svg.Scale(0, minutes, l, wd - rgt);
    Svg.Scale y = new Svg.Scale(yr[0], yr[1], ht - btm, t);
    StringBuilder s = new StringBuilder();
    s.append("<svg class=\"series\" viewBox=\"0 0 ")
        .append(wd)
        .append(' ')
        .append(ht)
        .append("\" role=\"img\" aria-label=\"control and experiment over time\">");
    axes(s, x, y, l, wd - rgt, t, ht - btm, Svg.ticks(0, minutes, 6), Svg.ticks(yr[0], yr[1], 5));
    s.append(text((l + wd - rgt) / 2.0, ht - 4, "minutes into the window", "middle", "al"));
    double stepMin = w.control().step().toSeconds() / 60.0;
    s.append(line(p.control().values(), x, y, stepMin, CONTROL));
    s.append(line(p.experiment().values(), x, y, stepMin, EXPERIMENT));
    s.append("<g class=\"legend\">")
        .append(rect(l, 4, 10, 10, CONTROL))
        .append(
            text(
                l + 14,
                13,
                "control, from " + HHMM.format(w.control().start()) + " UTC",
                "start",
                "lg"))
        .append(rect(l + 190, 4, 10, 10, EXPERIMENT))
        .append(
            text(
                l + 204,
                13,
                "experiment, from " + HHMM.format(w.experiment().start()) + " UTC",
                "start",
                "lg"))
        .append("</g></svg>");
    return s.toString();
  }

  private static String line(double[] v, Svg.Scale x, Svg.Scale y, double stepMin, String color) {
    StringBuilder s = new StringBuilder();
    List<String> seg = new ArrayList<>();
    List<String> singles = new ArrayList<>();
    StringBuilder path = new StringBuilder();
    int run = 0;
    for (int i = 0; i <= v.length; i++) {
      boolean ok = i < v.length && Double.isFinite(v[i]);
      if (ok) {
        path.append(run == 0 ? "M" : "L")
            .append(px(x.at(i * stepMin)))
            .append(',')
            .append(px(y.at(v[i])));
        run++;
      } else {
        if (run == 1) {
          singles.add(path.substring(1));
        } else if (run > 1) {
          seg.add(path.toString());
        }
        path.setLength(0);
        run = 0;
      }
    }
    if (!seg.isEmpty()) {
      s.append("<path d=\"")
          .append(String.join(" ", seg))
          .append("\" fill=\"none\" stroke=\"")
          .append(color)
          .append("\" stroke-width=\"2.2\" stroke-linejoin=\"round\" stroke-linecap=\"round\"/>");
    }
    for (String pt : singles) {
      String[] xy = pt.split(",");
      s.append("<circle cx=\"")
          .append(xy[0])
          .append("\" cy=\"")
          .append(xy[1])
          .append("\" r=\"2.5\" fill=\"")
          .append(color)
          .append("\"/>");
    }
    return s.toString();
  }

  /** Box plots (Tukey whiskers, mean as a diamond) on the series chart's y scale. */
  private static String boxChart(double[] c, double[] e, double[] yr) {
    int wd = 220;
    int ht = 220;
    int t = 26;
    int btm = 34;
    Svg.Scale y = new Svg.Scale(yr[0], yr[1], ht - btm, t);
    StringBuilder s = new StringBuilder();
    s.append("<svg class=\"box\" viewBox=\"0 0 ")
        .append(wd)
        .append(' ')
        .append(ht)
        .append("\" role=\"img\" aria-label=\"distributions\">");
    for (double tick : Svg.ticks(yr[0], yr[1], 5)) {
      s.append(seg(8, y.at(tick), wd - 8, y.at(tick), "class=\"grid\""));
    }
    s.append(text(wd / 2.0, 13, "distribution", "middle", "lg"));
    box(s, Svg.finiteSorted(c), 62, y, CONTROL, "control");
    box(s, Svg.finiteSorted(e), 158, y, EXPERIMENT, "experiment");
    s.append("</svg>");
    return s.toString();
  }

  private static void box(
      StringBuilder s, double[] v, double cx, Svg.Scale y, String color, String label) {
    s.append(text(cx, 200, label, "middle", "lg"));
    s.append(text(cx, 214, "n=" + v.length, "middle", "al"));
    if (v.length == 0) {
      s.append(text(cx, 110, "no data", "middle", "nodata"));
      return;
    }
    double q1 = Svg.quantile(v, 0.25);
    double q2 = Svg.quantile(v, 0.5);
    double q3 = Svg.quantile(v, 0.75);
    double iqr = q3 - q1;
    double lowFence = q1 - 1.5 * iqr;
    double highFence = q3 + 1.5 * iqr;
    double wLo = q1;
    double wHi = q3;
    for (double x : v) {
      if (x >= lowFence) {
        wLo = Math.min(wLo, x);
      }
      if (x <= highFence) {
        wHi = Math.max(wHi, x);
      }
    }
    double half = 26;
    s.append(seg(cx, y.at(wLo), cx, y.at(wHi), "stroke=\"" + color + "\" stroke-width=\"1.5\""));
    for (double wv : new double[] {wLo, wHi}) {
      s.append(
          seg(
              cx - 10,
              y.at(wv),
              cx + 10,
              y.at(wv),
              "stroke=\"" + color + "\" stroke-width=\"1.5\""));
    }
    double top = y.at(q3);
    double bottom = y.at(q1);
    s.append("<rect x=\"")
        .append(px(cx - half))
        .append("\" y=\"")
        .append(px(top))
        .append("\" width=\"")
        .append(px(2 * half))
        .append("\" height=\"")
        .append(px(Math.max(1, bottom - top)))
        .append("\" rx=\"3\" fill=\"")
        .append(color)
        .append("\" fill-opacity=\"0.22\" stroke=\"")
        .append(color)
        .append("\" stroke-width=\"1.5\"/>");
    s.append(
        seg(
            cx - half,
            y.at(q2),
            cx + half,
            y.at(q2),
            "stroke=\"" + color + "\" stroke-width=\"3\""));
    for (double x : v) {
      if (x < lowFence || x > highFence) {
        s.append("<circle cx=\"")
            .append(px(cx))
            .append("\" cy=\"")
            .append(px(y.at(x)))
            .append("\" r=\"2.5\" fill=\"none\" stroke=\"")
            .append(color)
            .append("\"/>");
      }
    }
    double my = y.at(Svg.mean(v));
    s.append("<path d=\"M")
        .append(px(cx + half + 12))
        .append(',')
        .append(px(my - 5))
        .append(" l5,5 l-5,5 l-5,-5 z\" fill=\"")
        .append(color)
        .append("\"><title>mean ")
        .append(num(Svg.mean(v)))
        .append("</title></path>");
  }

  /** The Mann-Whitney interval of the shift against the tolerance band around zero. */
  private static String ciChart(CanaryAnalysisResult m, double tolerance, double confLevel) {
    CanaryAnalysisResult.ResultMetadata md = m.resultMetadata();
    if (md == null || md.lowerConfidence() == null || md.upperConfidence() == null) {
      return "";
    }
    double lo = md.lowerConfidence();
    double hi = md.upperConfidence();
    double est = md.estimate() == null ? (lo + hi) / 2 : md.estimate();
    double band = tolerance * Math.abs(est);
    double dlo = Math.min(Math.min(lo, hi), Math.min(-band, 0));
    double dhi = Math.max(Math.max(lo, hi), Math.max(band, 0));
    double[] r = Svg.padded(dlo, dhi);
    int wd = 880;
    int ht = 84;
    Svg.Scale x = new Svg.Scale(r[0], r[1], 20, wd - 20);
    StringBuilder s = new StringBuilder("<div class=\"ci\"><svg viewBox=\"0 0 ");
    s.append(wd)
        .append(' ')
        .append(ht)
        .append("\" role=\"img\" aria-label=\"confidence interval\">");
    s.append(seg(20, 52, wd - 20, 52, "stroke=\"#B8C2CC\""));
    for (double tick : Svg.ticks(r[0], r[1], 8)) {
      s.append(seg(x.at(tick), 52, x.at(tick), 57, "stroke=\"#B8C2CC\""));
      s.append(text(x.at(tick), 72, num(tick), "middle", "al"));
    }
    s.append("<rect x=\"")
        .append(px(x.at(-band)))
        .append("\" y=\"18\" width=\"")
        .append(px(Math.max(1, x.at(band) - x.at(-band))))
        .append(
            "\" height=\"34\" fill=\"#2E9E62\" fill-opacity=\"0.14\" stroke=\"#2E9E62\""
                + " stroke-opacity=\"0.5\" stroke-dasharray=\"4 3\"/>");
    s.append(
        text(
            x.at(band) + 4,
            28,
            "tolerance ±" + num(band) + " (" + num(tolerance * 100) + "% of |estimate|)",
            "start",
            "al"));
    s.append(seg(x.at(0), 12, x.at(0), 57, "stroke=\"#52606D\" stroke-width=\"1\""));
    String c = ciColor(m);
    double a = x.at(Math.min(lo, hi));
    double bb = x.at(Math.max(lo, hi));
    s.append(
        seg(
            a,
            38,
            Math.max(bb, a + 2),
            38,
            "stroke=\"" + c + "\" stroke-width=\"8\" stroke-linecap=\"round\""));
    s.append("<circle cx=\"")
        .append(px(x.at(est)))
        .append("\" cy=\"38\" r=\"6\" fill=\"#fff\" stroke=\"")
        .append(c)
        .append("\" stroke-width=\"3\"/>");
    s.append(
        text(
            20,
            11,
            num(confLevel * 100)
                + "% interval of the shift (experiment − control): ["
                + num(lo)
                + ", "
                + num(hi)
                + "], estimate "
                + num(est),
            "start",
            "cil"));
    s.append("</svg></div>");
    return s.toString();
  }

  private static void axes(
      StringBuilder s,
      Svg.Scale x,
      Svg.Scale y,
      double l,
      double r,
      double t,
      double b,
      List<Double> xt,
      List<Double> yt) {
    for (double v : yt) {
      s.append(seg(l, y.at(v), r, y.at(v), "class=\"grid\""));
      s.append(text(l - 6, y.at(v) + 4, num(v), "end", "al"));
    }
    for (double v : xt) {
      s.append(text(x.at(v), b + 16, num(v), "middle", "al"));
    }
    s.append(seg(l, b, r, b, "stroke=\"#9AA5B1\""));
  }

  /** An SVG line from (x1, y1) to (x2, y2) with the given attributes. */
  private static String seg(double x1, double y1, double x2, double y2, String attrs) {
    return "<line x1=\""
        + px(x1)
        + "\" y1=\""
        + px(y1)
        + "\" x2=\""
        + px(x2)
        + "\" y2=\""
        + px(y2)
        + "\" "
        + attrs
        + "/>";
  }

  private static String rect(double x, double y, double w, double h, String fill) {
    return "<rect x=\""
        + px(x)
        + "\" y=\""
        + px(y)
        + "\" width=\""
        + px(Math.max(0, w))
        + "\" height=\""
        + px(h)
        + "\" rx=\"2\" fill=\""
        + fill
        + "\"/>";
  }

  private static String text(double x, double y, String t, String anchor, String cls) {
    return "<text x=\""
        + px(x)
        + "\" y=\""
        + px(y)
        + "\" text-anchor=\""
        + anchor
        + "\" class=\""
        + cls
        + "\">"
        + esc(t)
        + "</text>";
  }

  private static String window(AnalysisWindow w) {
    return TIME.format(w.start()).replace(" UTC", "") + "–" + HHMM.format(w.end()) + " UTC";
  }

  private static String statMean(CanaryAnalysisResult.Metadata md) {
    if (md == null || md.stats() == null || md.stats().count() == 0) {
      return "<span class=\"muted\">—</span>";
    }
    return num(md.stats().mean()) + " <span class=\"muted\">n=" + md.stats().count() + "</span>";
  }

  static String badge(CanaryAnalysisResult m) {
    String c = m.classification().jsonName();
    String label =
        switch (m.classification()) {
          case NODATA -> "No data";
          case NODATA_FAIL_METRIC -> "No data (fails)";
          default -> c;
        };
    return "<span class=\"badge b-" + c + "\">" + esc(label) + "</span>";
  }

  private static String changeClass(CanaryAnalysisResult m) {
    return switch (m.classification()) {
      case HIGH, LOW -> "bad";
      case PASS -> "ok";
      default -> "muted";
    };
  }

  private static String ciColor(CanaryAnalysisResult m) {
    return switch (m.classification()) {
      case HIGH, LOW -> "#D64545";
      case PASS -> "#2E9E62";
      default -> "#6B7A90";
    };
  }

  static String verdictColor(CanaryVerdict v) {
    return switch (v) {
      case PASS -> "#1F8A52";
      case MARGINAL -> "#C98A00";
      case FAIL -> "#C93434";
      case NO_DATA -> "#5B6B82";
    };
  }

  private static final String CSS =
      """
      :root{--ink:#1F2933;--sub:#52606D;--line:#E4E7EB;--bg:#F5F7FA}
      *{box-sizing:border-box}
      body{margin:0;background:var(--bg);color:var(--ink);
        font:15px/1.45 -apple-system,BlinkMacSystemFont,"Segoe UI",Roboto,"Helvetica Neue",Arial,
        "Noto Sans","Liberation Sans",sans-serif}
      .wrap{max-width:1160px;margin:0 auto;padding:0 24px}
      .band{background:var(--v);color:#fff;padding:26px 0 24px}
      .band .wrap{display:flex;justify-content:space-between;align-items:center;gap:24px}
      .eyebrow{text-transform:uppercase;letter-spacing:.08em;font-size:12px;opacity:.85}
      h1{margin:4px 0 10px;font-size:28px;font-weight:650}
      .meta{display:flex;flex-wrap:wrap;gap:6px 18px;font-size:13.5px;opacity:.95}
      .sw{display:inline-block;width:10px;height:10px;border-radius:2px;margin-right:6px;
        border:1.5px solid #fff;vertical-align:-1px}
      .hright{text-align:right;white-space:nowrap}
      .verdict{font-size:40px;font-weight:750;letter-spacing:-.01em;line-height:1}
      .score{font-size:30px;font-weight:600;margin-top:6px}
      .score small{font-size:15px;opacity:.8;margin-left:2px}
      main{padding:20px 24px 40px}
      .card{background:#fff;border:1px solid var(--line);border-radius:10px;padding:18px 22px;
        margin:0 0 16px;box-shadow:0 1px 2px rgba(31,41,51,.04)}
      h2{font-size:15px;text-transform:uppercase;letter-spacing:.06em;color:var(--sub);margin:0 0 12px}
      h3{font-size:18px;margin:0}
      .gauge{width:100%;height:auto;display:block}
      .gl{font-size:12.5px;fill:#52606D}
      .gz{font-size:12px;fill:#7B8794;text-transform:uppercase;letter-spacing:.06em}
      .gs{font-size:13px;fill:#1F2933;font-weight:650}
      .lead{font-size:17px;margin:10px 0 4px;font-weight:550}
      .reason{margin:4px 0;color:var(--sub)}
      .warn{margin:10px 0 0;padding:10px 14px 10px 30px;background:#FFF8E6;border:1px solid #F5DFA3;
        border-radius:8px;color:#7A5B00;font-size:14px}
      .groups{display:grid;gap:10px}
      .group{display:grid;grid-template-columns:260px 1fr 170px;align-items:center;gap:14px}
      .gname{font-weight:600}
      .gweight{display:block;font-weight:400;font-size:12.5px;color:var(--sub)}
      .gtrack{height:14px;background:#EEF1F4;border-radius:7px;overflow:hidden}
      .gfill{height:100%;border-radius:7px}
      .gscore{font-variant-numeric:tabular-nums;color:var(--sub);font-size:14px}
      table{width:100%;border-collapse:collapse;font-size:14.5px}
      th{text-align:left;font-weight:600;color:var(--sub);font-size:12.5px;text-transform:uppercase;
        letter-spacing:.04em;border-bottom:1px solid var(--line);padding:6px 8px}
      td{padding:8px;border-bottom:1px solid var(--line)}
      tr:last-child td{border-bottom:0}
      td a{color:var(--ink);text-decoration:none;font-weight:550}
      .n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
      .groups-cell{color:var(--sub);font-size:13.5px}
      .muted{color:#9AA5B1;font-size:12.5px}
      .ok{color:#1F8A52}.bad{color:#C93434;font-weight:650}
      .badge{display:inline-block;padding:2px 10px;border-radius:999px;font-size:12.5px;font-weight:650;
        color:#fff;background:#6B7A90}
      .b-Pass{background:#2E9E62}.b-High,.b-Low{background:#D64545}
      .b-Nodata{background:#8795A8}.b-NodataFailMetric{background:#A35A00}.b-Error{background:#7B4FB0}
      .mhead{display:flex;align-items:center;gap:10px;flex-wrap:wrap;margin-bottom:8px}
      .pill{font-size:12px;padding:1px 8px;border-radius:999px;border:1px solid #CBD2D9;color:var(--sub)}
      .pill.crit{border-color:#D64545;color:#C93434;font-weight:650}
      .pill.nd{border-color:#8795A8}
      .ratio{margin-left:auto;font-size:20px;font-variant-numeric:tabular-nums}
      .ratio small{font-size:12.5px;color:var(--sub);font-weight:400;margin-left:6px}
      .charts{display:grid;grid-template-columns:640fr 220fr;gap:10px;align-items:start}
      .charts svg{width:100%;height:auto;display:block}
      .grid{stroke:#EEF1F4}
      .al{font-size:11.5px;fill:#7B8794}
      .lg{font-size:12px;fill:#3E4C59}
      .nodata{font-size:13px;fill:#9AA5B1}
      .ci svg{width:100%;height:auto;display:block;margin-top:4px}
      .cil{font-size:12.5px;fill:#3E4C59;font-weight:600}
      .why{margin:8px 0 2px;font-size:14.5px;color:#323F4B}
      details{margin-top:8px;font-size:13px;color:var(--sub)}
      summary{cursor:pointer}
      code{display:block;margin-top:6px;padding:8px 10px;background:#F5F7FA;border-radius:6px;
        font:12.5px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,"Liberation Mono",monospace;
        white-space:pre-wrap;word-break:break-all}
      .howto p{margin:0;color:#3E4C59;font-size:14px}
      footer{color:#7B8794;font-size:12.5px;margin-top:18px}
      @media print{body{background:#fff}.card{box-shadow:none}}
      """;
}
