package dev.slipway.judge;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The production judge (sorted-merge Mann-Whitney, parallel metrics) and the reference port (boxed
 * NaturalRanking on every root-finder step, sequential) give identical results, bit for bit, on
 * random canaries with ties, zeros, constants, NaN padding, tiny scales and short series.
 */
class OracleEquivalenceTest {

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144, 233, 377, 610, 987, 1597})
  @DisplayName("production and reference judges agree bit for bit")
  void judge_shouldEqualReferencePort_onRandomCanaries(long seed) {
    RandomCanaries.Canary c = RandomCanaries.generate(new SplittableRandom(seed), 60, 80, false);
    CanaryJudgeResult production =
        new NetflixAcaJudge(new SplittableRandom(seed))
            .judge(c.config(), ScoreThresholds.DEFAULT, c.pairs());
    CanaryJudgeResult reference =
        new NetflixAcaJudge(new SplittableRandom(seed), new ReferenceMannWhitney(), false)
            .judge(c.config(), ScoreThresholds.DEFAULT, c.pairs());
    assertThat(JudgeJson.write(production)).isEqualTo(JudgeJson.write(reference));
    assertThat(production).isEqualTo(reference);
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {11, 12, 13, 14, 15, 16, 17, 18, 19, 20})
  @DisplayName("engines agree on the interval and CLES for random pairs, including exceptions")
  void engines_shouldAgree_onRandomPairs(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    FastMannWhitney fast = new FastMannWhitney();
    ReferenceMannWhitney ref = new ReferenceMannWhitney();
    for (int i = 0; i < 200; i++) {
      double[] x = randomSide(r);
      double[] y = randomSide(r);
      double conf = new double[] {0.9, 0.95, 0.98, 0.99}[r.nextInt(4)];
      String a = outcome(() -> fast.interval(x, y, conf).toString());
      String b = outcome(() -> ref.interval(x, y, conf).toString());
      assertThat(a).isEqualTo(b);
      assertThat(outcome(() -> Double.toString(fast.cles(y, x))))
          .isEqualTo(outcome(() -> Double.toString(ref.cles(y, x))));
    }
  }

  private static double[] randomSide(SplittableRandom r) {
    int n = 1 + r.nextInt(r.nextBoolean() ? 6 : 120);
    double[] v = new double[n];
    int kind = r.nextInt(4);
    for (int i = 0; i < n; i++) {
      v[i] =
          switch (kind) {
            case 0 -> r.nextInt(4);
            case 1 -> r.nextGaussian();
            case 2 -> r.nextInt(3) == 0 ? -0.0 : r.nextInt(3) == 0 ? 0.0 : r.nextDouble() * 1e-4;
            default -> 7.0;
          };
    }
    return v;
  }

  private static String outcome(java.util.function.Supplier<String> s) {
    try {
      return s.get();
    } catch (RuntimeException e) {
      return e.getClass().getName() + ": " + e.getMessage();
    }
  }
}
