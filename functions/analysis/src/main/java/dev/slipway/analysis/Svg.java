package dev.slipway.analysis;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Small helpers for the report's hand-made SVG: scales, ticks, number formatting, escaping. */
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

  /** A number for people: 3 significant digits, no exponent for ordinary magnitudes. */
  static String num(double v) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "+Inf" : "-Inf";
    }
    if (v == 0) {
      return "0";
    }
    double a = Math.abs(v);
    if (a >= 1e6 || a < 1e-4) {
      return String.format(Locale.ROOT, "%.2e", v);
    }
    int decimals = Math.max(0, 2 - (int) Math.floor(Math.log10(a)));
    String s = String.format(Locale.ROOT, "%." + decimals + "f", v);
    if (s.contains(".")) {
      s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
    }
    return s;
  }

  static String px(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }

  static String esc(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder b = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      switch (c) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
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
}
