package dev.slipway.annotate;

import dev.slipway.awshttp.AwsEnvironment;
import dev.slipway.store.StoreConfig;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The annotate function's settings, from its environment. The {@code SLIPWAY_GRAFANA_*} values are
 * the stack's defaults: config/slipway.yaml's {@code grafana} block overrides each of them key by
 * key ({@link ConfiguredGrafana}).
 *
 * <ul>
 *   <li>{@code SLIPWAY_GRAFANA_URL}: Grafana's root URL; unset or blank (and no {@code grafana.url}
 *       in the configuration) turns annotations off
 *   <li>{@code SLIPWAY_GRAFANA_TOKEN_SECRET_ARN}: the Secrets Manager secret holding the
 *       service-account token (never an environment variable of its own)
 *   <li>{@code SLIPWAY_GRAFANA_DASHBOARD_UID}, {@code SLIPWAY_GRAFANA_PANEL_ID}: optional pinning
 *   <li>{@code SLIPWAY_GRAFANA_TIMEOUT_MS}: per-request bound, default 3000
 *   <li>{@code AWS_REGION}, {@code SLIPWAY_SECRETS_ENDPOINT} (local runs only)
 *   <li>{@code SLIPWAY_BUCKET}, {@code SLIPWAY_S3_ENDPOINT}: where config/slipway.yaml is read and
 *       the start annotation's id is journaled for reconciliation (unset: the environment alone,
 *       not journaled)
 * </ul>
 */
public record AnnotateConfig(
    Optional<URI> grafanaUrl,
    Optional<String> tokenSecretId,
    String dashboardUid,
    Long panelId,
    Duration timeout,
    String region,
    Optional<URI> secretsEndpoint,
    AwsEnvironment aws,
    Optional<StoreConfig> store) {

  public static AnnotateConfig from(Map<String, String> env) {
    return new AnnotateConfig(
        nonBlank(env.get("SLIPWAY_GRAFANA_URL")).map(URI::create),
        nonBlank(env.get("SLIPWAY_GRAFANA_TOKEN_SECRET_ARN")),
        nonBlank(env.get("SLIPWAY_GRAFANA_DASHBOARD_UID")).orElse(null),
        nonBlank(env.get("SLIPWAY_GRAFANA_PANEL_ID")).map(Long::valueOf).orElse(null),
        Duration.ofMillis(
            nonBlank(env.get("SLIPWAY_GRAFANA_TIMEOUT_MS")).map(Long::parseLong).orElse(3000L)),
        nonBlank(env.get("AWS_REGION")).orElse("us-east-1"),
        nonBlank(env.get("SLIPWAY_SECRETS_ENDPOINT")).map(URI::create),
        AwsEnvironment.from(env),
        store(env));
  }

  private static Optional<StoreConfig> store(Map<String, String> env) {
    if (nonBlank(env.get(StoreConfig.BUCKET)).isEmpty()) {
      return Optional.empty();
    }
    Map<String, String> withRegion = new HashMap<>(env);
    withRegion.putIfAbsent(StoreConfig.REGION, "us-east-1");
    return Optional.of(StoreConfig.from(withRegion));
  }

  private static Optional<String> nonBlank(String s) {
    return s == null || s.isBlank() ? Optional.empty() : Optional.of(s.trim());
  }
}
