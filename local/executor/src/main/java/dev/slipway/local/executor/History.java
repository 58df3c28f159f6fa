package dev.slipway.local.executor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.atomic.AtomicLong;

/** Records an execution's history events and hands each to the executor's history listener. */
final class History {
  private final LocalExecutor executor;
  private final Execution execution;
  private final AtomicLong ids = new AtomicLong();

  History(LocalExecutor executor, Execution execution) {
    this.executor = executor;
    this.execution = execution;
  }

  /** Records an event after the frame's last one; returns its id. */
  long event(Frame f, String type, ObjectNode details) {
    long id = ids.incrementAndGet();
    HistoryEvent e = new HistoryEvent(id, f.lastEvent, f.time.now(), type, details);
    execution.record(e);
    f.lastEvent = id;
    try {
      executor.listener.onEvent(execution, e);
    } catch (RuntimeException bad) {
      executor.log.accept("history listener failed on " + type + ": " + bad);
    }
    return id;
  }

  /** An event's details from name/value pairs; null values are left out. */
  static ObjectNode details(Object... kv) {
    ObjectNode o = JsonSupport.object();
    for (int i = 0; i < kv.length; i += 2) {
      Object v = kv[i + 1];
      if (v == null) {
        continue;
      }
      if (v instanceof JsonNode n) {
        o.set((String) kv[i], n);
      } else if (v instanceof Number n) {
        o.put((String) kv[i], n.longValue());
      } else {
        o.put((String) kv[i], v.toString());
      }
    }
    return o;
  }
}
