package dev.slipway.annotate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.model.Json;
import dev.slipway.model.SlipwayException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Grafana's legacy {@code /api/annotations} endpoint over HTTP, with a bearer token. Timeouts are
 * short: an annotation must never hold a release up.
 */
public final class HttpGrafanaClient implements GrafanaClient {
  private static final ObjectMapper MAPPER = Json.mapper();

  private final URI base;
  private final Supplier<String> token;
  private final HttpClient http;
  private final Duration timeout;

  /**
   * @param base Grafana's root URL, e.g. {@code https://grafana.example.com}
   * @param token the service-account token, read lazily once; null or blank sends no header
   */
  public HttpGrafanaClient(URI base, Supplier<String> token, Duration timeout) {
    this.base = URI.create(base.toString().replaceAll("/+$", "") + "/");
    this.token = token;
    this.timeout = timeout;
    this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
  }

  @Override
  public long create(Map<String, Object> annotation) throws GrafanaException {
    JsonNode reply = send("POST", "api/annotations", annotation);
    JsonNode id = reply.get("id");
    if (id == null || !id.canConvertToLong()) {
      throw new GrafanaException("Grafana at " + base + " answered without an annotation id");
    }
    return id.asLong();
  }

  @Override
  public void patch(long id, Map<String, Object> fields) throws GrafanaException {
    send("PATCH", "api/annotations/" + id, fields);
  }

  private JsonNode send(String method, String path, Map<String, Object> body)
      throws GrafanaException {
    URI uri = base.resolve(path);
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .header("Accept", "application/json")
            .method(method, HttpRequest.BodyPublishers.ofString(json(body)));
    String t;
    try {
      t = token.get();
    } catch (RuntimeException e) {
      // A SlipwayException's message names the secret and the reason, never the value.
      throw new GrafanaException(
          "could not read the Grafana token from Secrets Manager ("
              + (e instanceof SlipwayException s ? s.getMessage() : e.getClass().getSimpleName())
              + "): check the secret id and the function's secretsmanager:GetSecretValue grant");
    }
    if (t != null && !t.isBlank()) {
      request.header("Authorization", "Bearer " + t);
    }
    HttpResponse<String> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (HttpTimeoutException e) {
      throw new GrafanaException(
          "Grafana at " + base + " did not answer within " + timeout.toMillis() + " ms");
    } catch (IOException e) {
      throw new GrafanaException(
          "Grafana at "
              + base
              + " is unreachable ("
              + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())
              + "): check GRAFANA_URL and that the function can reach it");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new GrafanaException("interrupted while calling Grafana at " + base);
    }
    int status = response.statusCode();
    if (status == 401 || status == 403) {
      throw new GrafanaException(
          "Grafana at "
              + base
              + " answered "
              + status
              + ": check that the Grafana token secret holds a service-account token with the"
              + " annotations:write permission");
    }
    if (status / 100 != 2) {
      throw new GrafanaException(
          "Grafana at " + base + " answered " + status + " to " + method + " /" + path);
    }
    try {
      return MAPPER.readTree(response.body());
    } catch (JsonProcessingException e) {
      throw new GrafanaException("Grafana at " + base + " answered with something not JSON");
    }
  }

  private static String json(Map<String, Object> body) {
    try {
      return MAPPER.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("annotation is not serialisable", e);
    }
  }
}
