package dev.slipway.store;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;

/**
 * Reads and writes Slipway's bucket. Keys follow {@link Keys}. Implementations: the S3 adapter (AWS
 * SDK v2) and {@link InMemoryArtifactStore} for tests and embedded runs.
 *
 * <p>Errors are named: a missing object is {@code Slipway.Artifact.NotFound} naming the key; access
 * denied and throttling have names of their own.
 */
public interface ArtifactStore {

  /** The object, or empty when there is none under {@code key}. */
  Optional<StoredObject> find(String key);

  /** The object; a missing key is {@code Slipway.Artifact.NotFound} naming the key. */
  default StoredObject get(String key) {
    return find(key).orElseThrow(() -> ArtifactErrors.notFound(key));
  }

  /** Writes unconditionally and returns the new ETag. */
  String put(String key, byte[] body, String contentType);

  /**
   * Writes only if nothing is stored under {@code key} ({@code If-None-Match: *}).
   *
   * @return the new ETag, or empty when another writer got there first
   */
  Optional<String> putIfAbsent(String key, byte[] body, String contentType);

  /**
   * Writes only if the stored object still has {@code etag} ({@code If-Match}).
   *
   * @return the new ETag, or empty when the object changed (or vanished) since it was read
   */
  Optional<String> putIfMatch(String key, byte[] body, String contentType, String etag);

  /** Keys under {@code prefix}, in lexicographic order. */
  List<String> list(String prefix);

  /** Deletes the object; deleting a missing key is not an error. */
  void delete(String key);

  /**
   * The object as a stream, for objects too large to hold in memory; the caller closes it. Empty
   * when there is none under {@code key}.
   */
  default Optional<ObjectStream> openStream(String key) {
    return find(key)
        .map(
            o ->
                new ObjectStream(
                    new ByteArrayInputStream(o.body()), o.body().length, o.contentType()));
  }

  /**
   * Writes {@code length} bytes read from {@code body} unconditionally and returns the new ETag.
   * The stream is read to the end but not closed.
   */
  default String putStream(String key, InputStream body, long length, String contentType) {
    try {
      byte[] bytes = body.readNBytes(Math.toIntExact(length));
      if (bytes.length != length) {
        throw new IllegalArgumentException(
            "the stream for " + key + " ended after " + bytes.length + " of " + length + " bytes");
      }
      return put(key, bytes, contentType);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** An object being read: its bytes, how many there are, and its content type. */
  record ObjectStream(InputStream body, long length, String contentType) implements AutoCloseable {
    @Override
    public void close() {
      try {
        body.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
