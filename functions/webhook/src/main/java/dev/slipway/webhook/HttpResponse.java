package dev.slipway.webhook;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.model.Json;
import java.util.Map;

/**
 * What the function answers.
 *
 * @param status the HTTP status code
 * @param body a JSON document, or an HTML page ({@link #html})
 * @param headers the response's headers
 */
public record HttpResponse(int status, String body, Map<String, String> headers) {
  private static final Map<String, String> JSON_HEADERS =
      Map.of("Content-Type", "application/json", "Cache-Control", "no-store");

  /** A JSON answer, with the headers every JSON response carries. */
  public HttpResponse(int status, String body) {
    this(status, body, JSON_HEADERS);
  }

  public HttpResponse {
    headers = Map.copyOf(headers);
  }

  static HttpResponse json(int status, ObjectNode body) {
    return new HttpResponse(status, body.toString());
  }

  /** An HTML page with {@code headers} (see {@link ApprovalPage#HEADERS}). */
  static HttpResponse html(int status, String page, Map<String, String> headers) {
    return new HttpResponse(status, page, headers);
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
