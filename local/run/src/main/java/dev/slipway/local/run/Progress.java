package dev.slipway.local.run;

import dev.slipway.local.executor.Execution;
import dev.slipway.local.executor.HistoryEvent;
import dev.slipway.local.executor.HistoryListener;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One line per state entered, as the Step Functions console's graph shows an execution: the state's
 * name, when it ended (virtual time since the execution started) and its outcome ({@code ok},
 * {@code waited 30s}, or the error it failed with, then whether it was retried or caught). Map
 * iterations run on their own threads, so the pending state is kept per thread.
 */
public final class Progress implements HistoryListener {
  private record Pending(String name, String type, Instant entered, boolean failed) {}

  private final PrintStream out;
  private final Map<Long, Pending> pending = new ConcurrentHashMap<>();

  public Progress(PrintStream out) {
    this.out = out;
  }

  @Override
  public void onEvent(Execution execution, HistoryEvent event) {
    onEvent(execution.startDate(), Thread.currentThread().getId(), event);
  }

  /**
   * The same lines for a history read from elsewhere ({@code slipway status --watch}: Step
   * Functions' GetExecutionHistory), in order: {@code lane} keeps apart what runs side by side (a
   * Map iteration), as the thread does for a local execution.
   */
  public void onEvent(Instant executionStart, long lane, HistoryEvent event) {
    long thread = lane;
    String type = event.type();
    if (type.endsWith("StateEntered")) {
      pending.put(
          thread,
          new Pending(
              event.details().path("name").asText(),
              type.substring(0, type.length() - "StateEntered".length()),
              event.timestamp(),
              false));
    } else if (type.endsWith("StateExited")) {
      Pending p = pending.remove(thread);
      if (p != null && !p.failed()) {
        line(executionStart, p, outcome(p, event.timestamp()), event.timestamp());
      }
    } else if (type.equals("LambdaFunctionScheduled") || type.equals("TaskScheduled")) {
      Pending p = pending.get(thread);
      if (p != null && p.failed()) { // a retry: its outcome gets a line of its own
        pending.put(thread, new Pending(p.name(), p.type(), p.entered(), false));
      }
    } else if (type.endsWith("Failed") || type.endsWith("TimedOut")) {
      Pending p = pending.get(thread);
      if (p != null && !type.startsWith("Execution")) {
        String error = event.details() == null ? "" : event.details().path("error").asText("");
        line(executionStart, p, "FAILED " + (error.isEmpty() ? type : error), event.timestamp());
        pending.put(thread, new Pending(p.name(), p.type(), p.entered(), true));
      }
    }
  }

  private static String outcome(Pending p, Instant exited) {
    if (p.type().equals("Wait")) {
      return "waited " + Duration.between(p.entered(), exited).toSeconds() + "s";
    }
    return "ok";
  }

  /** A state's line, at the (virtual) time it ended: a Map or a Wait shows when it was done. */
  private void line(Instant executionStart, Pending p, String outcome, Instant at) {
    Duration elapsed = Duration.between(executionStart, at);
    synchronized (out) {
      out.printf("  %s  %-22s %s%n", clock(elapsed), p.name(), outcome);
    }
  }

  static String clock(Duration d) {
    long s = Math.max(0, d.toSeconds());
    return String.format("%02d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60);
  }
}
