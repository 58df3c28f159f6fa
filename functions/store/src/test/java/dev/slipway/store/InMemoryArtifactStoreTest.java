package dev.slipway.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.model.SlipwayException;
import org.junit.jupiter.api.Test;

class InMemoryArtifactStoreTest {
  private final InMemoryArtifactStore store = new InMemoryArtifactStore();

  @Test
  void putIfAbsent_shouldLetOnlyTheFirstWriterWin() {
    assertThat(store.putIfAbsent("locks/a.json", "1".getBytes(UTF_8), "text/plain")).isPresent();
    assertThat(store.putIfAbsent("locks/a.json", "2".getBytes(UTF_8), "text/plain")).isEmpty();
    assertThat(store.get("locks/a.json").text()).isEqualTo("1");
  }

  @Test
  void putIfMatch_shouldFail_whenTheObjectChangedSinceItWasRead() {
    String etag = store.put("k", "1".getBytes(UTF_8), "text/plain");
    store.put("k", "2".getBytes(UTF_8), "text/plain");
    assertThat(store.putIfMatch("k", "3".getBytes(UTF_8), "text/plain", etag)).isEmpty();
    String current = store.get("k").etag();
    assertThat(store.putIfMatch("k", "3".getBytes(UTF_8), "text/plain", current)).isPresent();
    assertThat(store.get("k").text()).isEqualTo("3");
  }

  @Test
  void get_shouldNameTheKey_whenMissing() {
    assertThatThrownBy(() -> store.get("artifacts/a/1/manifests/c.yaml"))
        .isInstanceOf(SlipwayException.class)
        .hasMessageStartingWith("Slipway.Artifact.NotFound")
        .hasMessageContaining("artifacts/a/1/manifests/c.yaml");
  }

  @Test
  void list_shouldReturnOnlyKeysUnderThePrefix() {
    store.put("artifacts/a/1/x", new byte[0], "x");
    store.put("artifacts/a/2/x", new byte[0], "x");
    store.put("artifacts/ab/1/x", new byte[0], "x");
    assertThat(store.list("artifacts/a/")).containsExactly("artifacts/a/1/x", "artifacts/a/2/x");
  }

  @Test
  void keys_shouldRejectSegmentsThatEscapeTheirPrefix() {
    assertThatThrownBy(() -> Keys.manifest("app", "../x", "c"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(Keys.manifest("app", "42", "core-1"))
        .isEqualTo("artifacts/app/42/manifests/core-1.yaml");
  }
}
