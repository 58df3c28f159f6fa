package dev.slipway.local.executor;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;

/**
 * The clock to build in-process handlers with when several executions run at once on virtual time:
 * each execution lives on its own timeline (a Wait or a retry's back-off in one execution moves
 * only that execution's time), and a handler must read the time of the execution that invokes it,
 * as a Lambda function reads the wall clock at the moment Step Functions calls it.
 *
 * <p>While the executor runs a handler, it binds the invoking execution's (Map iteration's,
 * Parallel branch's) time to the handler's thread; this clock reads it there. Anywhere else (a
 * thread the handler started itself, an HTTP handler outside any execution) it reads {@code
 * fallback}. So a handler that reads the clock on the thread it was called on, as Slipway's do for
 * deadlines and windows, always sees its own execution's time.
 */
public final class ExecutionClock extends Clock {
  private static final ThreadLocal<Timeline> CURRENT = new ThreadLocal<>();

  private final Clock fallback;

  /** A clock reading the invoking execution's time, else {@code fallback}'s. */
  public ExecutionClock(Clock fallback) {
    this.fallback = fallback;
  }

  /** Binds {@code time} to this thread until the returned binding is closed. */
  static Binding bind(Timeline time) {
    Timeline previous = CURRENT.get();
    CURRENT.set(time);
    return () -> {
      if (previous == null) {
        CURRENT.remove();
      } else {
        CURRENT.set(previous);
      }
    };
  }

  /** A thread's binding; closing it restores what was bound before. */
  interface Binding extends AutoCloseable {
    @Override
    void close();
  }

  @Override
  public Instant instant() {
    Timeline t = CURRENT.get();
    return t != null ? t.now() : fallback.instant();
  }

  @Override
  public ZoneId getZone() {
    return fallback.getZone();
  }

  /** The same thread-bound reading, with the fallback in {@code zone}. */
  @Override
  public Clock withZone(ZoneId zone) {
    return new ExecutionClock(fallback.withZone(zone));
  }
}
