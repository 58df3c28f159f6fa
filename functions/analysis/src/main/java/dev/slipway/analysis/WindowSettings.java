package dev.slipway.analysis;

import dev.slipway.model.CanaryWindowPreset;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Where the two windows sit around a release. Control: the {@code window} that ends {@code
 * controlOffset} before the release started (the old version, undisturbed). Experiment: the {@code
 * window} that starts {@code bakeDelay} after the rollout finished (the new version, warmed up).
 * Defaults: {@link CanaryWindowPreset#DEFAULT}, 30-minute windows at a 60-second step, no control
 * offset, a 5-minute bake delay; {@link CanaryWindowPreset#SEED} is the notes' convention.
 */
public record WindowSettings(
    Duration window, Duration step, Duration controlOffset, Duration bakeDelay) {

  public static final WindowSettings DEFAULT =
      of(CanaryWindowPreset.DEFAULT, null, null, null, null);

  /** The notes' windows: 30 minutes at 1 minute, ending 1 h before and starting 1 h after. */
  public static final WindowSettings SEED = of(CanaryWindowPreset.SEED, null, null, null, null);

  /** Null fields take the default preset's values. */
  public WindowSettings {
    window = Objects.requireNonNullElse(window, CanaryWindowPreset.DEFAULT.window());
    step = Objects.requireNonNullElse(step, CanaryWindowPreset.DEFAULT.step());
    controlOffset =
        Objects.requireNonNullElse(controlOffset, CanaryWindowPreset.DEFAULT.controlOffset());
    bakeDelay = Objects.requireNonNullElse(bakeDelay, CanaryWindowPreset.DEFAULT.bakeDelay());
    if (controlOffset.isNegative() || bakeDelay.isNegative()) {
      throw new IllegalArgumentException("controlOffset and bakeDelay cannot be negative");
    }
  }

  /** The preset's settings, each one replaced by the value given explicitly (non-null). */
  public static WindowSettings of(
      CanaryWindowPreset preset,
      Duration window,
      Duration step,
      Duration controlOffset,
      Duration bakeDelay) {
    return new WindowSettings(
        Objects.requireNonNullElse(window, preset.window()),
        Objects.requireNonNullElse(step, preset.step()),
        Objects.requireNonNullElse(controlOffset, preset.controlOffset()),
        Objects.requireNonNullElse(bakeDelay, preset.bakeDelay()));
  }

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
