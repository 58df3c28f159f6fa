package dev.slipway.awshttp;

import java.time.Clock;
import java.util.Map;

/**
 * The credentials part of a function's environment, read once by its {@code *Config}: access keys
 * (Lambda without SnapStart), or the container credentials endpoint (Lambda with SnapStart, ECS).
 * {@link #toString()} says only what is set, never a value.
 *
 * @param accessKeyId {@code AWS_ACCESS_KEY_ID}
 * @param secretAccessKey {@code AWS_SECRET_ACCESS_KEY}
 * @param sessionToken {@code AWS_SESSION_TOKEN}
 * @param containerFullUri {@code AWS_CONTAINER_CREDENTIALS_FULL_URI}
 * @param containerRelativeUri {@code AWS_CONTAINER_CREDENTIALS_RELATIVE_URI}
 * @param containerToken {@code AWS_CONTAINER_AUTHORIZATION_TOKEN}
 * @param containerTokenFile {@code AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE}
 */
public record AwsEnvironment(
    String accessKeyId,
    String secretAccessKey,
    String sessionToken,
    String containerFullUri,
    String containerRelativeUri,
    String containerToken,
    String containerTokenFile) {

  /** The variables of {@code env}; blank ones count as unset. */
  public static AwsEnvironment from(Map<String, String> env) {
    return new AwsEnvironment(
        value(env, "AWS_ACCESS_KEY_ID"),
        value(env, "AWS_SECRET_ACCESS_KEY"),
        value(env, "AWS_SESSION_TOKEN"),
        value(env, "AWS_CONTAINER_CREDENTIALS_FULL_URI"),
        value(env, "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"),
        value(env, "AWS_CONTAINER_AUTHORIZATION_TOKEN"),
        value(env, "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"));
  }

  /**
   * Whether credentials were given: an access key variable, or a container credentials endpoint.
   * One access key without the other is given too, so that it fails as {@code
   * Slipway.Aws.NoCredentials} naming both rather than silently becoming local credentials.
   */
  public boolean hasCredentials() {
    return accessKeyId != null
        || secretAccessKey != null
        || containerFullUri != null
        || containerRelativeUri != null;
  }

  /**
   * Where the calls' credentials come from: {@link CredentialSource#lambda}'s rules, or fixed local
   * ones ({@code slipway-local}) when there are none here and the calls go to a local endpoint
   * (LocalStack, the embedded S3, {@code slipway up}), which accepts any.
   */
  public CredentialSource credentials(Clock clock, boolean localEndpoint) {
    if (localEndpoint && !hasCredentials()) {
      return CredentialSource.fixed(AwsCredentials.of("slipway-local", "slipway-local"));
    }
    return CredentialSource.lambda(this, clock);
  }

  @Override
  public String toString() {
    return "AwsEnvironment[keys="
        + (accessKeyId != null && secretAccessKey != null ? "set" : "unset")
        + ", containerEndpoint="
        + (containerFullUri != null || containerRelativeUri != null ? "set" : "unset")
        + "]";
  }

  private static String value(Map<String, String> env, String name) {
    String v = env.get(name);
    return v == null || v.isBlank() ? null : v.trim();
  }
}
