package dev.slipway.analysis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.model.Json;
import dev.slipway.model.RetryableStepException;
import dev.slipway.model.TerminalStepException;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Prometheus HTTP API adapter: {@code /api/v1/query_range} over {@link HttpClient}, GET or POST
 * (form), basic or bearer credentials and custom headers.
 *
 * <p>Outcome mapping, one attempt (retries are {@link RetryingMetricsProvider}'s job):
 *
 * <ul>
 *   <li>connection refused/reset, timeout, HTTP 429, 5xx (Prometheus answers 503 for a query
 *       timeout) → {@link RetryableStepException} {@code Slipway.Canary.MetricsUnavailable};
 *   <li>HTTP 400 or 422 ({@code bad_data}, {@code execution}) → terminal {@code
 *       Slipway.Canary.BadQuery} with Prometheus's own error text;
 *   <li>HTTP 401/403 → terminal {@code Slipway.Canary.MetricsAccessDenied};
 *   <li>404 or a 200 that is not a Prometheus API answer → terminal {@code
 *       Slipway.Canary.MetricsUnavailable} (a wrong URL will not fix itself).
 * </ul>
 */
public final class PrometheusHttpClient implements MetricsProvider {
  private static final ObjectMapper MAPPER = Json.mapper();
  private static final int MAX_ERROR_TEXT = 500;

  private final PrometheusEndpoint endpoint;
  private final HttpClient http;

  public PrometheusHttpClient(PrometheusEndpoint endpoint) {
    this(
        endpoint,
        HttpClient.newBuilder()
            .connectTimeout(endpoint.timeout())
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build());
  }

  public PrometheusHttpClient(PrometheusEndpoint endpoint, HttpClient http) {
    this.endpoint = endpoint;
    this.http = http;
  }

  @Override
  public String endpoint() {
    return endpoint.display();
  }

  @Override
  public List<Series> rangeQuery(String promql, Instant start, Instant end, Duration step) {
    String form =
        "query="
            + enc(promql)
            + "&start="
            + seconds(start)
            + "&end="
            + seconds(end)
            + "&step="
            + stepSeconds(step);
    boolean post = endpoint.method() == PrometheusEndpoint.Method.POST;
    java.net.URI uri =
        post
            ? endpoint.queryRangeUri()
            : java.net.URI.create(endpoint.queryRangeUri() + "?" + form);
    byte[] body = post ? form.getBytes(StandardCharsets.UTF_8) : new byte[0];
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Accept", "application/json");
    if (post) {
      headers.put("Content-Type", "application/x-www-form-urlencoded");
    }
    headers.putAll(endpoint.headers());
    headers.putAll(endpoint.auth().headers(post ? "POST" : "GET", uri, headers, body));
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(endpoint.timeout());
    b = post ? b.POST(HttpRequest.BodyPublishers.ofByteArray(body)) : b.GET();
    headers.forEach(b::header);

    HttpResponse<byte[]> response;
    try {
      response = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (HttpConnectTimeoutException e) {
      throw unavailable(promql, "connecting timed out after " + endpoint.timeout(), e);
    } catch (HttpTimeoutException e) {
      throw unavailable(promql, "no answer within " + endpoint.timeout(), e);
    } catch (IOException e) {
      throw unavailable(promql, "could not connect (" + describe(e) + ")", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw unavailable(promql, "interrupted while waiting for the answer", e);
    }
    return interpret(promql, response.statusCode(), response.body());
  }

  private List<Series> interpret(String promql, int status, byte[] body) {
    if (status == 429 || status >= 500) {
      throw unavailable(promql, "HTTP " + status + errorText(body), null);
    }
    if (status == 401 || status == 403) {
      throw new TerminalStepException(
          CanaryErrors.METRICS_ACCESS_DENIED,
          "Prometheus at "
              + endpoint()
              + " answered HTTP "
              + status
              + errorText(body)
              + ". Check the credentials (basic/bearer) and any tenant header the gateway needs.");
    }
    if (status == 400 || status == 422) {
      throw badQuery(promql, "HTTP " + status + errorText(body));
    }
    if (status != 200) {
      throw new TerminalStepException(
          CanaryErrors.METRICS_UNAVAILABLE,
          "Prometheus at "
              + endpoint()
              + " answered HTTP "
              + status
              + " to query_range for '"
              + promql
              + "'. Check the URL: it is the part before /api/v1/query_range.");
    }
    JsonNode root;
    try {
      root = MAPPER.readTree(body);
    } catch (IOException e) {
      throw notPrometheus(promql, "the answer is not JSON");
    }
    if (root == null || !root.isObject() || !root.has("status")) {
      throw notPrometheus(promql, "the answer has no 'status'");
    }
    if (!"success".equals(root.path("status").asText())) {
      String type = root.path("errorType").asText("");
      String error = root.path("error").asText("");
      if (type.equals("timeout") || type.equals("canceled") || type.equals("unavailable")) {
        throw unavailable(promql, type + ": " + error, null);
      }
      throw badQuery(promql, type + ": " + error);
    }
    JsonNode data = root.path("data");
    String resultType = data.path("resultType").asText("");
    if (!resultType.equals("matrix")) {
      throw notPrometheus(promql, "resultType is '" + resultType + "', expected 'matrix'");
    }
    return parseMatrix(data.path("result"));
  }

  /** Parses a {@code matrix} result. Values stay as sent: "NaN", "+Inf", "-Inf" included. */
  static List<Series> parseMatrix(JsonNode result) {
    List<Series> out = new ArrayList<>();
    for (JsonNode s : result) {
      Map<String, String> labels = new LinkedHashMap<>();
      Iterator<Map.Entry<String, JsonNode>> it = s.path("metric").fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        if (!e.getKey().equals("__name__")) {
          labels.put(e.getKey(), e.getValue().asText());
        }
      }
      JsonNode values = s.path("values");
      long[] ts = new long[values.size()];
      double[] vs = new double[values.size()];
      for (int i = 0; i < values.size(); i++) {
        JsonNode pair = values.get(i);
        ts[i] = Math.round(pair.get(0).asDouble() * 1000.0);
        vs[i] = parseValue(pair.get(1).asText());
      }
      out.add(new Series(labels, ts, vs));
    }
    return out;
  }

  static double parseValue(String v) {
    return switch (v) {
      case "NaN" -> Double.NaN;
      case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      default -> Double.parseDouble(v);
    };
  }

  private RetryableStepException unavailable(String promql, String what, Throwable cause) {
    return new RetryableStepException(
        CanaryErrors.METRICS_UNAVAILABLE,
        "Prometheus at "
            + endpoint()
            + " did not answer query_range for '"
            + promql
            + "': "
            + what
            + ".",
        cause);
  }

  private TerminalStepException badQuery(String promql, String what) {
    return new TerminalStepException(
        CanaryErrors.BAD_QUERY,
        "Prometheus at "
            + endpoint()
            + " rejected the query '"
            + promql
            + "': "
            + what
            + ". This will not go away by retrying: fix the metric's query in the canary config"
            + " (try it in the Prometheus UI first).");
  }

  private TerminalStepException notPrometheus(String promql, String what) {
    return new TerminalStepException(
        CanaryErrors.METRICS_UNAVAILABLE,
        "the answer from "
            + endpoint()
            + " to query_range for '"
            + promql
            + "' is not a Prometheus API response ("
            + what
            + "). Check that the URL points at Prometheus (or Thanos/Mimir's Prometheus API),"
            + " not at a login page or another service.");
  }

  private static String errorText(byte[] body) {
    if (body == null || body.length == 0) {
      return "";
    }
    String text;
    try {
      JsonNode n = MAPPER.readTree(body);
      text =
          n != null && n.has("error")
              ? n.path("errorType").asText("") + ": " + n.path("error").asText()
              : new String(body, StandardCharsets.UTF_8);
    } catch (IOException e) {
      text = new String(body, StandardCharsets.UTF_8);
    }
    text = text.strip().replaceAll("\\s+", " ");
    if (text.length() > MAX_ERROR_TEXT) {
      text = text.substring(0, MAX_ERROR_TEXT) + "...";
    }
    return text.isEmpty() ? "" : " (" + text + ")";
  }

  private static String describe(IOException e) {
    String m = e.getMessage();
    return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  static String seconds(Instant t) {
    return decimalSeconds(t.toEpochMilli());
  }

  static String stepSeconds(Duration step) {
    if (step.toMillis() <= 0) {
      throw new IllegalArgumentException("step must be positive: " + step);
    }
    return decimalSeconds(step.toMillis());
  }

  /** Milliseconds as Prometheus's decimal seconds: "1795729740" or "1795729740.5". */
  private static String decimalSeconds(long ms) {
    return ms % 1000 == 0
        ? Long.toString(ms / 1000)
        : java.math.BigDecimal.valueOf(ms, 3).stripTrailingZeros().toPlainString();
  }
}
