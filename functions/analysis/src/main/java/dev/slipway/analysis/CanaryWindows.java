package dev.slipway.analysis;

import java.time.Duration;
import java.time.Instant;

/** The control window (before the release) and the experiment window (after it). */
public record CanaryWindows(AnalysisWindow control, AnalysisWindow experiment) {

  /** Windows given directly, as {@code slipway canary} takes them. */
  public static CanaryWindows of(
      Instant controlStart, Instant experimentStart, Duration window, Duration step) {
    return new CanaryWindows(
        new AnalysisWindow(controlStart, window, step),
        new AnalysisWindow(experimentStart, window, step));
  }

  /** How long until the experiment window is over (zero if it already is). */
  public Duration remainingAt(Instant now) {
    Duration d = Duration.between(now, experiment.end());
    return d.isNegative() ? Duration.ZERO : d;
  }
}
