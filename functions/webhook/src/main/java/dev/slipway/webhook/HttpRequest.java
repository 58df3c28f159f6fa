package dev.slipway.webhook;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One HTTP request, whatever API Gateway payload format it came in.
 *
 * @param method the HTTP method, upper case
 * @param path the request path, e.g. {@code /webhooks/github}
 * @param headers header names in lower case; repeated headers joined with {@code ,}
 * @param query query-string parameters (first value of each)
 * @param body the raw body, base64-decoded when API Gateway encoded it
 * @param requestId API Gateway's request id
 */
public record HttpRequest(
    String method,
    String path,
    Map<String, String> headers,
    Map<String, String> query,
    byte[] body,
    String requestId) {

  public HttpRequest {
    headers = headers == null ? Map.of() : Map.copyOf(headers);
    query = query == null ? Map.of() : Map.copyOf(query);
    body = body == null ? new byte[0] : body;
  }

  /** The header's value; names are case-insensitive. */
  public Optional<String> header(String name) {
    return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
  }

  /** The query-string parameter's value. */
  public Optional<String> queryParam(String name) {
    return Optional.ofNullable(query.get(name));
  }

  /** The body as UTF-8 text. */
  public String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }
}
