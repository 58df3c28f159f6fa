package dev.slipway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.model.RetryableStepException;
import dev.slipway.model.SlipwayException;
import dev.slipway.store.ArtifactStore;
import dev.slipway.store.InMemoryArtifactStore;
import dev.slipway.store.Keys;
import dev.slipway.store.StoredObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ConfigLoaderTest {
  final MutableClock clock = new MutableClock(Instant.parse("2026-11-27T01:00:00Z"));

  /** Counts reads and can fail them like a throttled S3. */
  static final class CountingStore implements ArtifactStore {
    final InMemoryArtifactStore objects = new InMemoryArtifactStore();
    final AtomicInteger reads = new AtomicInteger();
    boolean failing;

    @Override
    public Optional<StoredObject> find(String key) {
      reads.incrementAndGet();
      if (failing) {
        throw new RetryableStepException("Slipway.Artifact.Throttled", "slow down");
      }
      return objects.find(key);
    }

    @Override
    public String put(String key, byte[] body, String contentType) {
      return objects.put(key, body, contentType);
    }

    @Override
    public Optional<String> putIfAbsent(String key, byte[] body, String contentType) {
      return objects.putIfAbsent(key, body, contentType);
    }

    @Override
    public Optional<String> putIfMatch(String key, byte[] body, String contentType, String etag) {
      return objects.putIfMatch(key, body, contentType, etag);
    }

    @Override
    public List<String> list(String prefix) {
      return objects.list(prefix);
    }

    @Override
    public void delete(String key) {
      objects.delete(key);
    }
  }

  @Test
  void current_shouldReadTheStoreOncePerTtl_andPickUpAChangeAfterIt() throws IOException {
    var store = new CountingStore();
    store.put(Keys.CONFIG, bytes(ConfigParserTest.example()), "application/yaml");
    var loader = new ConfigLoader(store, clock, Duration.ofSeconds(30), Keys.CONFIG);

    SlipwayConfig first = loader.current();
    clock.advance(Duration.ofSeconds(29));
    assertThat(loader.current()).isSameAs(first);
    assertThat(store.reads).hasValue(1);

    store.put(
        Keys.CONFIG,
        bytes(ConfigParserTest.example().replace("component: checkout-api", "component: co")),
        "application/yaml");
    clock.advance(Duration.ofSeconds(2));
    assertThat(loader.current().application("checkout").orElseThrow().componentName())
        .isEqualTo("co");
    assertThat(store.reads).hasValue(2);
  }

  @Test
  void current_shouldNotParseAgain_whenTheFileIsUnchanged() throws IOException {
    var store = new CountingStore();
    store.put(Keys.CONFIG, bytes(ConfigParserTest.example()), "application/yaml");
    var loader = new ConfigLoader(store, clock);

    SlipwayConfig first = loader.current();
    clock.advance(Duration.ofMinutes(5));
    assertThat(loader.current()).isSameAs(first);
    assertThat(store.reads).hasValue(2);
  }

  @Test
  void current_shouldKeepTheLastGoodConfig_whenTheStoreIsThrottled() throws IOException {
    var store = new CountingStore();
    store.put(Keys.CONFIG, bytes(ConfigParserTest.example()), "application/yaml");
    var loader = new ConfigLoader(store, clock);
    SlipwayConfig first = loader.current();

    store.failing = true;
    clock.advance(Duration.ofMinutes(1));
    assertThat(loader.current()).isSameAs(first);
  }

  @Test
  void current_shouldReportAnInvalidNewFile_ratherThanKeepTheOldOne() throws IOException {
    var store = new CountingStore();
    store.put(Keys.CONFIG, bytes(ConfigParserTest.example()), "application/yaml");
    var loader = new ConfigLoader(store, clock);
    loader.current();

    store.put(Keys.CONFIG, bytes("version: 1\nclusterz: []\nclusters: []\n"), "application/yaml");
    clock.advance(Duration.ofMinutes(1));
    assertThatThrownBy(loader::current)
        .isInstanceOfSatisfying(
            SlipwayException.class,
            e -> {
              assertThat(e.errorName()).isEqualTo("Slipway.Config.Invalid");
              assertThat(e.causeText()).contains("config/slipway.yaml:2:1 clusterz: unknown field");
            });
  }

  @Test
  void current_shouldSayWhereToPutTheFile_whenThereIsNone() {
    var loader = new ConfigLoader(new InMemoryArtifactStore(), clock);
    assertThatThrownBy(loader::current)
        .isInstanceOfSatisfying(
            SlipwayException.class,
            e -> {
              assertThat(e.errorName()).isEqualTo("Slipway.Config.Missing");
              assertThat(e.causeText()).contains("config/slipway.yaml").contains("Upload one");
            });
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static final class MutableClock extends Clock {
    private Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
