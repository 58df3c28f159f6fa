package dev.slipway.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.model.Json;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

/**
 * API Gateway proxy events in both payload formats: REST API (format 1.0: {@code httpMethod},
 * {@code path}, {@code multiValueHeaders}) and HTTP API (format 2.0: {@code version: "2.0"}, {@code
 * requestContext.http.method}, {@code rawPath}). Both answer with {@code {statusCode, headers,
 * body, isBase64Encoded}}.
 */
final class ApiGateway {
  private ApiGateway() {}

  /** Whether {@code event} looks like an API Gateway proxy event of either format. */
  static boolean isProxyEvent(JsonNode event) {
    return event != null
        && event.isObject()
        && (event.path("httpMethod").isTextual()
            || event.path("requestContext").path("http").path("method").isTextual());
  }

  /**
   * The request in {@code event}.
   *
   * @throws IllegalArgumentException when the body claims base64 and is not
   */
  static HttpRequest decode(JsonNode event) {
    boolean v2 = "2.0".equals(event.path("version").asText());
    String method =
        v2
            ? event.path("requestContext").path("http").path("method").asText("")
            : event.path("httpMethod").asText("");
    String path = v2 ? event.path("rawPath").asText("") : event.path("path").asText("");
    Map<String, String> headers = new HashMap<>();
    copyLowerCase(event.path("headers"), headers);
    if (!v2) {
      JsonNode multi = event.path("multiValueHeaders");
      for (Iterator<Map.Entry<String, JsonNode>> it = multi.fields(); it.hasNext(); ) {
        var e = it.next();
        if (e.getValue().isArray() && !e.getValue().isEmpty()) {
          StringBuilder joined = new StringBuilder();
          for (JsonNode v : e.getValue()) {
            if (!joined.isEmpty()) {
              joined.append(',');
            }
            joined.append(v.asText());
          }
          headers.putIfAbsent(e.getKey().toLowerCase(Locale.ROOT), joined.toString());
        }
      }
    }
    Map<String, String> query = new HashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = event.path("queryStringParameters").fields();
        it.hasNext(); ) {
      var e = it.next();
      if (e.getValue().isValueNode() && !e.getValue().isNull()) {
        String v = e.getValue().asText();
        int comma = v2 ? v.indexOf(',') : -1;
        query.put(e.getKey(), comma >= 0 ? v.substring(0, comma) : v);
      }
    }
    JsonNode bodyNode = event.path("body");
    byte[] body = new byte[0];
    if (bodyNode.isTextual()) {
      body =
          event.path("isBase64Encoded").asBoolean(false)
              ? Base64.getMimeDecoder().decode(bodyNode.asText())
              : bodyNode.asText().getBytes(StandardCharsets.UTF_8);
    }
    String requestId = event.path("requestContext").path("requestId").asText("");
    return new HttpRequest(
        method.toUpperCase(Locale.ROOT),
        path,
        headers,
        query,
        body,
        requestId,
        Principals.of(event, v2));
  }

  /** The proxy response for {@code response} (the same shape serves both formats). */
  static ObjectNode encode(HttpResponse response) {
    ObjectNode out = Json.mapper().createObjectNode();
    out.put("statusCode", response.status());
    ObjectNode headers = out.putObject("headers");
    response.headers().forEach(headers::put);
    out.put("body", response.body());
    out.put("isBase64Encoded", false);
    return out;
  }

  private static void copyLowerCase(JsonNode from, Map<String, String> to) {
    for (Iterator<Map.Entry<String, JsonNode>> it = from.fields(); it.hasNext(); ) {
      var e = it.next();
      if (e.getValue().isValueNode() && !e.getValue().isNull()) {
        to.put(e.getKey().toLowerCase(Locale.ROOT), e.getValue().asText());
      }
    }
  }
}
