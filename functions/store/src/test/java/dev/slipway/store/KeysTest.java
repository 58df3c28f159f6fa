package dev.slipway.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class KeysTest {

  @Test
  void keys_shouldRejectSegmentsThatEscapeTheirPrefix() {
    assertThatThrownBy(() -> Keys.manifest("app", "../x", "c"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Keys.templates("a/b")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void keys_shouldFollowTheDocumentedLayout() {
    assertThat(Keys.manifest("app", "42", "core-1"))
        .isEqualTo("artifacts/app/42/manifests/core-1.yaml");
    assertThat(Keys.diff("app", "42", "core-1")).isEqualTo("artifacts/app/42/diff/core-1.diff");
    assertThat(Keys.templates("app")).isEqualTo("templates/app/");
    assertThat(Keys.snapshot("app", "core-1", "exec-9")).isEqualTo("snapshots/app/core-1/exec-9");
    assertThat(Keys.release("app", "prod")).isEqualTo("releases/app/prod.json");
    assertThat(Keys.annotation("app", "42", "exec-9"))
        .isEqualTo("artifacts/app/42/executions/exec-9/annotation.json");
    assertThat(Keys.reconciled("app", "42", "exec-9"))
        .isEqualTo("artifacts/app/42/executions/exec-9/reconciled.json");
  }
}
