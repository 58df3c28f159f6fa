package dev.slipway.awshttp;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps each secret for {@code ttl} per container, so a warm function reads Secrets Manager about
 * once per TTL and a rotated secret is picked up within it. A failed refresh keeps the last value.
 */
public final class CachingSecretSource implements SecretSource {
  /** How long a secret is kept. */
  public static final Duration DEFAULT_TTL = Duration.ofMinutes(5);

  private final SecretSource source;
  private final Clock clock;
  private final Duration ttl;
  private final Map<String, Entry> entries = new ConcurrentHashMap<>();

  public CachingSecretSource(SecretSource source, Clock clock, Duration ttl) {
    this.source = source;
    this.clock = clock;
    this.ttl = ttl;
  }

  @Override
  public String secretString(String secretId) {
    Instant now = clock.instant();
    Entry e = entries.get(secretId);
    if (e != null && now.isBefore(e.readAt.plus(ttl))) {
      return e.value;
    }
    String value;
    try {
      value = source.secretString(secretId);
    } catch (RuntimeException failure) {
      if (e != null) {
        return e.value;
      }
      throw failure;
    }
    entries.put(secretId, new Entry(value, now));
    return value;
  }

  private record Entry(String value, Instant readAt) {
    @Override
    public String toString() {
      return "Entry[value=***, readAt=" + readAt + "]";
    }
  }
}
