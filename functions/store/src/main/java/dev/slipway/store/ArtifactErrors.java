package dev.slipway.store;

import dev.slipway.model.RetryableStepException;
import dev.slipway.model.TerminalStepException;

/** The artifact store's named errors, each with a cause that says what to do. */
public final class ArtifactErrors {
  public static final String NOT_FOUND = "Slipway.Artifact.NotFound";
  public static final String ACCESS_DENIED = "Slipway.Artifact.AccessDenied";
  public static final String THROTTLED = "Slipway.Artifact.Throttled";
  public static final String UNAVAILABLE = "Slipway.Artifact.Unavailable";
  public static final String CONFLICT = "Slipway.Artifact.Conflict";
  public static final String BUCKET_NOT_FOUND = "Slipway.Artifact.BucketNotFound";
  public static final String NOT_CONFIGURED = "Slipway.Artifact.NotConfigured";
  public static final String REFUSED = "Slipway.Artifact.Refused";

  private ArtifactErrors() {}

  public static TerminalStepException notFound(String key) {
    return new TerminalStepException(
        NOT_FOUND,
        "no object at s3 key '"
            + key
            + "'. Check that the build uploaded it (or that the key in the event is right) and"
            + " that the function reads the right bucket.");
  }

  /** A missing object, with a hint of what should have put it there. */
  public static TerminalStepException notFound(String key, String whatToUpload) {
    return new TerminalStepException(
        NOT_FOUND, "no object at s3 key '" + key + "'. " + whatToUpload);
  }

  public static TerminalStepException accessDenied(
      String bucket, String key, String operation, String s3Message, Throwable cause) {
    return new TerminalStepException(
        ACCESS_DENIED,
        "S3 denied "
            + where(operation, bucket, key)
            + " ("
            + s3Message
            + "). Check the function's execution role (s3:GetObject, s3:PutObject,"
            + " s3:ListBucket, s3:DeleteObject on the bucket), the bucket policy (an explicit Deny,"
            + " aws:SecureTransport, a VPC endpoint condition), and for SSE-KMS objects the KMS key"
            + " policy (kms:Decrypt and kms:GenerateDataKey for the role). Without s3:ListBucket a"
            + " missing object also reads as access denied.",
        cause);
  }

  public static RetryableStepException throttled(
      String bucket, String key, String operation, Throwable cause) {
    return new RetryableStepException(
        THROTTLED,
        "S3 throttled "
            + where(operation, bucket, key)
            + " (SlowDown/429) after the client's own retries. The step is retried with back-off; if"
            + " it keeps happening, spread the writes over more prefixes or lower the release"
            + " concurrency.",
        cause);
  }

  public static RetryableStepException unavailable(
      String bucket, String key, String operation, String detail, Throwable cause) {
    return new RetryableStepException(
        UNAVAILABLE,
        "S3 could not serve "
            + where(operation, bucket, key)
            + " ("
            + detail
            + "). The step is retried with back-off; if it persists check the S3 endpoint, the"
            + " region setting (AWS_REGION) and the network path (VPC endpoint, NAT).",
        cause);
  }

  public static RetryableStepException conflict(String bucket, String key, Throwable cause) {
    return new RetryableStepException(
        CONFLICT,
        "another writer kept a conditional write to s3://"
            + bucket
            + "/"
            + key
            + " in flight (409 ConditionalRequestConflict). The step is retried with back-off;"
            + " nothing was overwritten.",
        cause);
  }

  /**
   * Any other answer S3 refused a request with (a 301 PermanentRedirect, a 400 such as
   * AuthorizationHeaderMalformed or InvalidArgument): not worth retrying.
   */
  public static TerminalStepException refused(
      String bucket, String key, String operation, String s3Message, Throwable cause) {
    return new TerminalStepException(
        REFUSED,
        "S3 refused "
            + where(operation, bucket, key)
            + " ("
            + s3Message
            + "). A PermanentRedirect (301) or AuthorizationHeaderMalformed means the bucket is in"
            + " another region than the function's AWS_REGION (or SLIPWAY_REGION): set the"
            + " bucket's region; otherwise S3's message says what it objected to.",
        cause);
  }

  private static String where(String operation, String bucket, String key) {
    return operation + " on s3://" + bucket + "/" + key;
  }

  public static TerminalStepException bucketNotFound(String bucket, Throwable cause) {
    return new TerminalStepException(
        BUCKET_NOT_FOUND,
        "the bucket '"
            + bucket
            + "' does not exist in this account and region. Check SLIPWAY_BUCKET and AWS_REGION"
            + " in the function's environment (the CDK stack sets both).",
        cause);
  }

  static TerminalStepException notConfigured(String setting, String what) {
    return new TerminalStepException(
        NOT_CONFIGURED, "the environment variable " + setting + " is not set: " + what + ".");
  }
}
