package dev.slipway.analysis;

import dev.slipway.model.RetryableStepException;
import dev.slipway.model.TerminalStepException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Retries a {@link MetricsProvider}'s transient failures with exponential back-off, bounded by a
 * number of attempts and a total time budget, then gives up with the <em>terminal</em> {@code
 * Slipway.Canary.MetricsUnavailable}.
 *
 * <p>Why terminal: the retries already happened here, inside the function, where they are cheap; a
 * Prometheus that stays away for the whole budget will not be back in time for this release, and
 * the pipeline must not promote a build it could not judge. The state machine catches the terminal
 * error, rolls back and ends with the name. Terminal errors of the delegate (a bad query) are never
 * retried.
 */
public final class RetryingMetricsProvider implements MetricsProvider {

  /** How hard to try. */
  public record Policy(int maxAttempts, Duration firstDelay, Duration maxDelay, Duration budget) {
    public static final Policy DEFAULT =
        new Policy(4, Duration.ofSeconds(1), Duration.ofSeconds(8), Duration.ofSeconds(60));

    public Policy {
      if (maxAttempts < 1) {
        throw new IllegalArgumentException("maxAttempts must be at least 1: " + maxAttempts);
      }
      Objects.requireNonNull(firstDelay, "firstDelay");
      Objects.requireNonNull(maxDelay, "maxDelay");
      Objects.requireNonNull(budget, "budget");
    }

    /** The wait after failed attempt {@code n} (1-based): first, 2×first, 4×first... capped. */
    public Duration delayAfter(int n) {
      long ms = firstDelay.toMillis() << Math.min(n - 1, 20);
      return Duration.ofMillis(Math.min(ms, maxDelay.toMillis()));
    }
  }

  private final MetricsProvider delegate;
  private final Policy policy;
  private final Sleeper sleeper;
  private final Clock clock;

  public RetryingMetricsProvider(
      MetricsProvider delegate, Policy policy, Sleeper sleeper, Clock clock) {
    this.delegate = delegate;
    this.policy = policy;
    this.sleeper = sleeper;
    this.clock = clock;
  }

  @Override
  public String endpoint() {
    return delegate.endpoint();
  }

  @Override
  public List<Series> rangeQuery(String promql, Instant start, Instant end, Duration step) {
    Instant began = clock.instant();
    RetryableStepException last = null;
    int attempt = 0;
    while (attempt < policy.maxAttempts()) {
      attempt++;
      try {
        return delegate.rangeQuery(promql, start, end, step);
      } catch (RetryableStepException e) {
        last = e;
      }
      if (attempt == policy.maxAttempts()) {
        break;
      }
      Duration wait = policy.delayAfter(attempt);
      Duration spent = Duration.between(began, clock.instant());
      if (spent.plus(wait).compareTo(policy.budget()) > 0) {
        break;
      }
      try {
        sleeper.sleep(wait);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    Duration spent = Duration.between(began, clock.instant());
    throw new TerminalStepException(
        CanaryErrors.METRICS_UNAVAILABLE,
        last.causeText()
            + " Gave up after "
            + attempt
            + (attempt == 1 ? " attempt" : " attempts")
            + " in "
            + spent.toSeconds()
            + " s. Check that Prometheus at "
            + endpoint()
            + " is up and reachable from here (GET "
            + endpoint()
            + "/-/ready), then run the analysis again; the release was not judged.",
        last);
  }
}
