package dev.slipway.local.run;

import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
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
   * StopExecution while the core wave is live (as its bake starts): ABORTED; reconcile rolls core-1
   * back, records {@code aborted}, closes the annotation, releases the lock.
   */
  STOP_MID_WAVE("stop-mid-wave", "healthy.json", "Bake", null, null),
  /**
   * The gate is approved 40 minutes after it opens (inside its window), but the machine's
   * TimeoutSeconds was lowered to 50 minutes behind the plan's back (Plan still budgets for 4 h):
   * the execution times out in the core wave's bake, outside any gate: TIMED_OUT; reconcile rolls
   * core-1 back, records {@code timed-out}, closes the annotation, releases the lock.
   */
  LATE_APPROVAL("late-approval", "healthy.json", null, Duration.ofMinutes(40), 3000),
  /**
   * 330 ConfigMaps on three clusters (app catalog), and a canary metric ({@link
   * #MANY_SERIES_METRIC}) whose query answers 600 series: the state carried every object and every
   * deviation before and passed 256 KB (States.DataLimitExceeded in Waves); it carries keys, counts
   * and a bounded canary summary now and succeeds.
   */
  OVERSIZED("oversized", "healthy.json", false, true),
  /**
   * The notes' pipeline migrated ({@code events/demo/config/seed/}): a per-cluster {@code
   * prometheus} block with extraLabels, {@code grafana} with {@code tags: seed} and {@code
   * perCluster}, {@code windows: seed}, the notes' nested effectSize. Healthy: the release
   * succeeds.
   */
  SEED("seed", "healthy.json", false, true);

  /** The catalog app's metric ({@code events/demo/config/canary/catalog.json}) of many series. */
  public static final String MANY_SERIES_METRIC = "errors by pod";

  /** Its query, as recorded (the replay puts the release's app and canary cluster in). */
  static final String MANY_SERIES_QUERY =
      "sum by (pod) (rate(requests_total{status=~\"5..\", app=\"search\","
          + " cluster=\"prod-1\"}[5m]))";

  /** How many series it answers in the {@code oversized} scenario. */
  public static final int MANY_SERIES = 600;

  private final String id;
  private final String recording;
  private final boolean crashLoop;
  private final boolean approve;
  private final String stopAt;
  private final Duration approvalTakes;
  private final Integer machineTimeoutSeconds;

  Scenario(String id, String recording, boolean crashLoop, boolean approve) {
    this(id, recording, crashLoop, approve, null, null, null);
  }

  /** An approved, healthy release that ends otherwise: stopped, or timed out. */
  Scenario(
      String id,
      String recording,
      String stopAt,
      Duration approvalTakes,
      Integer machineTimeoutSeconds) {
    this(id, recording, false, true, stopAt, approvalTakes, machineTimeoutSeconds);
  }

  Scenario(
      String id,
      String recording,
      boolean crashLoop,
      boolean approve,
      String stopAt,
      Duration approvalTakes,
      Integer machineTimeoutSeconds) {
    this.id = id;
    this.recording = recording;
    this.crashLoop = crashLoop;
    this.approve = approve;
    this.stopAt = stopAt;
    this.approvalTakes = approvalTakes;
    this.machineTimeoutSeconds = machineTimeoutSeconds;
  }

  /**
   * The state whose first entry {@code slipway run} stops the execution at (StopExecution), or
   * empty.
   */
  public Optional<String> stopAt() {
    return Optional.ofNullable(stopAt);
  }

  /** How long (virtual time) the approver takes to answer each gate; zero: at once. */
  public Duration approvalTakes() {
    return approvalTakes == null ? Duration.ZERO : approvalTakes;
  }

  /**
   * The machine's TimeoutSeconds this scenario runs the definition with instead of its own (the
   * Plan state's {@code machineTimeoutSeconds} is left as it is), or empty.
   */
  public Optional<Integer> machineTimeoutSeconds() {
    return Optional.ofNullable(machineTimeoutSeconds);
  }

  /** The name on the command line, e.g. {@code latency-regression}. */
  public String id() {
    return id;
  }

  /**
   * How many series {@link #MANY_SERIES_METRIC} answers in this scenario's replay (0: the recording
   * has no such query).
   */
  public int manySeries() {
    return this == OVERSIZED ? MANY_SERIES : 0;
  }

  /**
   * The configuration this scenario runs with, relative to {@code events/demo/}, unless {@code
   * --config} gives another.
   */
  public String config() {
    return this == SEED ? "config/seed/slipway.yaml" : "config/slipway.yaml";
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
