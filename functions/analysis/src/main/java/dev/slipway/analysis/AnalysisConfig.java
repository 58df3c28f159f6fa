package dev.slipway.analysis;

import dev.slipway.model.Durations;
import dev.slipway.model.TerminalStepException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The canary function's settings, read once per container from the environment.
 *
 * <p>The stack's default endpoint, used for a cluster when {@code config/slipway.yaml} gives
 * neither the cluster nor the top level a {@code prometheus} block ({@link ClusterPrometheus}):
 *
 * <ul>
 *   <li>{@code SLIPWAY_PROMETHEUS_URL} (optional): the query API's base, e.g. {@code
 *       http://thanos-query.monitoring:9090};
 *   <li>{@code SLIPWAY_PROMETHEUS_HEADERS}: extra non-secret headers, {@code
 *       Name=value,Other=value} (e.g. {@code X-Scope-OrgID=search});
 *   <li>{@code SLIPWAY_PROMETHEUS_SIGV4_REGION}: sign requests with AWS SigV4 for Amazon Managed
 *       Prometheus in that region, with the function role's credentials;
 *   <li>{@code SLIPWAY_PROMETHEUS_AUTH_SECRET_ID}: a Secrets Manager secret holding {@code
 *       {"bearerToken": ...}} or {@code {"username": ..., "password": ...}}, read in {@code
 *       AWS_REGION} once per container, when a canary first uses the default.
 * </ul>
 *
 * For every endpoint, the file's blocks included:
 *
 * <ul>
 *   <li>{@code SLIPWAY_PROMETHEUS_METHOD}: GET (default) or POST;
 *   <li>{@code SLIPWAY_PROMETHEUS_TIMEOUT}: per request, default 10s;
 *   <li>{@code SLIPWAY_PROMETHEUS_ATTEMPTS}: tries per query before MetricsUnavailable, default 4.
 * </ul>
 *
 * Credentials are never read from the environment itself: bearer/basic ones come from the Secrets
 * Manager secret named here, {@code slipway canary} reads them from files ({@code
 * --bearer-token-file}, {@code --basic-auth-file}).
 */
public record AnalysisConfig(
    PrometheusEndpoint endpoint,
    PrometheusEndpoint.Method method,
    Duration timeout,
    RetryingMetricsProvider.Policy retry,
    String authSecretId,
    String region) {
  private static final List<String> DEFAULT_ENDPOINT_SETTINGS =
      List.of(
          "SLIPWAY_PROMETHEUS_HEADERS",
          "SLIPWAY_PROMETHEUS_SIGV4_REGION",
          "SLIPWAY_PROMETHEUS_AUTH_SECRET_ID");

  public static AnalysisConfig fromEnvironment(Map<String, String> env) {
    PrometheusEndpoint.Method method = PrometheusEndpoint.Method.GET;
    String m = env.get("SLIPWAY_PROMETHEUS_METHOD");
    if (m != null && !m.isBlank()) {
      try {
        method = PrometheusEndpoint.Method.valueOf(m.strip().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException bad) {
        throw CanaryErrors.invalidInput(
            "SLIPWAY_PROMETHEUS_METHOD is '" + m + "'; use GET or POST.");
      }
    }
    String t = env.get("SLIPWAY_PROMETHEUS_TIMEOUT");
    Duration timeout =
        t == null || t.isBlank() ? PrometheusEndpoint.DEFAULT_TIMEOUT : Durations.parse(t);
    RetryingMetricsProvider.Policy d = RetryingMetricsProvider.Policy.DEFAULT;
    String attempts = env.get("SLIPWAY_PROMETHEUS_ATTEMPTS");
    RetryingMetricsProvider.Policy retry =
        attempts == null || attempts.isBlank()
            ? d
            : new RetryingMetricsProvider.Policy(
                Integer.parseInt(attempts.strip()), d.firstDelay(), d.maxDelay(), d.budget());
    String region = env.getOrDefault("AWS_REGION", "us-east-1");
    String url = env.get("SLIPWAY_PROMETHEUS_URL");
    if (url == null || url.isBlank()) {
      for (String setting : DEFAULT_ENDPOINT_SETTINGS) {
        if (env.get(setting) != null && !env.get(setting).isBlank()) {
          throw CanaryErrors.invalidInput(
              setting
                  + " is set but SLIPWAY_PROMETHEUS_URL is not: it belongs to the stack's default"
                  + " endpoint. Set the URL too, or put the endpoint in config/slipway.yaml's"
                  + " prometheus block.");
        }
      }
      return new AnalysisConfig(null, method, timeout, retry, null, region);
    }
    PrometheusEndpoint e;
    try {
      e = PrometheusEndpoint.of("SLIPWAY_PROMETHEUS_URL", url.strip());
    } catch (IllegalArgumentException bad) {
      throw new TerminalStepException(
          CanaryErrors.INVALID_INPUT,
          bad.getMessage() + ". Fix the stack's prometheusUrl setting and deploy it again.");
    }
    e = e.withMethod(method).withTimeout(timeout);
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
    String secret = env.get("SLIPWAY_PROMETHEUS_AUTH_SECRET_ID");
    if (secret != null && !secret.isBlank() && sigv4 != null && !sigv4.isBlank()) {
      throw CanaryErrors.invalidInput(
          "set SLIPWAY_PROMETHEUS_AUTH_SECRET_ID or SLIPWAY_PROMETHEUS_SIGV4_REGION, not both.");
    }
    return new AnalysisConfig(
        e,
        method,
        timeout,
        retry,
        secret == null || secret.isBlank() ? null : secret.strip(),
        region);
  }

  /**
   * The stack's default endpoint with the credentials from Secrets Manager when a secret is
   * configured; null when {@code SLIPWAY_PROMETHEUS_URL} is not set.
   */
  public PrometheusEndpoint resolvedEndpoint() {
    return endpoint == null || authSecretId == null
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
