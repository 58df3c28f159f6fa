package dev.slipway.awshttp;

/** The names of the errors this module raises itself. */
public final class AwsErrors {
  /** No credentials in the environment: not in Lambda, and no access key set. */
  public static final String NO_CREDENTIALS = "Slipway.Aws.NoCredentials";

  /** The credentials endpoint Lambda (SnapStart) or ECS provides did not answer usefully. */
  public static final String CREDENTIALS_UNAVAILABLE = "Slipway.Aws.CredentialsUnavailable";

  private AwsErrors() {}
}
