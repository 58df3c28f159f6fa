package dev.slipway.judge;

/**
 * The Mann-Whitney (Wilcoxon rank-sum) confidence interval and Hodges-Lehmann-style estimate of the
 * location shift experiment − control, as Kayenta computes them: the asymptotic branch of R's
 * {@code wilcox.test(x, y, conf.int = TRUE, correct = TRUE)}, two-sided, with continuity correction
 * everywhere (including the estimate) and no exact branch.
 */
record MannWhitneyInterval(double lowerConfidence, double upperConfidence, double estimate) {

  /** Computes the interval for experiment x and control y. */
  interface Engine {
    MannWhitneyInterval interval(double[] x, double[] y, double confLevel);

    /** Vargha-Delaney A: P(E > C) + ½·P(tie), from the rank sum of E in E ++ C. */
    double cles(double[] control, double[] experiment);
  }
}
