package dev.slipway.store;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentSkipListMap;

/** An {@link ArtifactStore} in memory, with the same conditional-write rules as S3. */
public final class InMemoryArtifactStore implements ArtifactStore {
  private final ConcurrentSkipListMap<String, StoredObject> objects = new ConcurrentSkipListMap<>();

  @Override
  public Optional<StoredObject> find(String key) {
    return Optional.ofNullable(objects.get(key));
  }

  @Override
  public String put(String key, byte[] body, String contentType) {
    var stored = object(key, body, contentType);
    objects.put(key, stored);
    return stored.etag();
  }

  @Override
  public Optional<String> putIfAbsent(String key, byte[] body, String contentType) {
    var stored = object(key, body, contentType);
    return objects.putIfAbsent(key, stored) == null ? Optional.of(stored.etag()) : Optional.empty();
  }

  @Override
  public synchronized Optional<String> putIfMatch(
      String key, byte[] body, String contentType, String etag) {
    var current = objects.get(key);
    if (current == null || !current.etag().equals(etag)) {
      return Optional.empty();
    }
    var stored = object(key, body, contentType);
    return objects.replace(key, current, stored) ? Optional.of(stored.etag()) : Optional.empty();
  }

  @Override
  public List<String> list(String prefix) {
    return objects.subMap(prefix, true, prefix + Character.MAX_VALUE, false).keySet().stream()
        .toList();
  }

  @Override
  public void delete(String key) {
    objects.remove(key);
  }

  private static StoredObject object(String key, byte[] body, String contentType) {
    return new StoredObject(key, body.clone(), "\"" + UUID.randomUUID() + "\"", contentType);
  }
}
