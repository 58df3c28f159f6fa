package dev.slipway.local.executor;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.model.TerminalStepException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The task-token API ({@code SendTaskSuccess}, {@code SendTaskFailure}, {@code SendTaskHeartbeat})
 * for {@code .waitForTaskToken} tasks. Hand it to a handler or call it from a test; a response may
 * arrive before the task starts waiting (from inside the handler).
 */
public final class TaskTokens {
  private final ConcurrentHashMap<String, Pending> pending = new ConcurrentHashMap<>();

  record Response(boolean success, JsonNode output, String error, String cause) {}

  static final class Pending {
    final CompletableFuture<Response> response = new CompletableFuture<>();
    volatile long lastActivityNanos = System.nanoTime();
    volatile long heartbeats;

    /** The waiting task's time (set when the token is issued). */
    volatile Timeline time;

    /** When the task times out (its own timeout, heartbeat or the machine's), once it waits. */
    volatile Instant dueAt;
  }

  Pending register(String token) {
    Pending p = new Pending();
    pending.put(token, p);
    return p;
  }

  void release(String token) {
    pending.remove(token);
  }

  /** Tokens of tasks currently waiting for a callback, oldest first is not guaranteed. */
  public List<String> waiting() {
    return pending.entrySet().stream()
        .filter(e -> !e.getValue().response.isDone())
        .map(java.util.Map.Entry::getKey)
        .toList();
  }

  /** SendTaskSuccess: the task's result is {@code outputJson}. */
  public void sendTaskSuccess(String token, String outputJson) {
    find(token).response.complete(new Response(true, JsonSupport.parse(outputJson), null, null));
  }

  /** SendTaskFailure: the task fails with this error and cause (either may be null). */
  public void sendTaskFailure(String token, String error, String cause) {
    find(token).response.complete(new Response(false, null, error, cause));
  }

  /** SendTaskHeartbeat: resets the task's HeartbeatSeconds clock. */
  public void sendTaskHeartbeat(String token) {
    Pending p = find(token);
    p.heartbeats++;
    p.lastActivityNanos = System.nanoTime();
  }

  /**
   * Lets {@code d} of virtual time pass for the task waiting on {@code token}, as while a person
   * takes their time to answer it: the task's execution moves on by {@code d}, but never past the
   * task's due time (there it times out, as Step Functions would). Returns the time the answer
   * comes at (the execution's time before plus {@code d}), to compare with the gate's own expiry. A
   * no-op for real time, which passes by itself.
   */
  public Instant letTimePass(String token, Duration d) {
    Pending p = find(token);
    Timeline t = p.time;
    if (t == null) {
      throw new IllegalStateException("the task of this token has not started waiting yet");
    }
    Instant now = t.now();
    Instant at = now.plus(d);
    Instant due = p.dueAt;
    t.advanceVirtual(due != null && at.isAfter(due) ? Duration.between(now, due) : d);
    return at;
  }

  private Pending find(String token) {
    Pending p = token == null ? null : pending.get(token);
    if (p == null || p.response.isDone()) {
      throw new TerminalStepException(
          "Slipway.Executor.TaskDoesNotExist",
          "no task is waiting for the token '"
              + token
              + "' (it timed out, already got its response, or was never issued): send the"
              + " token of a running .waitForTaskToken task");
    }
    return p;
  }
}
