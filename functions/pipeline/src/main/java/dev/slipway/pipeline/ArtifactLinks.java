package dev.slipway.pipeline;

/** Turns an artifact's key into a link a person can open (the S3 console, or a local path). */
@FunctionalInterface
public interface ArtifactLinks {

  String artifactUrl(String key);

  /** The S3 console page of an object in {@code bucket}. */
  static ArtifactLinks s3Console(String bucket, String region) {
    return key ->
        "https://"
            + region
            + ".console.aws.amazon.com/s3/object/"
            + bucket
            + "?region="
            + region
            + "&prefix="
            + key;
  }
}
