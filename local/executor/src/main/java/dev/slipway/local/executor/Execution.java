package dev.slipway.local.executor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One execution: its status, output or error and cause (as DescribeExecution reports them) and its
 * history (as GetExecutionHistory does).
 */
public final class Execution {
  private final String name;
  private final String executionArn;
  private final Instant startDate;
  private final List<HistoryEvent> history = new ArrayList<>();
  private final CountDownLatch done = new CountDownLatch(1);
  private final AtomicInteger tokenWaits = new AtomicInteger();
  final Cancel cancel = new Cancel(null);
  volatile String abortError;
  volatile String abortCause;

  private volatile ExecutionStatus status = ExecutionStatus.RUNNING;
  private volatile JsonNode output;
  private volatile String error;
  private volatile String cause;
  private volatile Instant stopDate;

  Execution(String name, String executionArn, Instant startDate) {
    this.name = name;
    this.executionArn = executionArn;
    this.startDate = startDate;
  }

  synchronized void record(HistoryEvent e) {
    history.add(e);
  }

  /** Sets the final status; {@link #await} returns once {@link #settle()} follows. */
  void finish(ExecutionStatus s, JsonNode out, String err, String cse, Instant stop) {
    this.output = out;
    this.error = err;
    this.cause = cse;
    this.stopDate = stop;
    this.status = s;
  }

  /** Releases {@link #await}ers: the execution has ended and its status listeners have heard. */
  void settle() {
    done.countDown();
  }

  void waitingForToken(boolean waiting) {
    if (waiting) {
      tokenWaits.incrementAndGet();
    } else {
      tokenWaits.decrementAndGet();
    }
  }

  /** Whether a {@code .waitForTaskToken} task is waiting for its callback right now. */
  public boolean waitingForTaskToken() {
    return tokenWaits.get() > 0;
  }

  /**
   * Waits until the execution ends and the executor's status listeners have heard it (or the
   * timeout passes); returns this.
   */
  public Execution await(Duration timeout) {
    try {
      done.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return this;
  }

  /** Waits until the execution ends or a task waits for its token; returns this. */
  public Execution awaitSettled() {
    try {
      while (!done.await(2, TimeUnit.MILLISECONDS)) {
        if (waitingForTaskToken()) {
          return this;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return this;
  }

  /** StopExecution: the execution ends ABORTED with this error and cause (either may be null). */
  public void stop(String error, String cause) {
    this.abortError = error;
    this.abortCause = cause;
    cancel.cancel();
  }

  public String name() {
    return name;
  }

  public String executionArn() {
    return executionArn;
  }

  public ExecutionStatus status() {
    return status;
  }

  /** The output (SUCCEEDED only), else null. */
  public JsonNode output() {
    return output;
  }

  /** The output as compact JSON text, or null. */
  public String outputJson() {
    return output == null ? null : JsonSupport.compact(output);
  }

  /** The error name, or null (a failure may have none). */
  public String error() {
    return error;
  }

  /** The cause, or null. */
  public String cause() {
    return cause;
  }

  public Instant startDate() {
    return startDate;
  }

  /** When it stopped, on the execution's clock (virtual time included), or null while running. */
  public Instant stopDate() {
    return stopDate;
  }

  public synchronized List<HistoryEvent> history() {
    return List.copyOf(history);
  }

  /**
   * The largest payload this execution's history shows: a state's input or output, a task's
   * effective input (after Parameters) or result, in UTF-8 bytes of the compact JSON, as Step
   * Functions counts them against its 256 KB limit.
   *
   * @param bytes the payload's size
   * @param eventId the history event that carried it
   * @param type that event's type, e.g. {@code MapStateExited}
   * @param state the state's name, when the event names one
   */
  public record Payload(long bytes, long eventId, String type, String state) {}

  /** See {@link Payload}; a zero-byte payload of event 0 for an empty history. */
  public Payload largestPayload() {
    Payload largest = new Payload(0, 0, null, null);
    for (HistoryEvent e : history()) {
      if (e.details() == null) {
        continue;
      }
      for (String field : PAYLOAD_FIELDS) {
        JsonNode v = e.details().get(field);
        if (v != null && v.isTextual()) {
          long bytes = v.asText().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
          if (bytes > largest.bytes()) {
            largest = new Payload(bytes, e.id(), e.type(), e.details().path("name").asText(null));
          }
        }
      }
    }
    return largest;
  }

  private static final List<String> PAYLOAD_FIELDS = List.of("input", "output", "parameters");

  /** The event types in order, handy for assertions. */
  public List<String> historyTypes() {
    return history().stream().map(HistoryEvent::type).toList();
  }

  /** {@code {"status", "output"|"error","cause"}} as {@code slipway execute} prints it. */
  public ObjectNode toJson(boolean withHistory) {
    ObjectNode o = JsonSupport.object();
    o.put("status", status.name());
    if (status == ExecutionStatus.SUCCEEDED) {
      o.set("output", output);
    }
    if (error != null) {
      o.put("error", error);
    }
    if (cause != null) {
      o.put("cause", cause);
    }
    if (withHistory) {
      ArrayNode h = o.putArray("history");
      history().forEach(e -> h.add(e.toJson()));
    }
    return o;
  }
}
