package dev.slipway.analysis;

import java.util.Arrays;

/**
 * One side of a metric set pair on its window's grid: exactly {@link AnalysisWindow#points()}
 * values, NaN wherever there is no usable sample, plus what was wrong with the raw data.
 *
 * @param values the grid values (finite or NaN; ±Inf are turned into NaN and counted)
 * @param finite points with a finite value
 * @param nan points where Prometheus answered NaN (e.g. 0/0, histogram_quantile of no traffic)
 * @param infinite points where Prometheus answered ±Inf (e.g. x/0, a quantile in the +Inf bucket)
 * @param missing points with no sample at all (series absent or with gaps)
 */
public record SideData(double[] values, int finite, int nan, int infinite, int missing) {

  public int expected() {
    return values.length;
  }

  /** A side with no series at all: every point missing. */
  static SideData empty(int points) {
    double[] v = new double[points];
    Arrays.fill(v, Double.NaN);
    return new SideData(v, 0, 0, 0, points);
  }

  /** Aligns one series onto the window's grid. */
  static SideData align(Series s, AnalysisWindow w) {
    double[] v = new double[w.points()];
    Arrays.fill(v, Double.NaN);
    boolean[] seen = new boolean[v.length];
    int finite = 0;
    int nan = 0;
    int inf = 0;
    for (int i = 0; i < s.size(); i++) {
      int idx = w.indexOf(s.timestampsMillis()[i]);
      if (idx < 0 || seen[idx]) {
        continue;
      }
      seen[idx] = true;
      double x = s.values()[i];
      if (Double.isNaN(x)) {
        nan++;
      } else if (Double.isInfinite(x)) {
        inf++;
      } else {
        v[idx] = x;
        finite++;
      }
    }
    return new SideData(v, finite, nan, inf, v.length - finite - nan - inf);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SideData d
        && Arrays.equals(values, d.values)
        && finite == d.finite
        && nan == d.nan
        && infinite == d.infinite
        && missing == d.missing;
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(values) * 31 + finite;
  }

  @Override
  public String toString() {
    return "SideData[finite="
        + finite
        + ", nan="
        + nan
        + ", infinite="
        + infinite
        + ", missing="
        + missing
        + "]";
  }
}
