package dev.slipway.run;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The recorded demos of {@code slipway run --scenario}. */
public enum Scenario {
  /** Every wave rolls out, the canary passes, the release is recorded. */
  HEALTHY("healthy", "healthy.json", false, true),
  /** The canary sees p95 latency grow: verdict Fail, every wave is rolled back. */
  LATENCY_REGRESSION("latency-regression", "latency-regression.json", false, true),
  /** The new pods crash-loop: the progress deadline passes, everything is rolled back. */
  CRASHLOOP("crashloop", "healthy.json", true, true),
  /** The manual gate is rejected: nothing reaches a cluster. */
  APPROVAL_REJECT("approval-reject", "healthy.json", false, false),
  /**
   * 330 ConfigMaps on three clusters (app catalog): the state carried every object before and
   * passed 256 KB (States.DataLimitExceeded in Waves); it carries keys and counts now and succeeds.
   */
  OVERSIZED("oversized", "healthy.json", false, true);

  private final String id;
  private final String recording;
  private final boolean crashLoop;
  private final boolean approve;

  Scenario(String id, String recording, boolean crashLoop, boolean approve) {
    this.id = id;
    this.recording = recording;
    this.crashLoop = crashLoop;
    this.approve = approve;
  }

  /** The name on the command line, e.g. {@code latency-regression}. */
  public String id() {
    return id;
  }

  /** The Prometheus recording in {@code events/canary/prometheus/} the replay serves. */
  public String recording() {
    return recording;
  }

  /** Whether the rollout simulator makes the new pods crash-loop. */
  public boolean crashLoop() {
    return crashLoop;
  }

  /** Whether {@code slipway run} approves the manual gate (else it rejects it). */
  public boolean approve() {
    return approve;
  }

  /** The demo release input, relative to {@code events/demo/}. */
  public String releaseInput() {
    return "releases/" + id + ".json";
  }

  /** By its command-line name (case-insensitive); unknown names list the known ones. */
  public static Scenario of(String id) {
    for (Scenario s : values()) {
      if (s.id.equalsIgnoreCase(id.strip()) || s.name().equalsIgnoreCase(id.strip())) {
        return s;
      }
    }
    throw new IllegalArgumentException(
        "unknown scenario '"
            + id
            + "': use one of "
            + Arrays.stream(values()).map(Scenario::id).collect(Collectors.joining(", ")));
  }

  @Override
  public String toString() {
    return id.toLowerCase(Locale.ROOT);
  }
}
