package dev.slipway.judge;

/** Small helpers that reproduce Scala collection semantics Kayenta relies on. */
final class Kayenta {
  private Kayenta() {}

  /** Scala's {@code Array[Double].min}: a left fold keeping the first of {@code a <= b}. */
  static double min(double[] values) {
    double m = values[0];
    for (int i = 1; i < values.length; i++) {
      double v = values[i];
      m = m <= v ? m : v;
    }
    return m;
  }

  /** Scala's {@code Array[Double].max}: a left fold keeping the first of {@code a >= b}. */
  static double max(double[] values) {
    double m = values[0];
    for (int i = 1; i < values.length; i++) {
      double v = values[i];
      m = m >= v ? m : v;
    }
    return m;
  }
}
