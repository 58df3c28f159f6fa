package dev.slipway.webhook;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.model.Json;
import java.util.function.Consumer;

/**
 * One JSON line per request saying what was decided and why; CloudWatch Logs Insights can query its
 * fields. It never holds a body, a header value other than ids, or a secret.
 */
final class RequestLog {
  private final Consumer<String> sink;

  RequestLog(Consumer<String> sink) {
    this.sink = sink;
  }

  /** A line being filled in for one request. */
  Line start(HttpRequest request, String route) {
    return new Line(request, route);
  }

  final class Line {
    private final ObjectNode node = Json.mapper().createObjectNode();
    private final long startedNanos = System.nanoTime();

    private Line(HttpRequest request, String route) {
      node.put("log", "slipway.webhook");
      node.put("requestId", request.requestId());
      node.put("method", request.method());
      node.put("route", route);
    }

    Line put(String field, String value) {
      if (value != null) {
        node.put(field, Fields.clip(value));
      }
      return this;
    }

    /** Writes the line with the response's status and the decision. */
    HttpResponse done(HttpResponse response, String decision, String reason) {
      node.put("status", response.status());
      node.put("decision", decision);
      if (reason != null) {
        node.put("reason", reason.length() > 500 ? reason.substring(0, 500) : reason);
      }
      node.put("ms", (System.nanoTime() - startedNanos) / 1_000_000);
      sink.accept(node.toString());
      return response;
    }
  }
}
