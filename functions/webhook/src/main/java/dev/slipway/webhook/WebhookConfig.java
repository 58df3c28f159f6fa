package dev.slipway.webhook;

import dev.slipway.awshttp.AwsEnvironment;
import dev.slipway.model.TerminalStepException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The webhook function's settings, from environment variables (docs/webhooks.md lists them).
 *
 * @param stateMachineArn {@code SLIPWAY_STATE_MACHINE_ARN}: the release state machine
 * @param bucket {@code SLIPWAY_BUCKET}: Slipway's bucket (configuration, approval requests)
 * @param secretId {@code SLIPWAY_WEBHOOK_SECRET_ID}: the Secrets Manager secret with the webhook
 *     secrets (default {@code slipway/webhooks})
 * @param region {@code SLIPWAY_REGION}, else {@code AWS_REGION}
 * @param sfnEndpoint {@code SLIPWAY_SFN_ENDPOINT}: a Step Functions endpoint for local runs
 * @param s3Endpoint {@code SLIPWAY_S3_ENDPOINT}: an S3 endpoint for local runs (path-style)
 * @param secretsEndpoint {@code SLIPWAY_SECRETS_ENDPOINT}: a Secrets Manager endpoint for local
 *     runs
 * @param localCredentials whether to use fixed local credentials (an endpoint is overridden and the
 *     environment has no credentials: no {@code AWS_ACCESS_KEY_ID}, no container credentials
 *     endpoint)
 * @param configTtl {@code SLIPWAY_CONFIG_TTL_SECONDS}: how long the configuration is cached
 * @param aws the credentials variables (access keys, or SnapStart's container endpoint)
 */
public record WebhookConfig(
    String stateMachineArn,
    String bucket,
    String secretId,
    String region,
    Optional<URI> sfnEndpoint,
    Optional<URI> s3Endpoint,
    Optional<URI> secretsEndpoint,
    boolean localCredentials,
    Duration configTtl,
    AwsEnvironment aws) {

  /** The name of the error a missing or bad setting raises. */
  public static final String MISCONFIGURED = "Slipway.Webhook.Misconfigured";

  /** The settings from {@code env}. */
  public static WebhookConfig from(Map<String, String> env) {
    String arn = required(env, "SLIPWAY_STATE_MACHINE_ARN");
    if (!arn.matches("arn:aws[a-z-]*:states:[a-z0-9-]+:\\d{12}:stateMachine:[A-Za-z0-9_-]+")) {
      throw bad("SLIPWAY_STATE_MACHINE_ARN is not a state machine ARN: '" + arn + "'");
    }
    String region =
        Optional.ofNullable(blankToNull(env.get("SLIPWAY_REGION")))
            .or(() -> Optional.ofNullable(blankToNull(env.get("AWS_REGION"))))
            .orElseThrow(() -> bad("set AWS_REGION (Lambda sets it) or SLIPWAY_REGION"));
    Optional<URI> all = uri(env, "SLIPWAY_AWS_ENDPOINT");
    Optional<URI> sfn = uri(env, "SLIPWAY_SFN_ENDPOINT").or(() -> all);
    Optional<URI> s3 = uri(env, "SLIPWAY_S3_ENDPOINT").or(() -> all);
    Optional<URI> sm = uri(env, "SLIPWAY_SECRETS_ENDPOINT").or(() -> all);
    AwsEnvironment aws = AwsEnvironment.from(env);
    boolean local = (sfn.isPresent() || s3.isPresent() || sm.isPresent()) && !aws.hasCredentials();
    Duration ttl = Duration.ofSeconds(30);
    String ttlText = blankToNull(env.get("SLIPWAY_CONFIG_TTL_SECONDS"));
    if (ttlText != null) {
      try {
        ttl = Duration.ofSeconds(Long.parseLong(ttlText));
      } catch (NumberFormatException e) {
        throw bad("SLIPWAY_CONFIG_TTL_SECONDS is not a number of seconds: '" + ttlText + "'");
      }
    }
    return new WebhookConfig(
        arn,
        required(env, "SLIPWAY_BUCKET"),
        Optional.ofNullable(blankToNull(env.get("SLIPWAY_WEBHOOK_SECRET_ID")))
            .orElse("slipway/webhooks"),
        region,
        sfn,
        s3,
        sm,
        local,
        ttl,
        aws);
  }

  private static String required(Map<String, String> env, String name) {
    String v = blankToNull(env.get(name));
    if (v == null) {
      throw bad("set the environment variable " + name + " (docs/webhooks.md lists the settings)");
    }
    return v;
  }

  private static Optional<URI> uri(Map<String, String> env, String name) {
    String v = blankToNull(env.get(name));
    if (v == null) {
      return Optional.empty();
    }
    try {
      URI u = URI.create(v);
      if (u.getScheme() == null || u.getHost() == null) {
        throw bad(name + " must be a URL like http://127.0.0.1:4566, was '" + v + "'");
      }
      return Optional.of(u);
    } catch (IllegalArgumentException e) {
      throw bad(name + " must be a URL like http://127.0.0.1:4566, was '" + v + "'");
    }
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }

  private static TerminalStepException bad(String cause) {
    return new TerminalStepException(MISCONFIGURED, cause);
  }
}
