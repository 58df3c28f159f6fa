package dev.slipway.manifests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.model.SlipwayException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Parameters are values inside scalars: typing, quoting, keys, blocks, flow, escapes, errors. */
class ParametersTest {
  private static JsonNode render(Map<String, String> values, String template) {
    List<Yaml.Document> documents = new Parameters(values, Map.of()).render("t.yaml", template);
    assertThat(documents).hasSize(1);
    return documents.get(0).object();
  }

  private static JsonNode value(String value, String template) {
    return render(Map.of("v", value), template);
  }

  @Test
  void aPlainReference_takesTheTypeOfAnIntegerDecimalOrBoolean_andIsAStringOtherwise() {
    String template = "a: ${v}\n";
    assertThat(value("3", template).get("a").isInt()).isTrue();
    assertThat(value("-12", template).get("a").asInt()).isEqualTo(-12);
    assertThat(value("9000000000", template).get("a").asLong()).isEqualTo(9_000_000_000L);
    assertThat(value("1.50", template).get("a").isNumber()).isTrue();
    assertThat(value("true", template).get("a").isBoolean()).isTrue();
    for (String text :
        List.of(
            "007",
            "1e3",
            "0x1F",
            "yes",
            "no",
            "null",
            "~",
            "True",
            "+1",
            "-0",
            ".5",
            "99999999999999999999999")) {
      assertThat(value(text, template).get("a").textValue()).as(text).isEqualTo(text);
    }
  }

  @Test
  void aQuotedReference_orOneWithTextAround_isAlwaysAString() {
    JsonNode object = value("3", "a: \"${v}\"\nb: '${v}'\nc: x${v}\nd: ${v} ${v}\ne: !!str ${v}\n");
    assertThat(object.get("a").textValue()).isEqualTo("3");
    assertThat(object.get("b").textValue()).isEqualTo("3");
    assertThat(object.get("c").textValue()).isEqualTo("x3");
    assertThat(object.get("d").textValue()).isEqualTo("3 3");
    assertThat(object.get("e").textValue()).isEqualTo("3");
  }

  @Test
  void aValue_isSubstitutedInKeysBlockScalarsAndFlowCollections_asData() {
    String hostile = "a: b\n---\nkind: ClusterRoleBinding\n{x: *y} # &z !!map";
    JsonNode object =
        value(
            hostile,
            "${v}: key\nblock: |\n  line ${v}\n  end\nflow: {k: ${v}, l: [${v}, \"${v}\"]}\n");
    assertThat(object.get(hostile).textValue()).isEqualTo("key");
    assertThat(object.get("block").textValue()).isEqualTo("line " + hostile + "\nend\n");
    assertThat(object.at("/flow/k").textValue()).isEqualTo(hostile);
    assertThat(object.at("/flow/l/0").textValue()).isEqualTo(hostile);
    assertThat(object.at("/flow/l/1").textValue()).isEqualTo(hostile);
  }

  @Test
  void aValue_isNeverSubstitutedAgain_notEvenWhenItHoldsTheMarkers() {
    JsonNode object =
        render(
            Map.of("a", "${b}$${b}\uE000\uE001b\uE002\uE003\uE003\uE003", "b", "B"), "x: ${a}\n");
    assertThat(object.get("x").textValue())
        .isEqualTo("${b}$${b}\uE000\uE001b\uE002\uE003\uE003\uE003");
  }

  @Test
  void anEscapedReference_writesALiteral_inEveryKindOfScalar() {
    JsonNode object = value("V", "a: $${v}\nb: \"$${v} ${v}\"\nc: [$${v}]\nd: $$${v}\n");
    assertThat(object.get("a").textValue()).isEqualTo("${v}");
    assertThat(object.get("b").textValue()).isEqualTo("${v} V");
    assertThat(object.at("/c/0").textValue()).isEqualTo("${v}");
    assertThat(object.get("d").textValue()).isEqualTo("$${v}");
  }

  @Test
  void aYamlError_pointsAtTheTemplatesOwnLineAndColumn_andShowsTheReferenceAsWritten() {
    assertThatThrownBy(() -> value("x", "a: b\n  c: ${v}: d\n"))
        .isInstanceOf(SlipwayException.class)
        .hasMessageContaining("t.yaml:2:4: not valid YAML")
        .hasMessageContaining("${v}")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\uE000", "\uE002"));
  }

  @Test
  void keysThatBecomeEqual_areRefusedWithTheirLine() {
    assertThatThrownBy(() -> render(Map.of("a", "k", "b", "k"), "x: 1\n${a}: 1\n${b}: 2\n"))
        .isInstanceOf(SlipwayException.class)
        .hasMessageContaining(ManifestErrors.INVALID_YAML)
        .hasMessageContaining("t.yaml:3:1:")
        .hasMessageContaining("equals an earlier key");
  }

  @Test
  void anAlias_isRefused_insteadOfBecomingTheAnchorsName() {
    assertThatThrownBy(() -> value("x", "a: &anchor ${v}\nb: *anchor\n"))
        .isInstanceOf(SlipwayException.class)
        .hasMessageContaining(ManifestErrors.INVALID_YAML)
        .hasMessageContaining("t.yaml:2:4:")
        .hasMessageContaining("alias");
  }

  @Test
  void aTemplateHoldingTheReservedMarkers_isRefused() {
    assertThatThrownBy(() -> value("x", "a: ${v}\nb: \uE002\n"))
        .isInstanceOf(SlipwayException.class)
        .hasMessageContaining(ManifestErrors.INVALID_TEMPLATE)
        .hasMessageContaining("t.yaml:2: column 4 holds U+E002");
  }
}
