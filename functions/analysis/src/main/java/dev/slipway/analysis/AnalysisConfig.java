package dev.slipway.analysis;

import dev.slipway.model.Durations;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The canary function's settings, read once per container from the environment.
 *
 * <ul>
 *   <li>{@code SLIPWAY_PROMETHEUS_URL} (required): the query API's base, e.g. {@code
 *       http://thanos-query.monitoring:9090};
 *   <li>{@code SLIPWAY_PROMETHEUS_METHOD}: GET (default) or POST;
 *   <li>{@code SLIPWAY_PROMETHEUS_TIMEOUT}: per request, default 10s;
 *   <li>{@code SLIPWAY_PROMETHEUS_HEADERS}: extra non-secret headers, {@code
 *       Name=value,Other=value} (e.g. {@code X-Scope-OrgID=search});
 *   <li>{@code SLIPWAY_PROMETHEUS_ATTEMPTS}: tries per query before MetricsUnavailable, default 4;
 *   <li>{@code SLIPWAY_PROMETHEUS_SIGV4_REGION}: sign requests with AWS SigV4 for Amazon Managed
 *       Prometheus in that region, with the function role's credentials;
 *   <li>{@code SLIPWAY_PROMETHEUS_AUTH_SECRET_ID}: a Secrets Manager secret holding {@code
 *       {"bearerToken": ...}} or {@code {"username": ..., "password": ...}}, read at init in {@code
 *       AWS_REGION}.
 * </ul>
 *
 * Credentials are never read from the environment itself: bearer/basic ones come from the Secrets
 * Manager secret named here, {@code slipway canary} reads them from files ({@code
 * --bearer-token-file}, {@code --basic-auth-file}).
 */
public record AnalysisConfig(
    PrometheusEndpoint endpoint,
    RetryingMetricsProvider.Policy retry,
    String authSecretId,
    String region) {

  public static AnalysisConfig fromEnvironment(Map<String, String> env) {
    String url = env.get("SLIPWAY_PROMETHEUS_URL");
    if (url == null || url.isBlank()) {
      throw CanaryErrors.invalidInput(
          "SLIPWAY_PROMETHEUS_URL is not set: the canary function needs the Prometheus (or"
              + " Thanos/Mimir) query URL.");
    }
    PrometheusEndpoint e;
    try {
      e = PrometheusEndpoint.of(url.strip());
    } catch (IllegalArgumentException bad) {
      throw CanaryErrors.invalidInput("SLIPWAY_PROMETHEUS_URL: " + bad.getMessage() + ".");
    }
    String method = env.get("SLIPWAY_PROMETHEUS_METHOD");
    if (method != null && !method.isBlank()) {
      try {
        e = e.withMethod(PrometheusEndpoint.Method.valueOf(method.strip().toUpperCase()));
      } catch (IllegalArgumentException bad) {
        throw CanaryErrors.invalidInput(
            "SLIPWAY_PROMETHEUS_METHOD is '" + method + "'; use GET or POST.");
      }
    }
    String timeout = env.get("SLIPWAY_PROMETHEUS_TIMEOUT");
    if (timeout != null && !timeout.isBlank()) {
      e = e.withTimeout(Durations.parse(timeout));
    }
    for (Map.Entry<String, String> h : headers(env.get("SLIPWAY_PROMETHEUS_HEADERS")).entrySet()) {
      e = e.withHeader(h.getKey(), h.getValue());
    }
    String sigv4 = env.get("SLIPWAY_PROMETHEUS_SIGV4_REGION");
    if (sigv4 != null && !sigv4.isBlank()) {
      e =
          e.withAuth(
              new PrometheusEndpoint.SigV4(
                  sigv4.strip(),
                  "aps",
                  software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider.builder()
                      .build()));
    }
    RetryingMetricsProvider.Policy d = RetryingMetricsProvider.Policy.DEFAULT;
    String attempts = env.get("SLIPWAY_PROMETHEUS_ATTEMPTS");
    RetryingMetricsProvider.Policy retry =
        attempts == null || attempts.isBlank()
            ? d
            : new RetryingMetricsProvider.Policy(
                Integer.parseInt(attempts.strip()), d.firstDelay(), d.maxDelay(), d.budget());
    String secret = env.get("SLIPWAY_PROMETHEUS_AUTH_SECRET_ID");
    if (secret != null && !secret.isBlank() && sigv4 != null && !sigv4.isBlank()) {
      throw CanaryErrors.invalidInput(
          "set SLIPWAY_PROMETHEUS_AUTH_SECRET_ID or SLIPWAY_PROMETHEUS_SIGV4_REGION, not both.");
    }
    return new AnalysisConfig(
        e,
        retry,
        secret == null || secret.isBlank() ? null : secret.strip(),
        env.getOrDefault("AWS_REGION", "us-east-1"));
  }

  /** The endpoint with the credentials from Secrets Manager when a secret is configured. */
  public PrometheusEndpoint resolvedEndpoint() {
    return authSecretId == null
        ? endpoint
        : endpoint.withAuth(PrometheusCredentials.fromSecretsManager(authSecretId, region, null));
  }

  /** {@code Name=value,Other=value} as a map; a malformed entry is an error. */
  static Map<String, String> headers(String spec) {
    Map<String, String> out = new LinkedHashMap<>();
    if (spec == null || spec.isBlank()) {
      return out;
    }
    String[] entries = spec.split(",");
    for (int n = 0; n < entries.length; n++) {
      String kv = entries[n];
      int i = kv.indexOf('=');
      if (i <= 0) {
        // not quoted: a malformed entry may be a credential ("Authorization: Bearer ...")
        throw CanaryErrors.invalidInput(
            "SLIPWAY_PROMETHEUS_HEADERS must be Name=value pairs separated by commas; entry "
                + (n + 1)
                + " of "
                + entries.length
                + " is not. Credentials belong in SLIPWAY_PROMETHEUS_AUTH_SECRET_ID, not here.");
      }
      out.put(kv.substring(0, i).strip(), kv.substring(i + 1).strip());
    }
    return out;
  }
}
