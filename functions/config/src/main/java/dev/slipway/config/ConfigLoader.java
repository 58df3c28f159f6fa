package dev.slipway.config;

import dev.slipway.model.SlipwayException;
import dev.slipway.store.ArtifactStore;
import dev.slipway.store.Keys;
import dev.slipway.store.StoredObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Reads {@code config/slipway.yaml} from the artifact store and keeps it for a short time, so a
 * warm Lambda container reads S3 at most once per {@code ttl} and a changed file is picked up
 * within {@code ttl}. An unchanged file (same ETag) is not parsed again.
 *
 * <p>When the store cannot be read after the TTL (a throttled or unreachable S3), the last good
 * configuration stays in use; an invalid new file is reported, never silently skipped.
 */
public final class ConfigLoader {
  /** How long a container keeps a configuration before it looks again. */
  public static final Duration DEFAULT_TTL = Duration.ofSeconds(30);

  private final ArtifactStore store;
  private final Clock clock;
  private final Duration ttl;
  private final String key;
  private Cached cached;

  public ConfigLoader(ArtifactStore store, Clock clock) {
    this(store, clock, DEFAULT_TTL, Keys.CONFIG);
  }

  public ConfigLoader(ArtifactStore store, Clock clock, Duration ttl, String key) {
    this.store = Objects.requireNonNull(store, "store");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.ttl = Objects.requireNonNull(ttl, "ttl");
    this.key = Objects.requireNonNull(key, "key");
  }

  /**
   * The configuration, from the cache when it is younger than the TTL.
   *
   * @throws SlipwayException {@code Slipway.Config.Missing} or {@code Slipway.Config.Invalid}
   */
  public synchronized SlipwayConfig current() {
    Instant now = clock.instant();
    if (cached != null && now.isBefore(cached.readAt.plus(ttl))) {
      return cached.config;
    }
    StoredObject object;
    try {
      object = store.find(key).orElseThrow(() -> ConfigErrors.missing(key));
    } catch (SlipwayException e) {
      if (cached != null && e.retryable()) {
        return cached.config;
      }
      throw e;
    }
    if (cached != null && Objects.equals(cached.etag, object.etag()) && object.etag() != null) {
      cached = new Cached(cached.config, cached.etag, now);
      return cached.config;
    }
    SlipwayConfig config = ConfigParser.parse(key, object.text());
    cached = new Cached(config, object.etag(), now);
    return config;
  }

  private record Cached(SlipwayConfig config, String etag, Instant readAt) {}
}
