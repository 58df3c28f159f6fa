package dev.slipway.judge;

import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Kayenta's NetflixACAJudge-v1.0 in Java (see docs/kayenta-judge.md in the project's shared docs
 * and docs/canary-config.md).
 */
public final class NetflixAcaJudge {
  private final RandomGenerator random;

  /**
   * @param random the source of the Gaussian noise Kayenta adds when both sides are constant; seed
   *     it to make such results reproducible.
   */
  public NetflixAcaJudge(RandomGenerator random) {
    this.random = Objects.requireNonNull(random, "random");
  }

  /** Judges the pairs against the config; the verdict is data, never an exception. */
  public CanaryJudgeResult judge(
      CanaryConfig config, ScoreThresholds thresholds, List<MetricSetPair> pairs) {
    throw new UnsupportedOperationException("the judge is being ported (issue 2)" + random);
  }
}
