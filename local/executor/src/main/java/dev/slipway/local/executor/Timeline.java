package dev.slipway.local.executor;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The time one branch of an execution lives in. Virtual: waits add to an offset over the clock and
 * take no real time; real: waits sleep. Parallel branches fork a timeline and the parent joins them
 * at the latest child's time, so virtual branches overlap as real ones would.
 */
final class Timeline {
  private final Clock clock;
  private final boolean real;
  private volatile Duration offset;

  Timeline(Clock clock, boolean real, Duration offset) {
    this.clock = clock;
    this.real = real;
    this.offset = offset;
  }

  Instant now() {
    return clock.instant().plus(offset);
  }

  boolean real() {
    return real;
  }

  Timeline fork() {
    return new Timeline(clock, real, offset);
  }

  void join(Timeline child) {
    if (child.offset.compareTo(offset) > 0) {
      offset = child.offset;
    }
  }

  /** Jumps virtual time forward (no-op for real time, which passes by itself). */
  void advanceVirtual(Duration d) {
    if (!real && !d.isNegative()) {
      offset = offset.plus(d);
    }
  }

  /** Waits {@code d}: adds to the offset (virtual) or sleeps (real), stopping on cancellation. */
  void sleep(Duration d, Cancel cancel) {
    if (d.isNegative() || d.isZero()) {
      return;
    }
    if (!real) {
      offset = offset.plus(d);
      cancel.check();
      return;
    }
    long end = System.nanoTime() + d.toNanos();
    while (true) {
      cancel.check();
      long left = end - System.nanoTime();
      if (left <= 0) {
        return;
      }
      try {
        Thread.sleep(Math.min(left / 1_000_000L + 1, 50));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new Cancel.Cancelled();
      }
    }
  }
}
