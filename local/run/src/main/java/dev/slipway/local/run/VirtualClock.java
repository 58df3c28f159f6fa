package dev.slipway.local.run;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A local environment's virtual now: it follows the executor's virtual time (Wait states and retry
 * back-off jump it forward instead of sleeping), so a 30-minute canary window and a rollout's
 * progress deadline take milliseconds. It only moves forward: with several executions it is the
 * latest time any of them reached, where the next execution starts and what drives the embedded
 * clusters. Handlers read the time of their own execution through an {@code ExecutionClock} over
 * it.
 */
public final class VirtualClock extends Clock {
  private final AtomicReference<Instant> now;

  public VirtualClock(Instant start) {
    this.now = new AtomicReference<>(start);
  }

  /** Moves to {@code t} if it is later than now; returns the new time. */
  public Instant advanceTo(Instant t) {
    return now.accumulateAndGet(t, (a, b) -> b.isAfter(a) ? b : a);
  }

  @Override
  public Instant instant() {
    return now.get();
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return Clock.fixed(instant(), zone);
  }
}
