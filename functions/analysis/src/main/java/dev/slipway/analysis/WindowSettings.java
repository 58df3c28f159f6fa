package dev.slipway.analysis;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Where the two windows sit around a release. Control: the {@code window} that ends {@code
 * controlOffset} before the release started (the old version, undisturbed). Experiment: the {@code
 * window} that starts {@code bakeDelay} after the rollout finished (the new version, warmed up).
 * Defaults: 30-minute windows at a 60-second step, no control offset, a 5-minute bake delay.
 */
public record WindowSettings(
    Duration window, Duration step, Duration controlOffset, Duration bakeDelay) {

  public static final WindowSettings DEFAULT =
      new WindowSettings(
          Duration.ofMinutes(30), Duration.ofSeconds(60), Duration.ZERO, Duration.ofMinutes(5));

  public WindowSettings {
    window = Objects.requireNonNullElse(window, DEFAULT_WINDOW);
    step = Objects.requireNonNullElse(step, DEFAULT_STEP);
    controlOffset = Objects.requireNonNullElse(controlOffset, Duration.ZERO);
    bakeDelay = Objects.requireNonNullElse(bakeDelay, DEFAULT_BAKE);
    if (controlOffset.isNegative() || bakeDelay.isNegative()) {
      throw new IllegalArgumentException("controlOffset and bakeDelay cannot be negative");
    }
  }

  private static final Duration DEFAULT_WINDOW = Duration.ofMinutes(30);
  private static final Duration DEFAULT_STEP = Duration.ofSeconds(60);
  private static final Duration DEFAULT_BAKE = Duration.ofMinutes(5);

  /** The control and experiment windows for a release. */
  public CanaryWindows around(Instant releaseStartedAt, Instant rolloutFinishedAt) {
    Instant controlStart = releaseStartedAt.minus(controlOffset).minus(window);
    Instant experimentStart = rolloutFinishedAt.plus(bakeDelay);
    return new CanaryWindows(
        new AnalysisWindow(controlStart, window, step),
        new AnalysisWindow(experimentStart, window, step));
  }

  /**
   * The windows of the second attempt under {@code extend-window-once}: each window twice as long,
   * the control reaching further back, the experiment further forward.
   */
  public WindowSettings extended() {
    return new WindowSettings(window.multipliedBy(2), step, controlOffset, bakeDelay);
  }
}
