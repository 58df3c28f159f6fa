package dev.slipway.local.executor;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A {@code .waitForTaskToken} task's wait for SendTaskSuccess/Failure: bounded by its
 * TimeoutSeconds, its HeartbeatSeconds (renewed by each SendTaskHeartbeat) and the machine's
 * deadline. On virtual time it ends once nobody has touched the token for the executor's callback
 * grace, or once {@link TaskTokens} let time pass to the due time.
 */
final class CallbackWait {
  private final LocalExecutor executor;
  private final Execution execution;
  private final MachineDeadline deadline;

  CallbackWait(LocalExecutor executor, Execution execution, MachineDeadline deadline) {
    this.executor = executor;
    this.execution = execution;
    this.deadline = deadline;
  }

  private static RuntimeException timedOut(boolean machineDue) {
    return machineDue ? new MachineDeadline.Passed() : new StatesError(StatesError.TIMEOUT, null);
  }

  /** The token's answer: its output, or its error thrown. */
  JsonNode await(
      TaskTokens.Pending p, Instant started, long timeoutSeconds, Long heartbeat, Frame f) {
    Instant timeoutAt = started.plusSeconds(timeoutSeconds);
    Instant machineAt = deadline.at();
    execution.waitingForToken(true);
    try {
      long seenHeartbeats = p.heartbeats;
      Instant heartbeatBase = f.time.now();
      while (true) {
        f.cancel.check();
        if (p.heartbeats != seenHeartbeats) {
          seenHeartbeats = p.heartbeats;
          heartbeatBase = f.time.now();
        }
        Instant dueAt = timeoutAt;
        if (heartbeat != null && heartbeatBase.plusSeconds(heartbeat).isBefore(dueAt)) {
          dueAt = heartbeatBase.plusSeconds(heartbeat);
        }
        boolean machineDue = machineAt != null && machineAt.isBefore(dueAt);
        if (machineDue) {
          dueAt = machineAt;
        }
        p.dueAt = dueAt;
        Duration left = Duration.between(f.time.now(), dueAt);
        if (!f.time.real() && (left.isZero() || left.isNegative())) {
          // virtual time was let pass beyond the task's timeout while it waited: it timed out then,
          // whatever answer follows
          throw timedOut(machineDue);
        }
        long waitNanos;
        if (f.time.real()) {
          waitNanos = Math.max(0, left.toNanos());
        } else {
          long idle = System.nanoTime() - p.lastActivityNanos;
          waitNanos = Math.max(0, executor.callbackGrace.toNanos() - idle);
        }
        try {
          TaskTokens.Response r =
              p.response.get(Math.min(waitNanos, 50_000_000L), TimeUnit.NANOSECONDS);
          if (!f.time.real() && !f.time.now().isBefore(dueAt)) {
            throw timedOut(machineDue); // answered after time was let pass beyond the timeout
          }
          if (r.success()) {
            return r.output();
          }
          throw new StatesError(r.error(), r.cause());
        } catch (TimeoutException e) {
          boolean expired =
              f.time.real()
                  ? !f.time.now().isBefore(dueAt)
                  : System.nanoTime() - p.lastActivityNanos >= executor.callbackGrace.toNanos()
                      // or TaskTokens.letTimePass moved this execution's time to the due time
                      || !f.time.now().isBefore(dueAt);
          if (!expired) {
            continue;
          }
          if (!f.time.real()) {
            f.time.advanceVirtual(Duration.between(f.time.now(), dueAt));
          }
          if (machineDue) {
            throw new MachineDeadline.Passed();
          }
          throw new StatesError(StatesError.TIMEOUT, null);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new Cancel.Cancelled();
        } catch (ExecutionException e) {
          throw new IllegalStateException(e);
        }
      }
    } finally {
      execution.waitingForToken(false);
    }
  }
}
