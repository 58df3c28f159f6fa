package dev.slipway.analysis.report;

import static dev.slipway.analysis.report.Format.num;

import dev.slipway.analysis.AnalysisRequest;
import dev.slipway.analysis.MetricPair;
import dev.slipway.judge.CanaryAnalysisResult;
import dev.slipway.judge.CanaryConfig;

/**
 * Says in one or two sentences why the judge classified a metric as it did, from the numbers the
 * result carries (interval, estimate, ratio) and the metric's config. Kayenta users ask for exactly
 * this (kayenta#521, #744): the ratio shown is not the decision rule, the interval is.
 */
final class Explain {
  private Explain() {}

  /**
   * Why {@code m} (configured as {@code cfg}, null for defaults; data {@code p}, null when none was
   * fetched; {@code gated} when the minimum-data gate kept it from the judge) came out as it did
   * under {@code request}'s judge settings and gate.
   */
  static String why(
      CanaryAnalysisResult m,
      CanaryConfig.Metric cfg,
      MetricPair p,
      boolean gated,
      AnalysisRequest request) {
    double tolerance = request.spec().config().judge().tolerance();
    double confLevel = request.spec().config().judge().confLevel();
    CanaryConfig.CanarySettings c =
        cfg == null ? CanaryConfig.CanarySettings.DEFAULTS : cfg.canary();
    CanaryAnalysisResult.ResultMetadata md = m.resultMetadata();
    String pct = num(confLevel * 100) + "%";
    switch (m.classification()) {
      case NODATA, NODATA_FAIL_METRIC -> {
        StringBuilder b = new StringBuilder();
        if (gated && p != null) {
          b.append("Too little data to judge: the control window has ")
              .append(p.control().finite())
              .append(" of ")
              .append(p.control().expected())
              .append(" points, the experiment window ")
              .append(p.experiment().finite())
              .append(" of ")
              .append(p.experiment().expected())
              .append(" (the minimum-data gate needs ")
              .append(request.gate().required(p.experiment().expected()))
              .append(" per side)")
              .append(awkward(p))
              .append('.');
        } else {
          b.append("No usable points on one side").append(p == null ? "" : awkward(p)).append('.');
        }
        if (m.classification() == dev.slipway.judge.MetricClassification.NODATA_FAIL_METRIC) {
          b.append(" The metric is mustHaveData, so it counts as a failure in its groups.");
        } else if (m.critical()) {
          b.append(" It is critical: a critical metric without data fails the canary.");
        } else {
          b.append(" Nodata metrics are left out of the group scores.");
        }
        return b.toString();
      }
      case ERROR -> {
        return "The Mann-Whitney test could not run on this data (for example every point tied);"
            + " Kayenta's judge leaves such a metric out of the scores.";
      }
      default -> {
        // Pass, High, Low below
      }
    }
    if (md == null || md.lowerConfidence() == null || md.upperConfidence() == null) {
      String reason = m.classificationReason();
      if (reason != null && !reason.isEmpty()) {
        return reason + ".";
      }
      if (c.nanStrategy() == CanaryConfig.NanStrategy.REPLACE) {
        return "Passed without a test: with nanStrategy replace, missing points count as 0 and the"
            + " two windows held the same single value.";
      }
      return "Both windows hold one and the same value, so there is no shift to test.";
    }
    double lo = md.lowerConfidence();
    double hi = md.upperConfidence();
    double est = md.estimate() == null ? Double.NaN : md.estimate();
    double band = tolerance * Math.abs(est);
    double effect = md.effectSize() == null ? Double.NaN : md.effectSize();
    String measure =
        c.effectSize().measure() == CanaryConfig.EffectMeasure.CLES ? "CLES" : "mean ratio";
    String interval = "The " + pct + " interval of the shift is [" + num(lo) + ", " + num(hi) + "]";
    String dir = c.direction().jsonName();
    return switch (m.classification()) {
      case HIGH ->
          interval
              + ", entirely above the tolerance band +"
              + num(band)
              + ", and the "
              + measure
              + " "
              + num(effect)
              + " ≥ allowedIncrease "
              + num(c.effectSize().allowedIncrease())
              + ": the experiment is higher."
              + critical(m, c, true, measure, effect);
      case LOW ->
          interval
              + ", entirely below the tolerance band −"
              + num(band)
              + ", and the "
              + measure
              + " "
              + num(effect)
              + " ≤ allowedDecrease "
              + num(c.effectSize().allowedDecrease())
              + ": the experiment is lower."
              + critical(m, c, false, measure, effect);
      default -> {
        if (lo > band) {
          if (c.direction() == CanaryConfig.Direction.DECREASE) {
            yield interval
                + ": the experiment is higher, but the direction is '"
                + dir
                + "', so only a decrease would fail.";
          }
          yield interval
              + ": beyond the tolerance band, but the "
              + measure
              + " "
              + num(effect)
              + " is below allowedIncrease "
              + num(c.effectSize().allowedIncrease())
              + ", so the change is accepted.";
        }
        if (hi < -band) {
          if (c.direction() == CanaryConfig.Direction.INCREASE) {
            yield interval
                + ": the experiment is lower, but the direction is '"
                + dir
                + "', so only an increase would fail.";
          }
          yield interval
              + ": beyond the tolerance band, but the "
              + measure
              + " "
              + num(effect)
              + " is above allowedDecrease "
              + num(c.effectSize().allowedDecrease())
              + ", so the change is accepted.";
        }
        yield interval
            + ", which reaches into the tolerance band ±"
            + num(band)
            + " ("
            + num(tolerance * 100)
            + "% of the estimate "
            + num(est)
            + "): no shift beyond what the judge tolerates.";
      }
    };
  }

  private static String critical(
      CanaryAnalysisResult m,
      CanaryConfig.CanarySettings c,
      boolean up,
      String measure,
      double effect) {
    if (m.critical()) {
      return " Critical: the "
          + measure
          + " passes critical"
          + (up
              ? "Increase " + num(c.effectSize().criticalIncrease())
              : "Decrease " + num(c.effectSize().criticalDecrease()))
          + ", so the canary fails whatever the score.";
    }
    if (c.critical()) {
      return " The metric is critical, but the "
          + measure
          + " "
          + num(effect)
          + " stays within its critical threshold, so it only lowers its group's score.";
    }
    return "";
  }

  private static String awkward(MetricPair p) {
    int nan = p.control().nan() + p.experiment().nan();
    int inf = p.control().infinite() + p.experiment().infinite();
    int missing = p.control().missing() + p.experiment().missing();
    StringBuilder b = new StringBuilder();
    if (nan > 0) {
      b.append("; ").append(nan).append(" NaN point(s) from Prometheus");
    }
    if (inf > 0) {
      b.append("; ").append(inf).append(" infinite point(s) dropped");
    }
    if (missing > 0) {
      b.append("; ").append(missing).append(" step(s) without a sample");
    }
    return b.toString();
  }
}
