package dev.slipway.local.executor;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.model.TerminalStepException;
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
