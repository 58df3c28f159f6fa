package dev.slipway.analysis.report;

import static dev.slipway.analysis.report.Html.esc;

import dev.slipway.analysis.CanaryVerdict;
import dev.slipway.judge.CanaryAnalysisResult;

/** The colours and CSS classes of verdicts and classifications (report.css has the rest). */
final class Style {
  static final String CONTROL = "#4C78A8";
  static final String EXPERIMENT = "#F58518";

  private Style() {}

  static String verdictColor(CanaryVerdict v) {
    return switch (v) {
      case PASS -> "#1F8A52";
      case MARGINAL -> "#C98A00";
      case FAIL -> "#C93434";
      case NO_DATA -> "#5B6B82";
    };
  }

  /** The classification as a coloured badge. */
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

  /** The class of a metric's change: bad when it failed, ok when it passed, muted otherwise. */
  static String changeClass(CanaryAnalysisResult m) {
    return switch (m.classification()) {
      case HIGH, LOW -> "bad";
      case PASS -> "ok";
      default -> "muted";
    };
  }

  /** The colour of a metric's confidence interval. */
  static String ciColor(CanaryAnalysisResult m) {
    return switch (m.classification()) {
      case HIGH, LOW -> "#D64545";
      case PASS -> "#2E9E62";
      default -> "#6B7A90";
    };
  }
}
