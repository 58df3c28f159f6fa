package dev.slipway.judge;

import dev.slipway.judge.CanaryAnalysisResult.ResultMetadata;
import dev.slipway.judge.CanaryConfig.Direction;
import dev.slipway.judge.CanaryConfig.EffectMeasure;
import dev.slipway.judge.CanaryConfig.EffectSize;
import dev.slipway.judge.CanaryConfig.NanStrategy;
import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * Kayenta's MannWhitneyClassifier decision procedure, in Kayenta's order: missing data, identical
 * data, one value overall, then the comparison (noise for two constant sides, Mann-Whitney
 * interval, mean ratio, effect size, High/Low/Pass) and the critical escalation.
 *
 * <p>It is split in two so the judge can run metrics in parallel and still draw the noise from one
 * seeded generator in input order: {@link #early} settles everything that needs no comparison and
 * says whether noise is needed; {@link #addNoise} runs sequentially; {@link #compare} runs
 * anywhere.
 */
final class MannWhitneyClassifier {
  static final String EXPERIMENT_LABEL = "Canary";
  static final String CONTROL_LABEL = "Baseline";

  private final double tolerance;
  private final double confLevel;
  private final MannWhitneyInterval.Engine engine;

  MannWhitneyClassifier(double tolerance, double confLevel, MannWhitneyInterval.Engine engine) {
    this.tolerance = tolerance;
    this.confLevel = confLevel;
    this.engine = engine;
  }

  /** A metric's classification, its reason (or null), critical flag and metadata. */
  record Outcome(
      MetricClassification classification,
      String reason,
      boolean critical,
      ResultMetadata metadata) {}

  /** The outcome when it is settled without a comparison, or null when a comparison is needed. */
  static Outcome early(
      String name,
      double[] control,
      double[] experiment,
      NanStrategy nanStrategy,
      boolean isCritical,
      boolean isDataRequired) {
    ResultMetadata one = ResultMetadata.ratioOnly(1.0);
    if (experiment.length == 0 || control.length == 0) {
      if (nanStrategy == NanStrategy.REPLACE) {
        return new Outcome(MetricClassification.PASS, null, false, one);
      }
      String reason = "Missing data for " + name;
      if (isDataRequired && !isCritical) {
        return new Outcome(MetricClassification.NODATA_FAIL_METRIC, reason, false, one);
      }
      return new Outcome(MetricClassification.NODATA, reason, isCritical, one);
    }
    double[] e = experiment.clone();
    double[] c = control.clone();
    Arrays.sort(e);
    Arrays.sort(c);
    if (sameElements(e, c)) {
      return new Outcome(
          MetricClassification.PASS,
          "The " + EXPERIMENT_LABEL + " and " + CONTROL_LABEL + " data are identical",
          false,
          one);
    }
    if (e[0] == e[e.length - 1] && c[0] == c[c.length - 1] && e[0] == c[0]) {
      return new Outcome(MetricClassification.PASS, null, false, one);
    }
    return null;
  }

  /** Whether both sides hold one distinct value each (Kayenta then adds Gaussian noise). */
  static boolean constantSides(double[] control, double[] experiment) {
    return oneValue(experiment) && oneValue(control);
  }

  /**
   * Kayenta's degenerate-noise step: each point plus N(0, sd) with sd = (the side's value) × 1e-5,
   * drawn experiment first, then control. Returns {experiment, control}.
   */
  static double[][] addNoise(double[] control, double[] experiment, RandomGenerator random) {
    double[] e = noise(experiment, experiment[0] * 1e-5, random);
    double[] c = noise(control, control[0] * 1e-5, random);
    return new double[][] {e, c};
  }

  private static double[] noise(double[] values, double sd, RandomGenerator random) {
    double[] out = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = values[i] + (random.nextGaussian() * sd + 0.0);
    }
    return out;
  }

  /**
   * The comparison and critical escalation on the (possibly noised) sides. Throws when the
   * Mann-Whitney interval cannot be computed; the judge turns that into Error.
   */
  Outcome compare(
      String name,
      double[] control,
      double[] experiment,
      Direction direction,
      EffectSize effectSize,
      boolean isCritical) {
    MannWhitneyInterval mw = engine.interval(experiment, control, confLevel);
    double ratio = Preprocessing.meanRatio(control, experiment);
    double size =
        effectSize.measure() == EffectMeasure.CLES ? engine.cles(control, experiment) : ratio;
    double criticalValue = tolerance * Math.abs(mw.estimate());
    double lowerBound = -1 * criticalValue;
    double upperBound = criticalValue;

    MetricClassification label = MetricClassification.PASS;
    String reason = null;
    if ((direction == Direction.INCREASE || direction == Direction.EITHER)
        && mw.lowerConfidence() > upperBound
        && (Double.isNaN(size) || size >= effectSize.allowedIncrease())) {
      label = MetricClassification.HIGH;
      reason = name + " was classified as High";
    } else if ((direction == Direction.DECREASE || direction == Direction.EITHER)
        && mw.upperConfidence() < lowerBound
        && (Double.isNaN(size) || size <= effectSize.allowedDecrease())) {
      label = MetricClassification.LOW;
      reason = name + " was classified as Low";
    }
    ResultMetadata metadata =
        new ResultMetadata(ratio, mw.lowerConfidence(), mw.upperConfidence(), mw.estimate(), size);

    if (isCritical) {
      if (label == MetricClassification.HIGH
          && (Double.isNaN(size) || size >= effectSize.criticalIncrease())) {
        return new Outcome(
            label, "The metric " + name + " was classified as High (Critical)", true, metadata);
      }
      if (label == MetricClassification.LOW
          && (Double.isNaN(size) || size <= effectSize.criticalDecrease())) {
        return new Outcome(
            label, "The metric " + name + " was classified as Low (Critical)", true, metadata);
      }
    }
    return new Outcome(label, reason, false, metadata);
  }

  private static boolean sameElements(double[] a, double[] b) {
    if (a.length != b.length) {
      return false;
    }
    for (int i = 0; i < a.length; i++) {
      if (a[i] != b[i]) {
        return false;
      }
    }
    return true;
  }

  private static boolean oneValue(double[] values) {
    double first = values[0];
    for (double v : values) {
      if (v != first) {
        return false;
      }
    }
    return true;
  }
}
