package dev.slipway.local.run;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.local.executor.Execution;
import dev.slipway.local.executor.ExecutionStatus;
import dev.slipway.local.executor.WaitPacer;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Under {@code slipway up}, a release queued behind another release's lock waits as long as the
 * holder needs, not as fast as virtual time allows: each execution lives on its own virtual clock,
 * so the queued one's {@code WaitForLock} back-off (30 s doubling to 300 s, 30 tries) would pass in
 * milliseconds of real time and give up as {@code Slipway.Lock.Busy} while the holder, whose bake
 * and canary window also pass in virtual time but whose handlers take real time, is still running.
 *
 * <p>So a {@code WaitForLock} of {@code d} is taken only once the holder's own virtual time (its
 * latest history event) has moved on by {@code d} since the wait began, or the holder has ended;
 * the queued release's time then catches up with the holder's (it never tries the lock again at a
 * time before the holder's latest event). The queue advances with the holder's progress, as it
 * would in AWS where both share one clock. Other Wait states, and a holder that is not an execution
 * of this executor, are not held back.
 */
final class LockWaitPacer implements WaitPacer {
  /** The release machine's lock back-off state. */
  static final String STATE = "WaitForLock";

  private final LocalExecutions executions;

  LockWaitPacer(LocalExecutions executions) {
    this.executions = executions;
  }

  @Override
  public Pace begin(Execution execution, String state, JsonNode input, Duration wait) {
    if (!STATE.equals(state)) {
      return Pace.NOW;
    }
    String holderArn = input.path("plan").path("lock").path("holder").asText("");
    Optional<Execution> holder = executions.find(holderArn);
    if (holder.isEmpty() || holderArn.equals(execution.executionArn())) {
      return Pace.NOW;
    }
    Execution h = holder.get();
    Instant until = holderTime(holderArn).plus(wait);
    return new Pace() {
      @Override
      public boolean ready() {
        return h.status() != ExecutionStatus.RUNNING || !holderTime(holderArn).isBefore(until);
      }

      @Override
      public Instant atLeast() {
        return holderTime(holderArn);
      }
    };
  }

  private Instant holderTime(String holderArn) {
    return executions.lastEventTime(holderArn).orElse(Instant.MIN);
  }
}
