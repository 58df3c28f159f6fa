package dev.slipway.webhook;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.model.Json;
import java.util.Map;

/**
 * What the function answers.
 *
 * @param status the HTTP status code
 * @param body a JSON document
 */
public record HttpResponse(int status, String body) {

  /** The headers every response carries. */
  public Map<String, String> headers() {
    return Map.of("Content-Type", "application/json", "Cache-Control", "no-store");
  }

  static HttpResponse json(int status, ObjectNode body) {
    return new HttpResponse(status, body.toString());
  }

  /** An error response: {@code {"error": name, "message": message}}. */
  static HttpResponse error(int status, String name, String message) {
    ObjectNode body = Json.mapper().createObjectNode().put("error", name);
    if (message != null) {
      body.put("message", message);
    }
    return json(status, body);
  }
}
