package dev.slipway.local.cli;

import dev.slipway.judge.ScoreThresholds;
import picocli.CommandLine.Option;

/** {@code --pass} and {@code --marginal}, shared by the commands that judge. */
final class ThresholdOptions {

  @Option(
      names = "--pass",
      defaultValue = "95",
      paramLabel = "SCORE",
      description = "Score at or above which the canary passes (default: ${DEFAULT-VALUE}).")
  double pass;

  @Option(
      names = "--marginal",
      defaultValue = "75",
      paramLabel = "SCORE",
      description =
          "Score at or above which a non-passing canary is Marginal (default: ${DEFAULT-VALUE}).")
  double marginal;

  ScoreThresholds thresholds() {
    return new ScoreThresholds(pass, marginal);
  }
}
