package dev.slipway.analysis.report;

import static dev.slipway.analysis.report.Format.px;
import static dev.slipway.analysis.report.Html.esc;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The report's hand-made SVG: scales, ticks, a few statistics, and the elements it draws with. */
final class Svg {
  private Svg() {}

  /** A linear map from a data interval onto a pixel interval. */
  record Scale(double d0, double d1, double p0, double p1) {
    double at(double v) {
      if (d1 == d0) {
        return (p0 + p1) / 2;
      }
      return p0 + (v - d0) / (d1 - d0) * (p1 - p0);
    }
  }

  /** About {@code n} round tick values covering [lo, hi]. */
  static List<Double> ticks(double lo, double hi, int n) {
    List<Double> out = new ArrayList<>();
    if (!(hi > lo)) {
      out.add(lo);
      return out;
    }
    double step = niceStep((hi - lo) / n);
    double start = Math.ceil(lo / step - 1e-9) * step;
    for (double v = start; v <= hi + step * 1e-9; v += step) {
      out.add(Math.abs(v) < step * 1e-9 ? 0.0 : v);
    }
    return out;
  }

  static double niceStep(double raw) {
    double mag = Math.pow(10, Math.floor(Math.log10(raw)));
    double f = raw / mag;
    double nice = f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10;
    return nice * mag;
  }

  /** [lo, hi] with a little room, never empty. */
  static double[] padded(double lo, double hi) {
    if (!Double.isFinite(lo) || !Double.isFinite(hi)) {
      return new double[] {0, 1};
    }
    if (hi == lo) {
      double d = lo == 0 ? 1 : Math.abs(lo) * 0.1;
      return new double[] {lo - d, hi + d};
    }
    double pad = (hi - lo) * 0.08;
    return new double[] {lo - pad, hi + pad};
  }

  /** The finite values, sorted. */
  static double[] finiteSorted(double[] v) {
    return Arrays.stream(v).filter(Double::isFinite).sorted().toArray();
  }

  /** R-7 percentile of sorted values, p in [0, 1]. */
  static double quantile(double[] sorted, double p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    double h = (sorted.length - 1) * p;
    int lo = (int) Math.floor(h);
    int hi = Math.min(lo + 1, sorted.length - 1);
    return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
  }

  static double mean(double[] v) {
    return v.length == 0 ? Double.NaN : Arrays.stream(v).sum() / v.length;
  }

  /**
   * An {@code <svg>} of {@code wd} × {@code ht} units, with its class (none when null) and label.
   */
  static String open(String cls, int wd, int ht, String label) {
    return "<svg"
        + (cls == null ? "" : " class=\"" + cls + "\"")
        + " viewBox=\"0 0 "
        + wd
        + ' '
        + ht
        + "\" role=\"img\" aria-label=\""
        + label
        + "\">";
  }

  /** A line from (x1, y1) to (x2, y2) with the given attributes. */
  static String line(double x1, double y1, double x2, double y2, String attrs) {
    return "<line" + at("x1", x1) + at("y1", y1) + at("x2", x2) + at("y2", y2) + " " + attrs + "/>";
  }

  /** A filled rectangle with slightly rounded corners; a negative width draws nothing. */
  static String rect(double x, double y, double w, double h, String fill) {
    return "<rect"
        + at("x", x)
        + at("y", y)
        + at("width", Math.max(0, w))
        + at("height", h)
        + " rx=\"2\" fill=\""
        + fill
        + "\"/>";
  }

  /** Text {@code t} (escaped) at (x, y), anchored {@code start}, {@code middle} or {@code end}. */
  static String text(double x, double y, String t, String anchor, String cls) {
    return "<text"
        + at("x", x)
        + at("y", y)
        + " text-anchor=\""
        + anchor
        + "\" class=\""
        + cls
        + "\">"
        + esc(t)
        + "</text>";
  }

  /** {@code name="v"}, {@code v} in pixels. */
  private static String at(String name, double v) {
    return " " + name + "=\"" + px(v) + "\"";
  }
}
