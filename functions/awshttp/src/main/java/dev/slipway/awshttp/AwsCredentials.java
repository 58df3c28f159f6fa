package dev.slipway.awshttp;

import java.util.Objects;

/**
 * A set of AWS credentials. {@link #toString()} never shows the secret key or the session token.
 *
 * @param accessKeyId the access key id
 * @param secretAccessKey the secret access key
 * @param sessionToken the session token of temporary credentials, or null
 */
public record AwsCredentials(String accessKeyId, String secretAccessKey, String sessionToken) {
  public AwsCredentials {
    Objects.requireNonNull(accessKeyId, "accessKeyId");
    Objects.requireNonNull(secretAccessKey, "secretAccessKey");
  }

  /** Long-term credentials, without a session token. */
  public static AwsCredentials of(String accessKeyId, String secretAccessKey) {
    return new AwsCredentials(accessKeyId, secretAccessKey, null);
  }

  @Override
  public String toString() {
    return "AwsCredentials[accessKeyId="
        + accessKeyId
        + ", secretAccessKey=***"
        + (sessionToken == null ? "" : ", sessionToken=***")
        + "]";
  }
}
