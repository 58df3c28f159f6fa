package dev.slipway.judge;

import dev.slipway.judge.CanaryAnalysisResult.Stats;
import dev.slipway.judge.CanaryConfig.CanarySettings;
import dev.slipway.judge.CanaryConfig.NanStrategy;
import dev.slipway.judge.CanaryConfig.OutlierStrategy;
import java.util.Arrays;
import org.apache.commons.math3.stat.StatUtils;
import org.apache.commons.math3.stat.descriptive.rank.Percentile;

/** Kayenta's per-side transforms (NaN strategy, IQR outliers) and summary statistics. */
final class Preprocessing {
  private Preprocessing() {}

  /** NaN handling, then outlier removal when configured; each side on its own. */
  static double[] transform(double[] raw, CanarySettings settings) {
    double[] values =
        settings.nanStrategy() == NanStrategy.REPLACE ? replaceNaNs(raw) : removeNaNs(raw);
    if (settings.outliers().strategy() == OutlierStrategy.REMOVE) {
      values = removeOutliers(values, settings.outliers().outlierFactor());
    }
    return values;
  }

  static double[] removeNaNs(double[] values) {
    return Arrays.stream(values).filter(v -> !Double.isNaN(v)).toArray();
  }

  static double[] replaceNaNs(double[] values) {
    double[] out = values.clone();
    for (int i = 0; i < out.length; i++) {
      if (Double.isNaN(out[i])) {
        out[i] = 0.0;
      }
    }
    return out;
  }

  /**
   * The IQR detector with reduced sensitivity: fences at Q1 − f·IQR and Q3 + f·IQR, widened to the
   * 1st and 99th percentiles. Points strictly outside are dropped; order is kept.
   */
  static double[] removeOutliers(double[] values, double factor) {
    if (!(factor > 0)) {
      throw new IllegalArgumentException("requirement failed: outlierFactor must be > 0");
    }
    double q1 = percentile(values, 25);
    double q3 = percentile(values, 75);
    double iqr = q3 - q1;
    double lowerIqr = q1 - factor * iqr;
    double upperIqr = q3 + factor * iqr;
    double lower = Math.min(percentile(values, 1), lowerIqr);
    double upper = Math.max(percentile(values, 99), upperIqr);
    return Arrays.stream(values).filter(v -> !(v > upper || v < lower)).toArray();
  }

  /** The R-7 percentile (p in percent); NaN for no values. */
  static double percentile(double[] values, double p) {
    return new Percentile().withEstimationType(Percentile.EstimationType.R_7).evaluate(values, p);
  }

  /** count, mean, min, sample std (n − 1) and max; all zero for an empty side. */
  static Stats stats(double[] values) {
    if (values.length == 0) {
      return new Stats(0, 0.0, 0.0, 0.0, 0.0);
    }
    return new Stats(
        values.length,
        StatUtils.mean(values),
        StatUtils.min(values),
        Math.sqrt(StatUtils.variance(values)),
        StatUtils.max(values));
  }

  /** mean(experiment) / mean(control); NaN when either mean is exactly 0.0. */
  static double meanRatio(double[] control, double[] experiment) {
    double controlMean = StatUtils.mean(control);
    double experimentMean = StatUtils.mean(experiment);
    return controlMean == 0.0 || experimentMean == 0.0 ? Double.NaN : experimentMean / controlMean;
  }
}
