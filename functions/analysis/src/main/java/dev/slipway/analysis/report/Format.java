package dev.slipway.analysis.report;

import dev.slipway.analysis.AnalysisWindow;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Numbers and times as the report shows them. */
final class Format {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter HHMM =
      DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);

  private Format() {}

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

  /** An SVG coordinate: one decimal. */
  static String px(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }

  /** {@code 2026-11-26 21:45 UTC}. */
  static String time(Instant t) {
    return TIME.format(t);
  }

  /** {@code 21:45}, in UTC. */
  static String hhmm(Instant t) {
    return HHMM.format(t);
  }

  /** {@code 2026-11-26 20:30–21:00 UTC}. */
  static String window(AnalysisWindow w) {
    return TIME.format(w.start()).replace(" UTC", "") + "–" + HHMM.format(w.end()) + " UTC";
  }
}
