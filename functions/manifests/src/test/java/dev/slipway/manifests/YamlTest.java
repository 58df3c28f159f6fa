package dev.slipway.manifests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.model.TerminalStepException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class YamlTest {
  /** Nine levels of nine aliases each: 9^9 (387 million) strings once expanded. */
  static String aliasBomb() throws IOException {
    return Files.readString(Path.of("../../events/hostile/alias-bomb.yaml"));
  }

  @Test
  void documents_shouldRefuseAnAliasBomb_atItsFirstAlias_withInvalidYaml() {
    assertThatThrownBy(() -> Yaml.documents("templates/app/bomb.yaml", aliasBomb()))
        .isInstanceOfSatisfying(
            TerminalStepException.class,
            e -> assertThat(e.errorName()).isEqualTo("Slipway.Manifest.InvalidYaml"))
        .hasMessageContaining("templates/app/bomb.yaml:9:")
        .hasMessageContaining(
            "an alias (*name) refers to an anchor; Slipway does not expand aliases");
  }

  @Test
  void documents_shouldRefuseAnAliasUsedAsAValue_whichJacksonWouldReadAsItsName() {
    String yaml =
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: &n web\n  labels:\n    app: *n\n";
    assertThatThrownBy(() -> Yaml.documents("t.yaml", yaml))
        .hasMessageContaining("Slipway.Manifest.InvalidYaml")
        .hasMessageContaining("t.yaml:6:");
  }

  @Test
  void documents_shouldReadAnchorsWithoutAliases_andPlainTemplates() {
    var docs =
        Yaml.documents(
            "t.yaml",
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: &n web\n---\n"
                + "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n");
    assertThat(docs).hasSize(2);
    assertThat(docs.get(0).object().path("metadata").path("name").asText()).isEqualTo("web");
  }
}
