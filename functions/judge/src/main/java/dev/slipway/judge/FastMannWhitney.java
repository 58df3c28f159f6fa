package dev.slipway.judge;

import java.util.Arrays;
import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * The production Mann-Whitney engine. It computes exactly what Kayenta computes (every value
 * bit-identical; the test tree's reference port is the oracle) but sorts each side once and, for
 * each candidate shift d, merges {@code sorted(x) − d} with {@code sorted(y)} in one linear pass
 * instead of re-ranking the combined sample with boxed pairs. The ranks are average ranks with ties
 * detected by {@link Double#compare} (as commons-math's NaturalRanking does), NaN ranks as +∞, and
 * the rank sum and tie correction are sums of half-integers and integers, so they are exact in any
 * order. The endpoint values f(muMin) and f(muMax), the same for all three roots up to the
 * subtracted quantile, are computed once.
 */
final class FastMannWhitney implements MannWhitneyInterval.Engine {
  static final NormalDistribution STANDARD_NORMAL = new NormalDistribution(0, 1);

  @Override
  public MannWhitneyInterval interval(double[] x, double[] y, double confLevel) {
    double alpha = 1.0 - confLevel;
    double muMin = Kayenta.min(x) - Kayenta.max(y);
    double muMax = Kayenta.max(x) - Kayenta.min(y);
    Ranker ranker = new Ranker(x, y);
    // Kayenta evaluates both ends (at every quantile) before any root search; an all-tied end
    // throws here just as it would there.
    double gLower = ranker.standardized(muMin);
    double gUpper = ranker.standardized(muMax);
    double zQuant = STANDARD_NORMAL.inverseCumulativeProbability(alpha / 2);
    double lower = findRoot(ranker, muMin, muMax, gLower, gUpper, -zQuant);
    double upper = findRoot(ranker, muMin, muMax, gLower, gUpper, zQuant);
    double estimate =
        ZeroIn.solve(muMin, muMax, gLower - 0, gUpper - 0, d -> ranker.standardized(d) - 0);
    return new MannWhitneyInterval(lower, upper, estimate);
  }

  private static double findRoot(
      Ranker ranker, double muMin, double muMax, double gLower, double gUpper, double zq) {
    double fLower = gLower - zq;
    double fUpper = gUpper - zq;
    if (fLower <= 0) {
      return muMin;
    }
    if (fUpper >= 0) {
      return muMax;
    }
    return ZeroIn.solve(muMin, muMax, fLower, fUpper, d -> ranker.standardized(d) - zq);
  }

  @Override
  public double cles(double[] control, double[] experiment) {
    int m = experiment.length;
    int n = control.length;
    double r1 = new Ranker(experiment, control).rankSumOfX(0.0);
    return (2 * r1 - m * (m + 1)) / (2 * n * m);
  }

  /** Both sides sorted once; each evaluation is one merge pass without allocation. */
  static final class Ranker {
    private final double[] xs;
    private final double[] ys;
    private final double nx;
    private final double ny;
    private double rankSum;
    private long ties;

    Ranker(double[] x, double[] y) {
      xs = x.clone();
      ys = y.clone();
      Arrays.sort(xs);
      Arrays.sort(ys);
      nx = xs.length;
      ny = ys.length;
    }

    /** (dz − continuity correction) / σ at shift d; throws when every observation is tied. */
    double standardized(double d) {
      merge(d);
      double dz = rankSum - nx * (nx + 1) / 2 - nx * ny / 2;
      double signum = Math.signum(dz);
      double correction = (Double.isNaN(signum) ? 0 : signum) * 0.5;
      double sigma =
          Math.sqrt((nx * ny / 12) * ((nx + ny + 1) - (double) ties / ((nx + ny) * (nx + ny - 1))));
      if (sigma == 0) {
        throw new IllegalArgumentException(
            "cannot compute confidence interval when all observations are tied");
      }
      return (dz - correction) / sigma;
    }

    double rankSumOfX(double d) {
      merge(d);
      return rankSum;
    }

    private void merge(double d) {
      final double[] xs = this.xs;
      final double[] ys = this.ys;
      final int nx = xs.length;
      final int ny = ys.length;
      int i = 0;
      int j = 0;
      int consumed = 0;
      double sum = 0;
      long tieSum = 0;
      double xv = nx > 0 ? shifted(xs[0], d) : 0;
      while (i < nx || j < ny) {
        double v;
        if (i < nx && (j >= ny || Double.compare(xv, ys[j]) <= 0)) {
          v = xv;
        } else {
          v = ys[j];
        }
        int kx = 0;
        while (i < nx && Double.compare(xv, v) == 0) {
          kx++;
          i++;
          if (i < nx) {
            xv = shifted(xs[i], d);
          }
        }
        int ky = 0;
        while (j < ny && Double.compare(ys[j], v) == 0) {
          ky++;
          j++;
        }
        int t = kx + ky;
        if (kx > 0) {
          // commons-math's average rank of a tie run starting at position c: (2c + t − 1) / 2
          double average = (2 * (double) (consumed + 1) + t - 1) / 2d;
          sum += kx * average;
        }
        if (t > 1) {
          tieSum += (long) t * t * t - t;
        }
        consumed += t;
      }
      rankSum = sum;
      ties = tieSum;
    }

    /** x − d, with NaN ranked as +∞ (NaturalRanking's NaNStrategy.MAXIMAL). */
    private static double shifted(double x, double d) {
      double v = x - d;
      return Double.isNaN(v) ? Double.POSITIVE_INFINITY : v;
    }
  }
}
