package dev.slipway.local.executor;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;

/**
 * The machine's {@code TimeoutSeconds}: once it passes, the execution ends TIMED_OUT wherever it is
 * (a Wait, a back-off, a function, a callback wait, a Map iteration, a branch).
 */
final class MachineDeadline {
  /** The whole execution ran past the machine's TimeoutSeconds. */
  static final class Passed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Passed() {
      super("timed out", null, false, false);
    }
  }

  private final Instant at;

  /** The deadline of {@code definition} started at {@code start}; none without TimeoutSeconds. */
  MachineDeadline(JsonNode definition, Instant start) {
    JsonNode t = definition.get("TimeoutSeconds");
    this.at = t == null ? null : start.plusSeconds(t.longValue());
  }

  /** When the execution times out, or null when the machine has no TimeoutSeconds. */
  Instant at() {
    return at;
  }

  void check(Frame f) {
    if (at != null && f.time.now().isAfter(at)) {
      throw new Passed();
    }
  }

  /**
   * Waits {@code d} (a Wait state, a retry's back-off); when the machine's TimeoutSeconds passes
   * first, waits only until then and ends the execution TIMED_OUT.
   */
  void sleep(Duration d, Frame f) {
    Duration left = left(f);
    if (left != null && d.compareTo(left) > 0) {
      f.time.sleep(left, f.cancel);
      throw new Passed();
    }
    f.time.sleep(d, f.cancel);
  }

  /** The time left on the frame's timeline, or null when there is no deadline. */
  Duration left(Frame f) {
    return at == null ? null : Duration.between(f.time.now(), at);
  }
}
