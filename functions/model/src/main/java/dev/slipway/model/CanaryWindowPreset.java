package dev.slipway.model;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The canary's {@code windows} setting: where the control and experiment windows sit around the
 * canary gate wave, before any explicit {@code window}, {@code step}, {@code controlOffset} or
 * {@code bakeDelay} overrides them. The control window is the {@code window} that ends {@code
 * controlOffset} before the wave started; the experiment window the {@code window} that starts
 * {@code bakeDelay} after the wave's rollout was seen finished (docs/canary.md, "Windows"). One
 * source for the canary state (which places the windows) and the plan (which waits for them).
 */
public enum CanaryWindowPreset {
  /** Slipway's default: 30 minutes at 60 s, the control right before the wave, 5 minutes' bake. */
  DEFAULT(
      "default",
      Duration.ofMinutes(30),
      Duration.ofSeconds(60),
      Duration.ZERO,
      Duration.ofMinutes(5)),
  /**
   * The notes' convention: 30-minute windows at a 1-minute step, the control ending 1 h before the
   * wave started and the experiment starting 1 h after its rollout finished.
   */
  SEED(
      "seed",
      Duration.ofMinutes(30),
      Duration.ofSeconds(60),
      Duration.ofHours(1),
      Duration.ofHours(1));

  private final String json;
  private final Duration window;
  private final Duration step;
  private final Duration controlOffset;
  private final Duration bakeDelay;

  CanaryWindowPreset(
      String json, Duration window, Duration step, Duration controlOffset, Duration bakeDelay) {
    this.json = json;
    this.window = window;
    this.step = step;
    this.controlOffset = controlOffset;
    this.bakeDelay = bakeDelay;
  }

  /** The preset spelled {@code name} exactly (case-sensitive); null means {@link #DEFAULT}. */
  public static Optional<CanaryWindowPreset> fromJson(String name) {
    if (name == null) {
      return Optional.of(DEFAULT);
    }
    for (CanaryWindowPreset p : values()) {
      if (p.json.equals(name)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  /** What to write instead of an unknown value, for error messages: "use default or seed". */
  public static String choices() {
    List<String> names = new ArrayList<>();
    for (CanaryWindowPreset p : values()) {
      names.add(p.json);
    }
    return "use " + String.join(" or ", names) + " (case-sensitive)";
  }

  public String jsonName() {
    return json;
  }

  /** Each window's length. */
  public Duration window() {
    return window;
  }

  /** The query step (one point per step). */
  public Duration step() {
    return step;
  }

  /** The gap between the control window's end and the wave's start. */
  public Duration controlOffset() {
    return controlOffset;
  }

  /** The gap between the rollout's end and the experiment window's start. */
  public Duration bakeDelay() {
    return bakeDelay;
  }
}
