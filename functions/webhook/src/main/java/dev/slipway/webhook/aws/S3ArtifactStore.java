package dev.slipway.webhook.aws;

import dev.slipway.model.RetryableStepException;
import dev.slipway.model.TerminalStepException;
import dev.slipway.store.ArtifactStore;
import dev.slipway.store.StoredObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The artifact store on S3 (the webhook's own small adapter: {@code GetObject}, conditional {@code
 * PutObject}, {@code ListObjectsV2}, {@code DeleteObject}).
 */
public final class S3ArtifactStore implements ArtifactStore {
  static final String ACCESS_DENIED = "Slipway.Artifact.AccessDenied";
  static final String UNAVAILABLE = "Slipway.Artifact.Unavailable";

  private final S3Client s3;
  private final String bucket;

  public S3ArtifactStore(S3Client s3, String bucket) {
    this.s3 = s3;
    this.bucket = bucket;
  }

  @Override
  public Optional<StoredObject> find(String key) {
    try {
      ResponseBytes<GetObjectResponse> r = s3.getObjectAsBytes(b -> b.bucket(bucket).key(key));
      return Optional.of(
          new StoredObject(key, r.asByteArray(), r.response().eTag(), r.response().contentType()));
    } catch (NoSuchKeyException e) {
      return Optional.empty();
    } catch (S3Exception | SdkClientException e) {
      if (e instanceof S3Exception s && s.statusCode() == 404) {
        return Optional.empty();
      }
      throw failure("read", key, e);
    }
  }

  @Override
  public String put(String key, byte[] body, String contentType) {
    try {
      return s3.putObject(
              b -> b.bucket(bucket).key(key).contentType(contentType), RequestBody.fromBytes(body))
          .eTag();
    } catch (S3Exception | SdkClientException e) {
      throw failure("write", key, e);
    }
  }

  @Override
  public Optional<String> putIfAbsent(String key, byte[] body, String contentType) {
    return conditional(key, body, contentType, null);
  }

  @Override
  public Optional<String> putIfMatch(String key, byte[] body, String contentType, String etag) {
    return conditional(key, body, contentType, etag);
  }

  private Optional<String> conditional(String key, byte[] body, String contentType, String etag) {
    try {
      return Optional.of(
          s3.putObject(
                  b -> {
                    b.bucket(bucket).key(key).contentType(contentType);
                    if (etag == null) {
                      b.ifNoneMatch("*");
                    } else {
                      b.ifMatch(etag);
                    }
                  },
                  RequestBody.fromBytes(body))
              .eTag());
    } catch (S3Exception e) {
      if (e.statusCode() == 412 || (etag != null && e.statusCode() == 404)) {
        return Optional.empty();
      }
      throw failure("write", key, e);
    } catch (SdkClientException e) {
      throw failure("write", key, e);
    }
  }

  @Override
  public List<String> list(String prefix) {
    List<String> keys = new ArrayList<>();
    try {
      s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents().stream()
          .map(S3Object::key)
          .forEach(keys::add);
    } catch (S3Exception | SdkClientException e) {
      throw failure("list", prefix, e);
    }
    return keys;
  }

  @Override
  public void delete(String key) {
    try {
      s3.deleteObject(b -> b.bucket(bucket).key(key));
    } catch (S3Exception | SdkClientException e) {
      throw failure("delete", key, e);
    }
  }

  private RuntimeException failure(String what, String key, Exception e) {
    int status = e instanceof S3Exception s ? s.statusCode() : 0;
    String where = "s3://" + bucket + "/" + key;
    if (status == 403 && !(e instanceof S3Exception s && s.isThrottlingException())) {
      return new TerminalStepException(
          ACCESS_DENIED,
          "access denied to "
              + what
              + " "
              + where
              + ". Grant the function's role s3:GetObject /"
              + " s3:PutObject on the bucket (and kms:Decrypt for SSE-KMS objects).",
          e);
    }
    return new RetryableStepException(
        UNAVAILABLE,
        "could not "
            + what
            + " "
            + where
            + " ("
            + (status == 0 ? e.getClass().getSimpleName() : "HTTP " + status)
            + "). It is retried; if it persists, check the bucket name (SLIPWAY_BUCKET) and region.",
        e);
  }
}
