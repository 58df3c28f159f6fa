package dev.slipway.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.model.TerminalStepException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KeysTest {

  @ParameterizedTest
  @ValueSource(strings = {"../x", "a/b", "..", ".", "", " ", "a\u0000b", "a\u2028b", "caf\u00e9"})
  void keys_shouldRefuseSegmentsThatAreNoNames_withANamedErrorThatDoesNotQuoteThem(String bad) {
    assertThatThrownBy(() -> Keys.manifest("app", bad, "c"))
        .isInstanceOfSatisfying(
            TerminalStepException.class,
            e -> {
              assertThat(e.errorName()).isEqualTo("Slipway.Input.Invalid");
              if (bad.length() > 2) {
                assertThat(e.getMessage()).doesNotContain(bad);
              }
            });
    assertThatThrownBy(() -> Keys.templates(bad)).isInstanceOf(TerminalStepException.class);
  }

  @Test
  void keys_shouldRefuseA129CharacterSegment_butTake128() {
    assertThat(Keys.lock("a".repeat(128))).isEqualTo("locks/" + "a".repeat(128) + ".json");
    assertThatThrownBy(() -> Keys.lock("a".repeat(129)))
        .isInstanceOf(TerminalStepException.class)
        .hasMessageContaining("129 characters");
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
