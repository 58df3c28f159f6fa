package dev.slipway.judge;

import java.util.HashMap;
import java.util.Map;
import org.apache.commons.math3.analysis.UnivariateFunction;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.stat.ranking.NaNStrategy;
import org.apache.commons.math3.stat.ranking.NaturalRanking;
import org.apache.commons.math3.stat.ranking.TiesStrategy;

/**
 * The oracle: a straightforward port of Kayenta's MannWhitney.scala, the way Kayenta does it. Every
 * evaluation of the rank function concatenates {@code x − d} and {@code y}, ranks them with
 * commons-math's NaturalRanking (boxed pairs, a full sort), groups equal ranks in a boxed hash map
 * to count ties, and every root search re-evaluates both ends. Slow on purpose; the production
 * {@link FastMannWhitney} must agree with it bit for bit.
 */
final class ReferenceMannWhitney implements MannWhitneyInterval.Engine {

  @Override
  public MannWhitneyInterval interval(double[] x, double[] y, double confLevel) {
    double alpha = 1.0 - confLevel;
    double muMin = Kayenta.min(x) - Kayenta.max(y);
    double muMax = Kayenta.max(x) - Kayenta.min(y);
    double zQuant = new NormalDistribution(0, 1).inverseCumulativeProbability(alpha / 2);
    double lower = findRoot(-zQuant, muMin, muMax, x, y);
    double upper = findRoot(zQuant, muMin, muMax, x, y);
    double fLower = wilcoxonDiff(muMin, 0, x, y);
    double fUpper = wilcoxonDiff(muMax, 0, x, y);
    double estimate = ZeroIn.solve(muMin, muMax, fLower, fUpper, wrapper(0, x, y)::value);
    return new MannWhitneyInterval(lower, upper, estimate);
  }

  private static double findRoot(double zq, double muMin, double muMax, double[] x, double[] y) {
    double fLower = wilcoxonDiff(muMin, zq, x, y);
    double fUpper = wilcoxonDiff(muMax, zq, x, y);
    if (fLower <= 0) {
      return muMin;
    } else if (fUpper >= 0) {
      return muMax;
    } else {
      return ZeroIn.solve(muMin, muMax, fLower, fUpper, wrapper(zq, x, y)::value);
    }
  }

  private static UnivariateFunction wrapper(double zq, double[] x, double[] y) {
    return input -> wilcoxonDiff(input, zq, x, y);
  }

  static double wilcoxonDiff(double mu, double quantile, double[] x, double[] y) {
    double xLen = x.length;
    double yLen = y.length;
    double[] combined = new double[x.length + y.length];
    for (int i = 0; i < x.length; i++) {
      combined[i] = x[i] - mu;
    }
    System.arraycopy(y, 0, combined, x.length, y.length);
    double[] dr = new NaturalRanking(NaNStrategy.MAXIMAL, TiesStrategy.AVERAGE).rank(combined);
    Map<Double, Integer> nties = new HashMap<>();
    for (double r : dr) {
      nties.merge(r, 1, Integer::sum);
    }
    double rankSum = 0;
    for (int e = 0; e < x.length; e++) {
      rankSum += dr[e];
    }
    double dz = rankSum - xLen * (xLen + 1) / 2 - xLen * yLen / 2;
    double signum = Math.signum(dz);
    double correction = (Double.isNaN(signum) ? 0 : signum) * 0.5;
    double tieSum = 0;
    for (int v : nties.values()) {
      tieSum += Math.pow(v, 3) - v;
    }
    double sigma =
        Math.sqrt(
            (xLen * yLen / 12)
                * ((xLen + yLen + 1) - tieSum / ((xLen + yLen) * (xLen + yLen - 1))));
    if (sigma == 0) {
      throw new IllegalArgumentException(
          "cannot compute confidence interval when all observations are tied");
    }
    return (dz - correction) / sigma - quantile;
  }

  @Override
  public double cles(double[] control, double[] experiment) {
    int m = experiment.length;
    int n = control.length;
    double[] combined = new double[m + n];
    System.arraycopy(experiment, 0, combined, 0, m);
    System.arraycopy(control, 0, combined, m, n);
    double[] ranks = new NaturalRanking(NaNStrategy.MAXIMAL, TiesStrategy.AVERAGE).rank(combined);
    double r1 = 0;
    for (int i = 0; i < m; i++) {
      r1 += ranks[i];
    }
    return (2 * r1 - m * (m + 1)) / (2 * n * m);
  }
}
