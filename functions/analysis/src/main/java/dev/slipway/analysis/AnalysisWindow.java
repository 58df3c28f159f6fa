package dev.slipway.analysis;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One side's time window: {@code points()} evaluation times {@code start, start+step, ...}, i.e.
 * the half-open interval {@code [start, start+length)} sampled every {@code step}. A 30-minute
 * window at 60 s is 30 points, the count Kayenta's mixer pads to.
 */
public record AnalysisWindow(Instant start, Duration length, Duration step) {

  public AnalysisWindow {
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(length, "length");
    Objects.requireNonNull(step, "step");
    if (step.isNegative() || step.isZero()) {
      throw new IllegalArgumentException("the step must be positive: " + step);
    }
    if (length.compareTo(step) < 0) {
      throw new IllegalArgumentException(
          "the window (" + length + ") must be at least one step (" + step + ") long");
    }
    if (step.toMillis() * 11_000L < length.toMillis()) {
      throw new IllegalArgumentException(
          "window "
              + length
              + " at step "
              + step
              + " is more than 11,000 points, Prometheus's limit per query: use a larger step");
    }
  }

  /** How many points a complete window has. */
  public int points() {
    return (int) (length.toMillis() / step.toMillis());
  }

  /** The end of the window (exclusive). */
  public Instant end() {
    return start.plus(length);
  }

  /** The last evaluation time: query_range's {@code end}, which is inclusive. */
  public Instant lastPoint() {
    return start.plus(step.multipliedBy(points() - 1L));
  }

  /** The index of a sample at {@code epochMillis} on this window's grid, or -1 if off the grid. */
  public int indexOf(long epochMillis) {
    long offset = epochMillis - start.toEpochMilli();
    long stepMs = step.toMillis();
    if (offset < 0) {
      return -1;
    }
    long idx = Math.round((double) offset / stepMs);
    if (Math.abs(offset - idx * stepMs) > stepMs / 100 || idx >= points()) {
      return -1;
    }
    return (int) idx;
  }
}
