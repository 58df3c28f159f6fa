package dev.slipway.pipeline;

import dev.slipway.awshttp.AwsEnvironment;
import dev.slipway.store.StoreConfig;
import java.net.URI;
import java.util.Map;
import java.util.Optional;

/**
 * The pipeline functions' settings, from their environment.
 *
 * <ul>
 *   <li>{@code SLIPWAY_BUCKET}, {@code AWS_REGION}, {@code SLIPWAY_S3_ENDPOINT}: the artifact store
 *   <li>{@code SLIPWAY_TOPIC_ARN}: where release notifications go (unset: logged only)
 *   <li>{@code SLIPWAY_API_URL}, {@code SLIPWAY_WEBHOOK_SECRET_ID}: the webhook API and the secret
 *       whose {@code approvals} key signs approval links (unset: no link in approval requests)
 *   <li>{@code SLIPWAY_SECRETS_ENDPOINT}: a Secrets Manager endpoint for local runs ({@code slipway
 *       up}'s); with it and no AWS credentials in the environment, fixed local credentials
 *   <li>{@code SLIPWAY_LOCK_MAX_ATTEMPTS} (30), {@code SLIPWAY_LOCK_FIRST_WAIT_SECONDS} (30),
 *       {@code SLIPWAY_LOCK_MAX_WAIT_SECONDS} (300): how a release queues behind another
 *   <li>the credentials variables ({@code AWS_ACCESS_KEY_ID}..., or the container endpoint): for
 *       the webhook secret the gate signs its links with
 * </ul>
 */
public record PipelineConfig(
    StoreConfig store,
    String region,
    Optional<String> topicArn,
    Optional<String> apiUrl,
    Optional<String> webhookSecretId,
    Optional<URI> secretsEndpoint,
    int lockMaxAttempts,
    int lockFirstWaitSeconds,
    int lockMaxWaitSeconds,
    AwsEnvironment aws) {

  public static PipelineConfig from(Map<String, String> env) {
    ReleaseBudget.LockSchedule lock = lockSchedule(env);
    return new PipelineConfig(
        StoreConfig.from(env),
        env.getOrDefault("AWS_REGION", "us-east-1"),
        optional(env, "SLIPWAY_TOPIC_ARN"),
        optional(env, "SLIPWAY_API_URL"),
        optional(env, "SLIPWAY_WEBHOOK_SECRET_ID"),
        optional(env, "SLIPWAY_SECRETS_ENDPOINT").map(PipelineConfig::endpoint),
        lock.maxAttempts(),
        lock.firstWaitSeconds(),
        lock.maxWaitSeconds(),
        AwsEnvironment.from(env));
  }

  /** How a release queues behind another (the lock settings alone, for the time budget). */
  public static ReleaseBudget.LockSchedule lockSchedule(Map<String, String> env) {
    ReleaseBudget.LockSchedule d = ReleaseBudget.LockSchedule.DEFAULT;
    return new ReleaseBudget.LockSchedule(
        number(env, "SLIPWAY_LOCK_MAX_ATTEMPTS", d.maxAttempts()),
        number(env, "SLIPWAY_LOCK_FIRST_WAIT_SECONDS", d.firstWaitSeconds()),
        number(env, "SLIPWAY_LOCK_MAX_WAIT_SECONDS", d.maxWaitSeconds()));
  }

  /** The lock settings as the plan's time budget counts them. */
  public ReleaseBudget.LockSchedule lockSchedule() {
    return new ReleaseBudget.LockSchedule(
        lockMaxAttempts, lockFirstWaitSeconds, lockMaxWaitSeconds);
  }

  private static Optional<String> optional(Map<String, String> env, String name) {
    return Optional.ofNullable(env.get(name)).filter(s -> !s.isBlank());
  }

  private static URI endpoint(String text) {
    try {
      URI u = URI.create(text.trim());
      if (u.getScheme() != null && u.getHost() != null) {
        return u;
      }
    } catch (IllegalArgumentException e) {
      // named below
    }
    throw new IllegalArgumentException(
        "SLIPWAY_SECRETS_ENDPOINT must be a URL like http://127.0.0.1:4566, got '" + text + "'");
  }

  private static int number(Map<String, String> env, String name, int fallback) {
    String v = env.get(name);
    if (v == null || v.isBlank()) {
      return fallback;
    }
    try {
      return Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a whole number, got '" + v + "'");
    }
  }
}
