package dev.slipway.judge;

/**
 * The score thresholds of a canary run (Kayenta takes them from the execution request, not from the
 * canary config): score ≥ pass is Pass, else score ≥ marginal is Marginal, else Fail.
 */
public record ScoreThresholds(double pass, double marginal) {
  /** Slipway's defaults: pass 95, marginal 75. */
  public static final ScoreThresholds DEFAULT = new ScoreThresholds(95, 75);

  public ScoreThresholds {
    if (!Double.isFinite(pass) || !Double.isFinite(marginal)) {
      throw JudgeErrors.invalid(
          "score thresholds",
          "",
          "pass and marginal must be numbers, were " + pass + "/" + marginal);
    }
    if (marginal > pass) {
      throw JudgeErrors.invalid(
          "score thresholds",
          "",
          "marginal (" + marginal + ") must not be above pass (" + pass + ")");
    }
  }
}
