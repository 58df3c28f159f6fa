package dev.slipway.awshttp;

/** The names of the errors this module raises itself. */
public final class AwsErrors {
  /** No credentials in the environment: not in Lambda, and no access key set. */
  public static final String NO_CREDENTIALS = "Slipway.Aws.NoCredentials";

  /** The credentials endpoint Lambda (SnapStart) or ECS provides did not answer usefully. */
  public static final String CREDENTIALS_UNAVAILABLE = "Slipway.Aws.CredentialsUnavailable";

  /** A secret could not be read now (no answer, throttled, access denied): retryable. */
  public static final String SECRETS_UNAVAILABLE = "Slipway.Secrets.Unavailable";

  /** There is no such secret. */
  public static final String SECRETS_NOT_FOUND = "Slipway.Secrets.NotFound";

  /** The secret has no string value, or not the JSON its reader expects. */
  public static final String SECRETS_INVALID = "Slipway.Secrets.Invalid";

  private AwsErrors() {}
}
