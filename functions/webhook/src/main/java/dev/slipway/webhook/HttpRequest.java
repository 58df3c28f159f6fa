package dev.slipway.webhook;

import dev.slipway.model.Principal;
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
 * @param principal the caller as API Gateway's authorizer verified it (request context), or null
 *     when no authorizer sits in front of the route
 */
public record HttpRequest(
    String method,
    String path,
    Map<String, String> headers,
    Map<String, String> query,
    byte[] body,
    String requestId,
    Principal principal) {

  /** A request no authorizer vouched for. */
  public HttpRequest(
      String method,
      String path,
      Map<String, String> headers,
      Map<String, String> query,
      byte[] body,
      String requestId) {
    this(method, path, headers, query, body, requestId, null);
  }

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

  /** The verified caller, when an authorizer put one in the request context. */
  public Optional<Principal> verifiedPrincipal() {
    return Optional.ofNullable(principal);
  }

  /** The body as UTF-8 text. */
  public String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }
}
