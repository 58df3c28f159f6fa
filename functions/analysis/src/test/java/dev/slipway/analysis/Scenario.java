package dev.slipway.analysis;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/**
 * The timeline the real-Prometheus tests share: a release three hours ago (whole minutes), data
 * from 90 minutes before it to 60 minutes after, the rollout done two minutes after the start,
 * default windows (30 minutes at 60 s, 5-minute bake).
 */
final class Scenario {
  static final String CLUSTER = "prod-1";
  final Instant releaseAt;
  final Instant rolloutDoneAt;
  final CanaryWindows windows;

  Scenario(Clock clock) {
    releaseAt = clock.instant().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofHours(3));
    rolloutDoneAt = releaseAt.plus(Duration.ofMinutes(2));
    windows = WindowSettings.DEFAULT.around(releaseAt, rolloutDoneAt);
  }

  String openMetrics() {
    return OpenMetricsData.generate(
        OpenMetricsData.scenarios(CLUSTER),
        releaseAt.minus(Duration.ofMinutes(90)),
        releaseAt.plus(Duration.ofMinutes(60)),
        releaseAt.plus(Duration.ofMinutes(1)),
        42);
  }

  static Map<String, String> builtins(String app) {
    return Map.of("app", app, "cluster", CLUSTER, "scope", app, "location", CLUSTER);
  }

  /** The seed's p95 example, with its filters. */
  static String seedP95(String app) {
    return "histogram_quantile(0.95, sum by (app, status, le) (rate(latency_seconds_bucket{type=\"search\","
        + " status=\"OK\", app=\""
        + app
        + "\", cluster=\""
        + CLUSTER
        + "\"}[10m])))";
  }
}
