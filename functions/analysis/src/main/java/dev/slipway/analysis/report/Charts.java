package dev.slipway.analysis.report;

import static dev.slipway.analysis.report.Format.num;
import static dev.slipway.analysis.report.Format.px;
import static dev.slipway.analysis.report.Svg.line;
import static dev.slipway.analysis.report.Svg.rect;
import static dev.slipway.analysis.report.Svg.text;

import dev.slipway.analysis.AnalysisOutcome;
import dev.slipway.analysis.CanaryWindows;
import dev.slipway.analysis.MetricPair;
import dev.slipway.judge.CanaryAnalysisResult;
import java.util.ArrayList;
import java.util.List;

/**
 * The report's charts, each one inline SVG: the score gauge, a metric's series over time, its
 * distributions, and the Mann-Whitney interval against the tolerance band.
 */
final class Charts {
  private Charts() {}

  /** The score on a 0–100 track coloured Fail | Marginal | Pass at the thresholds. */
  static String gauge(AnalysisOutcome o) {
    double pass = o.request().thresholds().pass();
    double marginal = o.request().thresholds().marginal();
    double score = Math.max(0, Math.min(100, o.score()));
    int wd = 1000;
    Svg.Scale x = new Svg.Scale(0, 100, 8, wd - 8);
    StringBuilder s = new StringBuilder();
    s.append(Svg.open("gauge", wd, 66, "score " + num(score)));
    s.append(rect(x.at(0), 22, x.at(marginal) - x.at(0), 16, "#F6D5D3"));
    s.append(rect(x.at(marginal), 22, x.at(pass) - x.at(marginal), 16, "#F8E8BC"));
    s.append(rect(x.at(pass), 22, x.at(100) - x.at(pass), 16, "#D3EDDC"));
    s.append(rect(x.at(0), 24, x.at(score) - x.at(0), 12, Style.verdictColor(o.verdict())));
    s.append(text(x.at(0), 14, "Fail", "start", "gz"));
    s.append(text((x.at(marginal) + x.at(pass)) / 2, 14, "Marginal", "middle", "gz"));
    s.append(text(x.at(100), 14, "Pass", "end", "gz"));
    for (double t : new double[] {marginal, pass}) {
      s.append(line(x.at(t), 19, x.at(t), 41, "stroke=\"#3E4C59\" stroke-width=\"2\""));
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

  /** A plot area: its scales and the pixel edges of the frame the axes are drawn on. */
  private record Frame(Svg.Scale x, Svg.Scale y, double left, double right, double bottom) {}

  /** Control and experiment over their windows, overlaid on "minutes into the window". */
  static String series(MetricPair p, CanaryWindows w, double[] yr) {
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
    s.append(Svg.open("series", wd, ht, "control and experiment over time"));
    axes(
        s,
        new Frame(x, y, l, wd - rgt, ht - btm),
        Svg.ticks(0, minutes, 6),
        Svg.ticks(yr[0], yr[1], 5));
    s.append(text((l + wd - rgt) / 2.0, ht - 4, "minutes into the window", "middle", "al"));
    double stepMin = w.control().step().toSeconds() / 60.0;
    s.append(path(p.control().values(), x, y, stepMin, Style.CONTROL));
    s.append(path(p.experiment().values(), x, y, stepMin, Style.EXPERIMENT));
    s.append("<g class=\"legend\">")
        .append(rect(l, 4, 10, 10, Style.CONTROL))
        .append(
            text(
                l + 14,
                13,
                "control, from " + Format.hhmm(w.control().start()) + " UTC",
                "start",
                "lg"))
        .append(rect(l + 190, 4, 10, 10, Style.EXPERIMENT))
        .append(
            text(
                l + 204,
                13,
                "experiment, from " + Format.hhmm(w.experiment().start()) + " UTC",
                "start",
                "lg"))
        .append("</g></svg>");
    return s.toString();
  }

  /** One side's values as a path, broken at non-finite points; isolated points as dots. */
  private static String path(double[] v, Svg.Scale x, Svg.Scale y, double stepMin, String color) {
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
  static String box(double[] c, double[] e, double[] yr) {
    int wd = 220;
    int ht = 220;
    int t = 26;
    int btm = 34;
    Svg.Scale y = new Svg.Scale(yr[0], yr[1], ht - btm, t);
    StringBuilder s = new StringBuilder();
    s.append(Svg.open("box", wd, ht, "distributions"));
    for (double tick : Svg.ticks(yr[0], yr[1], 5)) {
      s.append(line(8, y.at(tick), wd - 8, y.at(tick), "class=\"grid\""));
    }
    s.append(text(wd / 2.0, 13, "distribution", "middle", "lg"));
    oneBox(s, Svg.finiteSorted(c), 62, y, Style.CONTROL, "control");
    oneBox(s, Svg.finiteSorted(e), 158, y, Style.EXPERIMENT, "experiment");
    s.append("</svg>");
    return s.toString();
  }

  private static void oneBox(
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
    String stroke = "stroke=\"" + color + "\" stroke-width=\"1.5\"";
    s.append(line(cx, y.at(wLo), cx, y.at(wHi), stroke));
    for (double wv : new double[] {wLo, wHi}) {
      s.append(line(cx - 10, y.at(wv), cx + 10, y.at(wv), stroke));
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
        line(
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
  static String interval(CanaryAnalysisResult m, double tolerance, double confLevel) {
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
    StringBuilder s = new StringBuilder("<div class=\"ci\">");
    s.append(Svg.open(null, wd, ht, "confidence interval"));
    s.append(line(20, 52, wd - 20, 52, "stroke=\"#B8C2CC\""));
    for (double tick : Svg.ticks(r[0], r[1], 8)) {
      s.append(line(x.at(tick), 52, x.at(tick), 57, "stroke=\"#B8C2CC\""));
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
    s.append(line(x.at(0), 12, x.at(0), 57, "stroke=\"#52606D\" stroke-width=\"1\""));
    String c = Style.ciColor(m);
    double a = x.at(Math.min(lo, hi));
    double bb = x.at(Math.max(lo, hi));
    s.append(
        line(
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

  /** Horizontal grid lines with their values, the x ticks' values, and the x axis. */
  private static void axes(StringBuilder s, Frame f, List<Double> xt, List<Double> yt) {
    for (double v : yt) {
      s.append(line(f.left(), f.y().at(v), f.right(), f.y().at(v), "class=\"grid\""));
      s.append(text(f.left() - 6, f.y().at(v) + 4, num(v), "end", "al"));
    }
    for (double v : xt) {
      s.append(text(f.x().at(v), f.bottom() + 16, num(v), "middle", "al"));
    }
    s.append(line(f.left(), f.bottom(), f.right(), f.bottom(), "stroke=\"#9AA5B1\""));
  }
}
