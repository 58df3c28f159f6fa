package dev.slipway.analysis.report;

import static dev.slipway.analysis.report.Format.num;
import static dev.slipway.analysis.report.Format.px;
import static dev.slipway.analysis.report.Html.esc;

import dev.slipway.analysis.AnalysisOutcome;
import dev.slipway.analysis.CanaryVerdict;
import dev.slipway.analysis.CanaryWindows;
import dev.slipway.analysis.Deviation;
import dev.slipway.analysis.GateOutcome;
import dev.slipway.judge.CanaryAnalysisResult;
import dev.slipway.judge.CanaryJudgeGroupScore;
import dev.slipway.judge.CanaryJudgeResult;
import dev.slipway.judge.MetricClassification;
import dev.slipway.model.Durations;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The report's sections above and below the metric cards, one method each, in page order. */
final class Sections {
  private Sections() {}

  /** The coloured band: title, cluster, both windows and the step; verdict and score. */
  static void headerBand(StringBuilder b, AnalysisOutcome o, CanaryReport.Header h) {
    band(b, o.verdict(), o.score(), h.title(), "cluster", h.cluster(), o.request().windows());
  }

  /** The band of a gate of several clusters: the wave's verdict and its lowest score. */
  static void gateBand(StringBuilder b, GateOutcome g, CanaryReport.Header h) {
    List<String> names = g.clusters().stream().map(GateOutcome.ClusterOutcome::cluster).toList();
    band(
        b,
        g.verdict(),
        g.score(),
        h.title(),
        "clusters",
        String.join(", ", names),
        g.clusters().get(0).outcome().request().windows());
  }

  private static void band(
      StringBuilder b,
      CanaryVerdict verdict,
      double score,
      String title,
      String what,
      String clusters,
      CanaryWindows w) {
    b.append("<header class=\"band\" style=\"--v:")
        .append(Style.verdictColor(verdict))
        .append("\"><div class=\"wrap\"><div class=\"hleft\">")
        .append("<div class=\"eyebrow\">Slipway canary analysis</div><h1>")
        .append(esc(title))
        .append("</h1><div class=\"meta\">");
    if (clusters != null) {
      b.append("<span>").append(what).append(" <b>").append(esc(clusters)).append("</b></span>");
    }
    b.append("<span><i class=\"sw\" style=\"background:")
        .append(Style.CONTROL)
        .append("\"></i>control ")
        .append(Format.window(w.control()))
        .append("</span><span><i class=\"sw\" style=\"background:")
        .append(Style.EXPERIMENT)
        .append("\"></i>experiment ")
        .append(Format.window(w.experiment()))
        .append("</span><span>step ")
        .append(Durations.format(w.control().step()))
        .append("</span></div></div><div class=\"hright\"><div class=\"verdict\">")
        .append(esc(verdictLabel(verdict)))
        .append("</div><div class=\"score\">")
        .append(num(score))
        .append("<small>/100</small></div></div></div></header>");
  }

  private static String verdictLabel(CanaryVerdict v) {
    return v == CanaryVerdict.NO_DATA ? "No data" : v.jsonName();
  }

  /**
   * The clusters side by side: a column per cluster, its verdict and score on top, then a row per
   * metric series (by label, in order of first appearance) with each cluster's classification and
   * change, linked to that cluster's card; a dash where a cluster has no such series.
   */
  static void sideBySide(StringBuilder b, GateOutcome g) {
    List<GateOutcome.ClusterOutcome> cs = g.clusters();
    b.append("<section class=\"card\"><h2>Clusters</h2><p class=\"lead\">")
        .append(esc(gateHeadline(g)))
        .append("</p><table class=\"overview side\"><thead><tr><th>metric</th>");
    for (int k = 0; k < cs.size(); k++) {
      b.append("<th><a href=\"#c")
          .append(k)
          .append("\">")
          .append(esc(cs.get(k).cluster()))
          .append("</a></th>");
    }
    b.append("</tr></thead><tbody><tr class=\"verdicts\"><td>verdict</td>");
    for (GateOutcome.ClusterOutcome c : cs) {
      b.append("<td><span class=\"badge\" style=\"background:")
          .append(Style.verdictColor(c.verdict()))
          .append(";color:#fff\">")
          .append(esc(verdictLabel(c.verdict())))
          .append("</span></td>");
    }
    b.append("</tr><tr class=\"scores\"><td>score</td>");
    for (GateOutcome.ClusterOutcome c : cs) {
      b.append("<td>").append(num(c.outcome().score())).append("</td>");
    }
    b.append("</tr>");
    Map<String, Map<Integer, Integer>> rows = new LinkedHashMap<>();
    for (int k = 0; k < cs.size(); k++) {
      List<Deviation> ds = cs.get(k).outcome().deviations();
      for (int i = 0; i < ds.size(); i++) {
        rows.computeIfAbsent(ds.get(i).label(), x -> new LinkedHashMap<>()).put(k, i);
      }
    }
    for (Map.Entry<String, Map<Integer, Integer>> row : rows.entrySet()) {
      b.append("<tr><td>").append(esc(row.getKey())).append("</td>");
      for (int k = 0; k < cs.size(); k++) {
        Integer i = row.getValue().get(k);
        if (i == null) {
          b.append("<td><span class=\"muted\">—</span></td>");
          continue;
        }
        AnalysisOutcome o = cs.get(k).outcome();
        CanaryAnalysisResult m = o.result().results().get(i);
        b.append("<td><a href=\"#c")
            .append(k)
            .append('m')
            .append(i)
            .append("\">")
            .append(Style.badge(m))
            .append("</a> <span class=\"")
            .append(Style.changeClass(m))
            .append("\">")
            .append(esc(o.deviations().get(i).change()))
            .append("</span></td>");
      }
      b.append("</tr>");
    }
    b.append("</tbody></table></section>");
  }

  private static String gateHeadline(GateOutcome g) {
    long passed = g.clusters().stream().filter(c -> c.verdict() == CanaryVerdict.PASS).count();
    String rule =
        " The wave passes only when every cluster passes: any Fail fails it; else any cluster"
            + " without data makes it NoData; else any Marginal makes it Marginal.";
    return passed + " of " + g.clusters().size() + " clusters passed." + rule;
  }

  /** Opens cluster {@code k}'s section (closed by the caller) with its verdict and score. */
  static void clusterHeading(StringBuilder b, int k, GateOutcome.ClusterOutcome c) {
    b.append("<section class=\"cluster\" id=\"c")
        .append(k)
        .append("\"><h2 class=\"ctitle\" style=\"color:")
        .append(Style.verdictColor(c.verdict()))
        .append("\">cluster ")
        .append(esc(c.cluster()))
        .append(" · ")
        .append(esc(verdictLabel(c.verdict())))
        .append(" · score ")
        .append(num(c.outcome().score()))
        .append("</h2>");
  }

  /** The score gauge, one sentence on the verdict, the judge's reason and the warnings. */
  static void summary(StringBuilder b, AnalysisOutcome o) {
    b.append("<section class=\"card summary\">");
    b.append(Charts.gauge(o));
    String reason = o.result().score().classificationReason();
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
  }

  private static String headline(AnalysisOutcome o) {
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

  /** One bar per group: its score, its weight, and whether anything in it counted. */
  static void groups(StringBuilder b, AnalysisOutcome o) {
    b.append("<section class=\"card\"><h2>Groups</h2><div class=\"groups\">");
    Map<String, Double> weights = o.request().spec().config().classifier().groupWeights();
    for (CanaryJudgeGroupScore g : o.result().groupScores()) {
      groupBar(b, g, weights.get(g.name()), o.result());
    }
    b.append("</div></section>");
  }

  private static void groupBar(
      StringBuilder b, CanaryJudgeGroupScore g, Double weight, CanaryJudgeResult r) {
    long counted =
        r.results().stream()
            .filter(m -> !m.muted() && m.groups().contains(g.name()))
            .filter(
                m ->
                    m.classification() != MetricClassification.NODATA
                        && m.classification() != MetricClassification.ERROR)
            .count();
    String color = counted == 0 ? "#9AA5B1" : g.score() >= 100 ? "#2E9E62" : "#D64545";
    b.append("<div class=\"group\"><div class=\"gname\">")
        .append(esc(g.name()))
        .append("<span class=\"gweight\">")
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
  }

  /** The table of every metric series: result, both means, the change, its groups. */
  static void overview(StringBuilder b, AnalysisOutcome o, String anchor) {
    b.append("<section class=\"card\"><h2>Metrics</h2><table class=\"overview\"><thead><tr>")
        .append(
            "<th>metric</th><th>result</th><th class=\"n\">control mean</th>"
                + "<th class=\"n\">experiment mean</th><th class=\"n\">change</th><th>groups</th>")
        .append("</tr></thead><tbody>");
    for (int i = 0; i < o.result().results().size(); i++) {
      CanaryAnalysisResult m = o.result().results().get(i);
      Deviation d = o.deviations().get(i);
      b.append("<tr><td><a href=\"#")
          .append(anchor)
          .append(i)
          .append("\">")
          .append(esc(d.label()))
          .append("</a></td><td>")
          .append(Style.badge(m))
          .append("</td><td class=\"n\">")
          .append(statMean(m.controlMetadata()))
          .append("</td><td class=\"n\">")
          .append(statMean(m.experimentMetadata()))
          .append("</td><td class=\"n ")
          .append(Style.changeClass(m))
          .append("\">")
          .append(esc(d.change()))
          .append("</td><td class=\"groups-cell\">")
          .append(esc(String.join(", ", m.groups())))
          .append("</td></tr>");
    }
    b.append("</tbody></table></section>");
  }

  private static String statMean(CanaryAnalysisResult.Metadata md) {
    if (md == null || md.stats() == null || md.stats().count() == 0) {
      return "<span class=\"muted\">—</span>";
    }
    return num(md.stats().mean()) + " <span class=\"muted\">n=" + md.stats().count() + "</span>";
  }

  /** What the charts show and how the judge decides, with this config's numbers. */
  static void howToRead(StringBuilder b, AnalysisOutcome o) {
    double tolerance = o.request().spec().config().judge().tolerance();
    double confLevel = o.request().spec().config().judge().confLevel();
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
  }

  /** When, by which judge, from which Prometheus, against which thresholds. */
  static void footer(StringBuilder b, AnalysisOutcome o, CanaryReport.Header h, String endpoints) {
    b.append("<footer>Generated ")
        .append(Format.time(h.generatedAt()))
        .append(" by Slipway · judge ")
        .append(esc(o.result().judgeName()))
        .append(" (Kayenta-compatible) · metrics from ")
        .append(esc(endpoints))
        .append(" · thresholds pass ≥ ")
        .append(num(o.request().thresholds().pass()))
        .append(", marginal ≥ ")
        .append(num(o.request().thresholds().marginal()))
        .append("</footer>");
  }
}
