package dev.slipway.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.model.RetryableStepException;
import dev.slipway.model.TerminalStepException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RetryingMetricsProviderTest {
  static final Instant T = Instant.parse("2026-11-26T21:00:00Z");

  /** A clock that the fake sleeper moves forward. */
  static final class MovingClock extends Clock {
    Instant now = T;

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  static final class Flaky implements MetricsProvider {
    int failures;
    int calls;
    RuntimeException error =
        new RetryableStepException(
            CanaryErrors.METRICS_UNAVAILABLE,
            "Prometheus at http://prom:9090 did not answer query_range for 'up': HTTP 503.");

    @Override
    public List<Series> rangeQuery(String promql, Instant start, Instant end, Duration step) {
      calls++;
      if (calls <= failures) {
        throw error;
      }
      return List.of(new Series(Map.of(), new long[] {1}, new double[] {1}));
    }

    @Override
    public String endpoint() {
      return "http://prom:9090";
    }
  }

  final MovingClock clock = new MovingClock();
  final List<Duration> slept = new ArrayList<>();
  final Sleeper sleeper =
      d -> {
        slept.add(d);
        clock.now = clock.now.plus(d);
      };

  static Flaky failing(int failures) {
    Flaky f = new Flaky();
    f.failures = failures;
    return f;
  }

  RetryingMetricsProvider retrying(Flaky flaky, RetryingMetricsProvider.Policy policy) {
    return new RetryingMetricsProvider(flaky, policy, sleeper, clock);
  }

  @Test
  void rangeQuery_shouldSucceed_whenPrometheusRecoversWithinTheAttempts() {
    Flaky flaky = failing(2);
    var r = retrying(flaky, RetryingMetricsProvider.Policy.DEFAULT);
    assertThat(r.rangeQuery("up", T, T, Duration.ofMinutes(1))).hasSize(1);
    assertThat(flaky.calls).isEqualTo(3);
    assertThat(slept).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
  }

  @Test
  void rangeQuery_shouldGiveUpWithTerminalMetricsUnavailable_afterMaxAttempts() {
    Flaky flaky = failing(100);
    var r = retrying(flaky, RetryingMetricsProvider.Policy.DEFAULT);
    assertThatThrownBy(() -> r.rangeQuery("up", T, T, Duration.ofMinutes(1)))
        .isInstanceOf(TerminalStepException.class)
        .hasMessageStartingWith("Slipway.Canary.MetricsUnavailable: Prometheus at http://prom:9090")
        .hasMessageContaining("'up'")
        .hasMessageContaining("Gave up after 4 attempts in 7 s")
        .hasMessageContaining("/-/ready");
    assertThat(flaky.calls).isEqualTo(4);
    assertThat(slept)
        .containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4));
  }

  @Test
  void rangeQuery_shouldStopEarly_whenTheTimeBudgetWouldBeExceeded() {
    Flaky flaky = failing(100);
    var policy =
        new RetryingMetricsProvider.Policy(
            10, Duration.ofSeconds(4), Duration.ofSeconds(30), Duration.ofSeconds(10));
    var r = retrying(flaky, policy);
    assertThatThrownBy(() -> r.rangeQuery("up", T, T, Duration.ofMinutes(1)))
        .hasMessageContaining("Gave up after 2 attempts");
    assertThat(slept).containsExactly(Duration.ofSeconds(4));
  }

  @Test
  void rangeQuery_shouldNotRetry_whenTheErrorIsTerminal() {
    Flaky flaky = failing(100);
    flaky.error = new TerminalStepException(CanaryErrors.BAD_QUERY, "bad");
    var r = retrying(flaky, RetryingMetricsProvider.Policy.DEFAULT);
    assertThatThrownBy(() -> r.rangeQuery("up", T, T, Duration.ofMinutes(1)))
        .hasMessageStartingWith(CanaryErrors.BAD_QUERY);
    assertThat(flaky.calls).isEqualTo(1);
    assertThat(slept).isEmpty();
  }

  @Test
  void delays_shouldDoubleUpToTheCap() {
    var p = RetryingMetricsProvider.Policy.DEFAULT;
    assertThat(
            List.of(
                p.delayAfter(1),
                p.delayAfter(2),
                p.delayAfter(3),
                p.delayAfter(4),
                p.delayAfter(5)))
        .containsExactly(
            Duration.ofSeconds(1),
            Duration.ofSeconds(2),
            Duration.ofSeconds(4),
            Duration.ofSeconds(8),
            Duration.ofSeconds(8));
  }
}
