package dev.slipway.local.embedded;

import java.io.InputStream;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.ForwardingBlobStore;
import org.gaul.s3proxy.blobstore.S3Exceptions;
import org.gaul.s3proxy.blobstore.domain.MultipartUpload;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.CopyObjectResponse;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

/**
 * S3Proxy's blob store with conditional writes decided atomically, as Amazon S3 decides them.
 *
 * <p>S3Proxy 4.1.0 answers {@code If-Match} on a PUT against its in-memory store by reading the
 * object's metadata and then writing: two writers holding the same ETag can both pass the check and
 * both get 200 (and {@code If-None-Match} naming an ETag the same). Here every write to one key
 * (PUT, copy onto it, DELETE, completing a multipart upload onto it) runs under that key's lock,
 * and a PUT's or completion's {@code If-Match} / {@code If-None-Match} is checked again under the
 * lock against the current object, so exactly one of N racing conditional writers wins and the
 * others get S3's answers: 412 PreconditionFailed, or 404 NoSuchKey for an {@code If-Match} on a
 * missing key.
 *
 * <p>S3Proxy itself drops {@code If-Match} from a multipart completion before the store sees it
 * (after its own unlocked check), so a conditional <em>multipart</em> overwrite stays S3Proxy's
 * check-then-write; Slipway's conditional updates are single PUTs.
 */
final class SerializedWrites extends ForwardingBlobStore {
  private static final int STRIPES = 64;

  private final ReentrantLock[] locks = new ReentrantLock[STRIPES];

  SerializedWrites(BlobStore delegate) {
    super(delegate);
    for (int i = 0; i < STRIPES; i++) {
      locks[i] = new ReentrantLock();
    }
  }

  @Override
  public PutObjectResponse putBlob(PutObjectRequest request, InputStream payload) {
    return underLock(
        request.bucket(),
        request.key(),
        () -> {
          check(request.bucket(), request.key(), request.ifMatch(), request.ifNoneMatch());
          return delegate().putBlob(request, payload);
        });
  }

  @Override
  public CompleteMultipartUploadResponse completeMultipartUpload(
      MultipartUpload mpu, CompleteMultipartUploadRequest request) {
    return underLock(
        mpu.containerName(),
        mpu.blobName(),
        () -> {
          check(mpu.containerName(), mpu.blobName(), request.ifMatch(), request.ifNoneMatch());
          return delegate().completeMultipartUpload(mpu, request);
        });
  }

  @Override
  public CopyObjectResponse copyBlob(CopyObjectRequest request) {
    return underLock(
        request.destinationBucket(), request.destinationKey(), () -> delegate().copyBlob(request));
  }

  @Override
  public DeleteObjectResponse removeBlob(DeleteObjectRequest request) {
    return underLock(request.bucket(), request.key(), () -> delegate().removeBlob(request));
  }

  private <T> T underLock(String bucket, String key, Supplier<T> write) {
    ReentrantLock lock = locks[Math.floorMod((bucket + "/" + key).hashCode(), STRIPES)];
    lock.lock();
    try {
      return write.get();
    } finally {
      lock.unlock();
    }
  }

  /** S3's rules for a conditional write, against the object as it is now (under the key's lock). */
  private void check(String bucket, String key, String ifMatch, String ifNoneMatch) {
    if (ifMatch == null && ifNoneMatch == null) {
      return;
    }
    HeadObjectResponse current = delegate().blobMetadataIfPresent(bucket, key);
    if (ifMatch != null) {
      if (current == null) {
        throw S3Exceptions.noSuchKey(bucket, key, "If-Match names a key that does not exist");
      }
      if (!ifMatch.equals("*") && !sameEtag(ifMatch, current.eTag())) {
        throw S3Exceptions.preconditionFailed(null);
      }
    }
    if (ifNoneMatch != null
        && current != null
        && (ifNoneMatch.equals("*") || sameEtag(ifNoneMatch, current.eTag()))) {
      throw S3Exceptions.preconditionFailed(null);
    }
  }

  static boolean sameEtag(String a, String b) {
    return b != null && unquoted(a).equals(unquoted(b));
  }

  private static String unquoted(String etag) {
    String s = etag.strip();
    if (s.startsWith("W/")) {
      s = s.substring(2);
    }
    return s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"")
        ? s.substring(1, s.length() - 1)
        : s;
  }
}
