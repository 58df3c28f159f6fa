package dev.slipway.infra;

/**
 * The environment variables the functions' {@code *Config} classes read, by their names (AWS_REGION
 * comes from Lambda). Each {@link SlipwayFunction} lists the ones it gets; {@link SlipwayFunctions}
 * gives each its value, and leaves an optional one out when the infra config does not set it.
 */
public enum EnvVar {
  /** The artifact bucket's name (the store). */
  SLIPWAY_BUCKET,
  /** The notification topic's ARN. */
  SLIPWAY_TOPIC_ARN,
  /** The webhook secret's ARN (GitHub, Jenkins, build and approval-link keys). */
  SLIPWAY_WEBHOOK_SECRET_ID,
  /** The Grafana token secret's ARN. */
  SLIPWAY_GRAFANA_TOKEN_SECRET_ARN,
  /** Grafana's URL; only when the infra config sets one. */
  SLIPWAY_GRAFANA_URL,
  /** Prometheus' URL; only when the infra config sets one. */
  SLIPWAY_PROMETHEUS_URL,
  /** The Amazon Managed Prometheus workspace's region (SigV4); only when one is configured. */
  SLIPWAY_PROMETHEUS_SIGV4_REGION,
  /**
   * C1-only JVM flags ({@link SlipwayFunctions#JVM_QUICK_START}), AWS's advice for short
   * request/response functions (the webhook bench: first request after a SnapStart restore 31 -> 22
   * ms, fresh cold start 432 -> 353 ms).
   */
  JAVA_TOOL_OPTIONS,
  /**
   * The release state machine's ARN, added once it exists. Never for a function the state machine
   * invokes: that would be a dependency cycle ({@link FunctionSpec.Builder#build()} refuses it).
   */
  SLIPWAY_STATE_MACHINE_ARN,
  /**
   * The webhook API's base URL (the approval gate's links), added once the API exists; built from
   * the RestApi's id alone, not its stage, so no cycle (see {@link WebhookApi#url()}).
   */
  SLIPWAY_API_URL
}
