package dev.slipway.local.executor;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * One execution history event, numbered as AWS numbers them (ExecutionStarted is 1). {@code
 * details} is the event's {@code ...EventDetails} object (may be empty).
 */
public record HistoryEvent(
    long id, long previousEventId, Instant timestamp, String type, ObjectNode details) {

  /** The event as GetExecutionHistory prints it. */
  public ObjectNode toJson() {
    ObjectNode o = JsonSupport.object();
    o.put("id", id);
    o.put("previousEventId", previousEventId);
    o.put("timestamp", timestamp.toString());
    o.put("type", type);
    if (details != null && !details.isEmpty()) {
      String key;
      if (type.endsWith("StateEntered")) {
        key = "stateEnteredEventDetails";
      } else if (type.endsWith("StateExited")) {
        key = "stateExitedEventDetails";
      } else {
        key = Character.toLowerCase(type.charAt(0)) + type.substring(1) + "EventDetails";
      }
      o.set(key, details);
    }
    return o;
  }
}
