package dev.slipway.local.executor;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;

/**
 * Holds a virtual-time Wait state back until something outside the execution has caught up: in
 * virtual time a Wait takes no real time, which is right for a bake or a poll interval but wrong
 * for a wait whose point is to let another execution, running at the same time, make progress (a
 * release queued behind another's lock). Register one with {@link LocalExecutor.Builder#waitPacer}.
 *
 * <p>For each virtual Wait, {@link #begin} is called on the execution's thread before its time
 * moves on; the executor then polls {@link Pace#ready()} (every 20 ms of real time) and takes the
 * Wait once it holds, or ends the execution if it is stopped meanwhile. Real-time executors never
 * ask.
 */
public interface WaitPacer {
  /**
   * How {@code execution} may take its Wait state {@code state} of {@code wait} (virtual time),
   * given the state's input; {@link Pace#NOW} to let it go at once.
   */
  Pace begin(Execution execution, String state, JsonNode input, Duration wait);

  /** One Wait's pacing. */
  @FunctionalInterface
  interface Pace {
    /** Not held back. */
    Pace NOW = () -> true;

    /** Whether the Wait may be taken now. */
    boolean ready();

    /**
     * Once ready: a time the Wait must reach at least (the time of the execution it waited for,
     * which it must not stay behind, as they would share one clock in AWS), or null: the Wait's own
     * length.
     */
    default Instant atLeast() {
      return null;
    }
  }
}
