package dev.slipway.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;

/**
 * The {@link ArtifactStore} on Amazon S3 (AWS SDK v2, injected client).
 *
 * <ul>
 *   <li>Conditional writes use {@code If-None-Match: *} and {@code If-Match: <etag>}; 412
 *       PreconditionFailed is the empty result, unless the stored object holds exactly the bytes
 *       being written (the SDK retried a write whose first attempt succeeded). A 409
 *       ConditionalRequestConflict (another conditional write to the same key in flight) is retried
 *       for {@code putIfAbsent} and is the empty result for {@code putIfMatch}: the object is
 *       changing under the caller either way.
 *   <li>Bodies above {@link Settings#multipartThreshold()} go up as a multipart upload with CRC32
 *       part checksums; the condition is then carried by CompleteMultipartUpload.
 *   <li>S3 errors become named Slipway errors: {@code Slipway.Artifact.AccessDenied}, {@code
 *       Throttled}, {@code Unavailable}, {@code BucketNotFound}, {@code Conflict}.
 * </ul>
 */
public final class S3ArtifactStore implements ArtifactStore {
  private final S3Client s3;
  private final String bucket;
  private final Settings settings;
  private final Pause pause;

  /** Tunables; {@link #defaults()} suits Lambda. */
  public record Settings(
      long multipartThreshold,
      int partSize,
      int listPageSize,
      int conflictAttempts,
      Duration conflictBackoff) {
    /** S3's smallest part (except the last) is 5 MiB. */
    public static final int MIN_PART_SIZE = 5 * 1024 * 1024;

    public Settings {
      if (partSize < MIN_PART_SIZE) {
        throw new IllegalArgumentException("partSize below S3's 5 MiB minimum: " + partSize);
      }
      if (multipartThreshold < partSize) {
        throw new IllegalArgumentException("multipartThreshold must be at least partSize");
      }
      if (listPageSize < 1 || listPageSize > 1000 || conflictAttempts < 1) {
        throw new IllegalArgumentException("listPageSize in 1..1000, conflictAttempts >= 1");
      }
    }

    public static Settings defaults() {
      return new Settings(16L * 1024 * 1024, 8 * 1024 * 1024, 1000, 4, Duration.ofMillis(100));
    }
  }

  /** How the store waits between 409 retries (tests pass one that does not sleep). */
  @FunctionalInterface
  public interface Pause {
    void pause(Duration duration) throws InterruptedException;
  }

  public S3ArtifactStore(S3Client s3, String bucket) {
    this(s3, bucket, Settings.defaults(), d -> Thread.sleep(d.toMillis()));
  }

  public S3ArtifactStore(S3Client s3, String bucket, Settings settings, Pause pause) {
    this.s3 = s3;
    this.bucket = bucket;
    this.settings = settings;
    this.pause = pause;
  }

  /** The store for the artifact bucket in {@code config}, with a client of its own. */
  public static S3ArtifactStore fromConfig(StoreConfig config) {
    return new S3ArtifactStore(S3Clients.create(config), config.bucket());
  }

  public String bucket() {
    return bucket;
  }

  @Override
  public Optional<StoredObject> find(String key) {
    try {
      var bytes = s3.getObjectAsBytes(GetObjectRequest.builder().bucket(bucket).key(key).build());
      var response = bytes.response();
      return Optional.of(
          new StoredObject(key, bytes.asByteArray(), response.eTag(), response.contentType()));
    } catch (S3Exception e) {
      if (e.statusCode() == 404 && !"NoSuchBucket".equals(code(e))) {
        return Optional.empty();
      }
      throw translate(e, key, "GetObject");
    } catch (SdkException e) {
      throw translate(e, key, "GetObject");
    }
  }

  @Override
  public Optional<ObjectStream> openStream(String key) {
    try {
      var stream = s3.getObject(GetObjectRequest.builder().bucket(bucket).key(key).build());
      var response = stream.response();
      return Optional.of(
          new ObjectStream(stream, response.contentLength(), response.contentType()));
    } catch (S3Exception e) {
      if (e.statusCode() == 404 && !"NoSuchBucket".equals(code(e))) {
        return Optional.empty();
      }
      throw translate(e, key, "GetObject");
    } catch (SdkException e) {
      throw translate(e, key, "GetObject");
    }
  }

  /**
   * Streams in parts of {@link Settings#partSize()}: memory stays at one part, whatever the size.
   */
  @Override
  public String putStream(String key, InputStream body, long length, String contentType) {
    if (length <= settings.multipartThreshold()) {
      return ArtifactStore.super.putStream(key, body, length, contentType);
    }
    int partSize = settings.partSize();
    long[] remaining = {length};
    Parts parts =
        () -> {
          if (remaining[0] == 0) {
            return null;
          }
          byte[] part = body.readNBytes((int) Math.min(partSize, remaining[0]));
          if (part.length == 0) {
            throw new IOException("the stream ended " + remaining[0] + " bytes early");
          }
          remaining[0] -= part.length;
          return part;
        };
    try {
      return multipart(key, parts, contentType, null, null);
    } catch (SdkException e) {
      throw translate(e, key, "UploadPart");
    }
  }

  @Override
  public String put(String key, byte[] body, String contentType) {
    return write(key, body, contentType, null, null)
        .orElseThrow(() -> new IllegalStateException("an unconditional write was refused"));
  }

  @Override
  public Optional<String> putIfAbsent(String key, byte[] body, String contentType) {
    for (int attempt = 1; ; attempt++) {
      try {
        return write(key, body, contentType, "*", null);
      } catch (ConflictException e) {
        if (attempt >= settings.conflictAttempts()) {
          throw ArtifactErrors.conflict(bucket, key, e.getCause());
        }
        backOff(attempt);
      }
    }
  }

  @Override
  public Optional<String> putIfMatch(String key, byte[] body, String contentType, String etag) {
    try {
      return write(key, body, contentType, null, etag);
    } catch (ConflictException e) {
      return Optional.empty();
    }
  }

  @Override
  public List<String> list(String prefix) {
    var request =
        ListObjectsV2Request.builder()
            .bucket(bucket)
            .prefix(prefix)
            .maxKeys(settings.listPageSize())
            .build();
    try {
      var keys = new ArrayList<String>();
      for (var page : s3.listObjectsV2Paginator(request)) {
        page.contents().stream().map(S3Object::key).forEach(keys::add);
      }
      return List.copyOf(keys);
    } catch (SdkException e) {
      throw translate(e, prefix, "ListObjectsV2");
    }
  }

  @Override
  public void delete(String key) {
    call(key, "DeleteObject", () -> s3.deleteObject(r -> r.bucket(bucket).key(key)));
  }

  /** A write, conditional when ifNoneMatch or ifMatch is set; empty on 412. */
  private Optional<String> write(
      String key, byte[] body, String contentType, String ifNoneMatch, String ifMatch) {
    try {
      return Optional.of(
          body.length > settings.multipartThreshold()
              ? multipart(key, chunks(body), contentType, ifNoneMatch, ifMatch)
              : single(key, body, contentType, ifNoneMatch, ifMatch));
    } catch (S3Exception e) {
      if (e.statusCode() == 412) {
        return ownWrite(key, body);
      }
      if (e.statusCode() == 409 && "ConditionalRequestConflict".equals(code(e))) {
        throw new ConflictException(e);
      }
      if (ifMatch != null && e.statusCode() == 404 && "NoSuchKey".equals(code(e))) {
        return Optional.empty(); // If-Match on a key that vanished
      }
      throw translate(e, key, "PutObject");
    } catch (SdkClientException e) {
      if ((ifNoneMatch != null || ifMatch != null) && bodyNotSent(e)) {
        Optional<String> settled = settle(key, body, ifNoneMatch, ifMatch);
        if (settled != null) {
          return settled;
        }
      }
      throw translate(e, key, "PutObject");
    } catch (SdkException e) {
      throw translate(e, key, "PutObject");
    }
  }

  /**
   * Whether the client could not send the whole body: a server may answer a failed condition (412)
   * before it reads the body and close the connection under the client's write (S3Proxy does), and
   * then every retry ends the same way without the 412 ever being read. A body not sent whole was
   * not stored (its Content-Length frames it).
   */
  private static boolean bodyNotSent(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof IOException
          && t.getMessage() != null
          && t.getMessage().startsWith("Error writing request body")) {
        return true;
      }
    }
    return false;
  }

  /**
   * A conditional write whose body was not sent, settled by reading the object back: its ETag when
   * it holds exactly {@code body} (an earlier attempt's), empty when the condition is false now
   * (the 412 the server gave), or null when the condition still holds (nothing explains the
   * failure: it stays an error).
   */
  private Optional<String> settle(String key, byte[] body, String ifNoneMatch, String ifMatch) {
    Optional<StoredObject> now = find(key);
    if (now.isPresent() && Arrays.equals(now.get().body(), body)) {
      return Optional.of(now.get().etag());
    }
    boolean conditionFalse =
        ifNoneMatch != null
            ? now.isPresent()
            : now.isEmpty() || !unquoted(ifMatch).equals(unquoted(now.get().etag()));
    return conditionFalse ? Optional.empty() : null;
  }

  private static String unquoted(String etag) {
    String s = etag == null ? "" : etag.strip();
    return s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"")
        ? s.substring(1, s.length() - 1)
        : s;
  }

  /**
   * After a 412: the ETag when the stored object holds exactly {@code body}, else empty. A
   * conditional PUT whose first attempt succeeded but whose response was lost is retried by the SDK
   * and then fails its own precondition; the write did happen, and reporting it as lost would leave
   * a lock that nobody holds.
   */
  private Optional<String> ownWrite(String key, byte[] body) {
    return find(key).filter(stored -> Arrays.equals(stored.body(), body)).map(StoredObject::etag);
  }

  private String single(
      String key, byte[] body, String contentType, String ifNoneMatch, String ifMatch) {
    var request =
        PutObjectRequest.builder()
            .bucket(bucket)
            .key(key)
            .contentType(contentType)
            .ifNoneMatch(ifNoneMatch)
            .ifMatch(ifMatch)
            .build();
    return s3.putObject(request, RequestBody.fromBytes(body)).eTag();
  }

  /** The next part of an upload, or null after the last one. */
  @FunctionalInterface
  private interface Parts {
    byte[] next() throws IOException;
  }

  private Parts chunks(byte[] body) {
    int partSize = settings.partSize();
    int[] offset = {0};
    return () -> {
      if (offset[0] >= body.length) {
        return null;
      }
      int end = Math.min(body.length, offset[0] + partSize);
      byte[] part = Arrays.copyOfRange(body, offset[0], end);
      offset[0] = end;
      return part;
    };
  }

  private String multipart(
      String key, Parts partSource, String contentType, String ifNoneMatch, String ifMatch) {
    String uploadId =
        s3.createMultipartUpload(
                r ->
                    r.bucket(bucket)
                        .key(key)
                        .contentType(contentType)
                        .checksumAlgorithm(ChecksumAlgorithm.CRC32))
            .uploadId();
    try {
      var parts = new ArrayList<CompletedPart>();
      int number = 0;
      for (byte[] part = partSource.next(); part != null; part = partSource.next()) {
        number++;
        var request =
            UploadPartRequest.builder()
                .bucket(bucket)
                .key(key)
                .uploadId(uploadId)
                .partNumber(number)
                .checksumAlgorithm(ChecksumAlgorithm.CRC32)
                .build();
        var response = s3.uploadPart(request, RequestBody.fromBytes(part));
        parts.add(
            CompletedPart.builder()
                .partNumber(number)
                .eTag(response.eTag())
                .checksumCRC32(response.checksumCRC32())
                .build());
      }
      var complete =
          CompleteMultipartUploadRequest.builder()
              .bucket(bucket)
              .key(key)
              .uploadId(uploadId)
              .multipartUpload(u -> u.parts(parts))
              .ifNoneMatch(ifNoneMatch)
              .ifMatch(ifMatch)
              .build();
      return s3.completeMultipartUpload(complete).eTag();
    } catch (SdkException e) {
      abortQuietly(key, uploadId, e);
      throw e;
    } catch (IOException e) {
      abortQuietly(key, uploadId, e);
      throw new UncheckedIOException("could not read the body of " + key, e);
    }
  }

  private void abortQuietly(String key, String uploadId, Exception failure) {
    try {
      s3.abortMultipartUpload(r -> r.bucket(bucket).key(key).uploadId(uploadId));
    } catch (SdkException abortFailure) {
      // a bucket lifecycle rule (AbortIncompleteMultipartUpload) cleans up what is left
      failure.addSuppressed(abortFailure);
    }
  }

  private void backOff(int attempt) {
    try {
      pause.pause(settings.conflictBackoff().multipliedBy(1L << (attempt - 1)));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while backing off", e);
    }
  }

  private <T> T call(String key, String operation, Supplier<T> request) {
    try {
      return request.get();
    } catch (SdkException e) {
      throw translate(e, key, operation);
    }
  }

  private RuntimeException translate(SdkException e, String key, String operation) {
    if (e instanceof S3Exception s3e) {
      int status = s3e.statusCode();
      String code = code(s3e);
      if (status == 403) {
        return ArtifactErrors.accessDenied(bucket, key, operation, describe(s3e), e);
      }
      if ("NoSuchBucket".equals(code)) {
        return ArtifactErrors.bucketNotFound(bucket, e);
      }
      if (s3e.isThrottlingException() || status == 429 || "SlowDown".equals(code)) {
        return ArtifactErrors.throttled(bucket, key, operation, e);
      }
      if (status >= 500) {
        return ArtifactErrors.unavailable(bucket, key, operation, describe(s3e), e);
      }
      return ArtifactErrors.refused(bucket, key, operation, describe(s3e), e);
    }
    if (e instanceof SdkClientException) {
      return ArtifactErrors.unavailable(bucket, key, operation, e.getMessage(), e);
    }
    return e;
  }

  private static String code(S3Exception e) {
    return e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
  }

  private static String describe(S3Exception e) {
    String message = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorMessage();
    return e.statusCode() + " " + code(e) + (message == null ? "" : ": " + message);
  }

  /** A 409 ConditionalRequestConflict, handled by the conditional writes. */
  private static final class ConflictException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ConflictException(S3Exception cause) {
      super(cause);
    }
  }
}
