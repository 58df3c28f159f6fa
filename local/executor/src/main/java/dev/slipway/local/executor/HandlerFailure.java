package dev.slipway.local.executor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A handler invocation that failed, reported as the Java Lambda runtime reports it: the error type
 * (the exception's class name) and the runtime's error payload {@code {errorMessage, errorType,
 * stackTrace}}.
 */
public final class HandlerFailure extends Exception {
  private static final long serialVersionUID = 1L;
  private final String errorType;
  private final String errorMessage;
  private final String[] stackTrace;

  public HandlerFailure(String errorType, String errorMessage, String[] stackTrace) {
    super(errorType + ": " + errorMessage, null, false, false);
    this.errorType = errorType;
    this.errorMessage = errorMessage;
    this.stackTrace = stackTrace.clone();
  }

  /** As {@code LambdaErrorConverter.fromThrowable}: class name, message (or class name), frames. */
  public static HandlerFailure of(Throwable t) {
    String type = t.getClass().getName();
    String msg = t.getLocalizedMessage() == null ? type : t.getLocalizedMessage();
    StackTraceElement[] frames = t.getStackTrace();
    String[] trace = new String[frames.length];
    for (int i = 0; i < frames.length; i++) {
      trace[i] = frames[i].toString();
    }
    return new HandlerFailure(type, msg, trace);
  }

  public String errorType() {
    return errorType;
  }

  public String errorMessage() {
    return errorMessage;
  }

  /** The runtime's error payload: {@code {"errorMessage", "errorType", "stackTrace"}}. */
  public ObjectNode payload() {
    ObjectNode o = JsonSupport.object();
    o.put("errorMessage", errorMessage);
    o.put("errorType", errorType);
    ArrayNode st = o.putArray("stackTrace");
    for (String s : stackTrace) {
      st.add(s);
    }
    return o;
  }

  /** The payload as Step Functions shows it for a plain function-ARN task (", " and ": "). */
  public String spacedPayload() {
    return spaced(payload());
  }

  static String spaced(JsonNode n) {
    StringBuilder b = new StringBuilder();
    write(n, b);
    return b.toString();
  }

  private static void write(JsonNode n, StringBuilder b) {
    if (n.isObject()) {
      b.append('{');
      var it = n.properties().iterator();
      while (it.hasNext()) {
        var e = it.next();
        b.append(
                JsonSupport.compact(
                    com.fasterxml.jackson.databind.node.TextNode.valueOf(e.getKey())))
            .append(": ");
        write(e.getValue(), b);
        if (it.hasNext()) {
          b.append(", ");
        }
      }
      b.append('}');
    } else if (n.isArray()) {
      b.append('[');
      for (int i = 0; i < n.size(); i++) {
        if (i > 0) {
          b.append(", ");
        }
        write(n.get(i), b);
      }
      b.append(']');
    } else {
      b.append(JsonSupport.compact(n));
    }
  }
}
