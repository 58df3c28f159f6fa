package dev.slipway.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class NamesTest {

  @ParameterizedTest
  @ValueSource(strings = {"checkout", "core-1", "2.4.7", "checkout-prod-142-9f2c4e1", "a_b+c@d"})
  void check_shouldTakeNames(String name) {
    assertThat(Names.check("app", name)).isEqualTo(name);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          traversal      | ../../x                 | holds a slash ('/') (U+002F) at character 3
          slash          | a/b                     | holds a slash ('/') (U+002F) at character 2
          dot-dot        | ..                      | walks the key's path
          dot            | .                       | walks the key's path
          space          | a b                     | holds a space (U+0020) at character 2
          non-ASCII      | caf\u00e9               | holds a non-ASCII character (U+00E9) at character 4
          line separator | a\u2028b                | holds a line break (U+2028) at character 2
          NUL            | a\u0000b                | holds a control character (U+0000) at character 2
          RTL override   | a\u202eb                | holds a bidirectional control (U+202E) at character 2
          """)
  void check_shouldRefuse_namingTheFieldAndWhy_withoutQuotingTheValue(
      String label, String value, String why) {
    String unescaped = value.translateEscapes();
    assertThatThrownBy(() -> Names.check("clusters[0].name", unescaped))
        .isInstanceOfSatisfying(
            TerminalStepException.class,
            e -> {
              assertThat(e.errorName()).isEqualTo("Slipway.Input.Invalid");
              assertThat(e.causeText()).contains("the clusters[0].name ").contains(why);
              if (unescaped.length() > 2) {
                assertThat(e.getMessage()).doesNotContain(unescaped);
              }
            });
  }

  @Test
  void check_shouldRefuseMissingEmptyAndOverlongNames_withoutEchoingThem() {
    assertThatThrownBy(() -> Names.check("app", null)).hasMessageContaining("the app is missing");
    assertThatThrownBy(() -> Names.check("app", "")).hasMessageContaining("the app is empty");
    String longName = "x".repeat(10_000);
    assertThatThrownBy(() -> Names.check("app", longName))
        .hasMessageContaining("10000 characters long")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("x".repeat(200)));
  }

  record Cluster(@Name String name, String namespace) {}

  record Request(
      @Name String app,
      @Name @JsonProperty("build_num") String buildNum,
      @Name(required = false) String gate,
      @Name List<String> waves,
      List<Cluster> clusters,
      String free) {}

  @Test
  void checkRecord_shouldCheckEveryNameComponent_andNestedRecords_byTheirJsonPath() {
    var ok = new Request("checkout", "142", null, List.of("core"), List.of(), "../any text");
    Names.checkRecord(ok);

    assertThatThrownBy(
            () ->
                Names.checkRecord(
                    new Request(
                        "checkout",
                        "142",
                        null,
                        List.of("core"),
                        List.of(new Cluster("core-1", "x"), new Cluster("../x", "y")),
                        "")))
        .hasMessageContaining("the clusters[1].name holds a slash");
    assertThatThrownBy(
            () -> Names.checkRecord(new Request("checkout", null, null, List.of(), List.of(), "")))
        .hasMessageContaining("the build_num is missing");
    assertThatThrownBy(
            () ->
                Names.checkRecord(
                    new Request("checkout", "1", null, List.of("a", ".."), List.of(), "")))
        .hasMessageContaining("the waves[1] is '..'");
    assertThatThrownBy(
            () -> Names.checkRecord(new Request("checkout", "1", "a/b", List.of(), List.of(), "")))
        .hasMessageContaining("the gate holds a slash");
  }
}
