package dev.slipway.awshttp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.model.Json;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * A service on AWS's JSON protocol (a POST to {@code /} with {@code X-Amz-Target: <prefix>.<op>}):
 * Step Functions (JSON 1.0) and Secrets Manager (JSON 1.1) here. Errors are read from {@code
 * __type} (or the {@code X-Amzn-ErrorType} header) and {@code message}.
 */
public final class AwsJson {
  private final AwsHttp http;
  private final String signingName;
  private final String targetPrefix;
  private final String contentType;
  private final URI endpoint;

  private AwsJson(
      AwsHttp http, String signingName, String targetPrefix, String version, URI endpoint) {
    this.http = http;
    this.signingName = signingName;
    this.targetPrefix = targetPrefix;
    this.contentType = "application/x-amz-json-" + version;
    this.endpoint = endpoint;
  }

  /** Step Functions at {@code endpoint}, or at its regional endpoint. */
  public static AwsJson stepFunctions(AwsHttp http, Optional<URI> endpoint) {
    return new AwsJson(
        http,
        "states",
        "AWSStepFunctions",
        "1.0",
        endpoint.orElseGet(() -> regional("states", http.region())));
  }

  /** Secrets Manager at {@code endpoint}, or at its regional endpoint. */
  public static AwsJson secretsManager(AwsHttp http, Optional<URI> endpoint) {
    return new AwsJson(
        http,
        "secretsmanager",
        "secretsmanager",
        "1.1",
        endpoint.orElseGet(() -> regional("secretsmanager", http.region())));
  }

  /** {@code https://<service>.<region>.amazonaws.com} (or {@code .amazonaws.com.cn} in China). */
  static URI regional(String service, String region) {
    return URI.create("https://" + service + "." + region + "." + dnsSuffix(region));
  }

  static String dnsSuffix(String region) {
    return region.startsWith("cn-") ? "amazonaws.com.cn" : "amazonaws.com";
  }

  public URI endpoint() {
    return endpoint;
  }

  /**
   * Calls {@code operation} with {@code input} and returns the answer's JSON.
   *
   * @throws AwsCallException the service's error, or no answer
   */
  public JsonNode call(String operation, ObjectNode input) {
    byte[] body;
    try {
      body = Json.mapper().writeValueAsBytes(input);
    } catch (IOException e) {
      throw new IllegalStateException("a JSON tree always serialises", e);
    }
    URI uri = endpoint.resolve("/");
    AwsHttp.Request request =
        new AwsHttp.Request(
            "POST",
            uri,
            Map.of("Content-Type", contentType, "X-Amz-Target", targetPrefix + "." + operation),
            body);
    AwsHttp.Response response = http.send(signingName, operation, request, this::error);
    try {
      return response.body().length == 0
          ? Json.mapper().createObjectNode()
          : Json.mapper().readTree(response.body());
    } catch (IOException e) {
      // not chained: a parser's message quotes the text it read, and an answer may hold a secret
      throw new AwsCallException(
          signingName, operation, 0, null, "an answer that is not JSON", null);
    }
  }

  /** A new empty input object. */
  public static ObjectNode input() {
    return Json.mapper().createObjectNode();
  }

  private AwsCallException error(String operation, AwsHttp.Response response) {
    String code = response.header("x-amzn-errortype");
    String message = null;
    try {
      JsonNode body = Json.mapper().readTree(response.body());
      if (body != null && body.isObject()) {
        if (code == null && body.path("__type").isTextual()) {
          code = body.path("__type").asText();
        }
        JsonNode m = body.has("message") ? body.get("message") : body.get("Message");
        message = m != null && m.isTextual() ? m.asText() : null;
      }
    } catch (IOException | RuntimeException e) {
      message = new String(response.body(), StandardCharsets.UTF_8).strip();
      message = message.length() > 200 ? message.substring(0, 200) + "..." : message;
    }
    return new AwsCallException(
        signingName, operation, response.status(), shortCode(code), message, null);
  }

  /** {@code ns#Code:http://...} to {@code Code}. */
  static String shortCode(String code) {
    if (code == null || code.isBlank()) {
      return null;
    }
    String c = code;
    int colon = c.indexOf(':');
    if (colon >= 0) {
      c = c.substring(0, colon);
    }
    int hash = c.lastIndexOf('#');
    return hash >= 0 ? c.substring(hash + 1) : c;
  }
}
