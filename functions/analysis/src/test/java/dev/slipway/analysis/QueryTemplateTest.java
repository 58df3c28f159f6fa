package dev.slipway.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.judge.CanaryConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class QueryTemplateTest {
  static final Map<String, String> VALUES =
      Map.of(
          "app", "search",
          "cluster", "prod-1",
          "scope", "search",
          "location", "prod-1",
          "commonPromFilters", "app=\"search\", cluster=\"prod-1\"");

  @Test
  void render_shouldFillTheSeedsExampleAsWritten() {
    String seed =
        "histogram_quantile(0.95, sum by (app, status, le) (rate(latency_seconds_bucket{type=\"search\","
            + " status=\"OK\", %(commonPromFilters)s}[10m])))";
    assertThat(QueryTemplate.render(seed, VALUES, "metric 'p95'"))
        .isEqualTo(
            "histogram_quantile(0.95, sum by (app, status, le) (rate(latency_seconds_bucket{type=\"search\","
                + " status=\"OK\", app=\"search\", cluster=\"prod-1\"}[10m])))");
  }

  @ParameterizedTest(name = "{0} → {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "up{app=\"${scope}\"}|up{app=\"search\"}",
        "up{app=\"$\\{scope}\"}|up{app=\"search\"}",
        "up{zone=~\"${location}.{1}\"}|up{zone=~\"prod-1.{1}\"}",
        "label_replace(up, \"x\", \"$${1}\", \"a\", \"(.*)\")|label_replace(up, \"x\", \"${1}\", \"a\", \"(.*)\")",
        "sum(x) % 60|sum(x) % 60",
        "%(app)s_requests % 2|search_requests % 2",
        "${ app }|search"
      })
  void render_shouldFillBothSyntaxes_andLeaveEverythingElseAlone(String template, String expected) {
    assertThat(QueryTemplate.render(template, VALUES, "m")).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {"up{a=\"${nope}\"}|${nope}", "up{%(nope)s}|%(nope)s"})
  void render_shouldBeInvalidConfigNamingThePlaceholder_whenItHasNoValue(
      String template, String placeholder) {
    assertThatThrownBy(() -> QueryTemplate.render(template, VALUES, "metric 'errors'"))
        .hasMessageStartingWith("Slipway.Canary.InvalidConfig: metric 'errors'")
        .hasMessageContaining("'" + placeholder + "'")
        .hasMessageContaining("[app, cluster, commonPromFilters, location, scope]")
        .hasMessageContaining("--var nope=VALUE");
  }

  @Test
  void placeholderValues_shouldRenderFiltersAgainstBuiltinsAndLetVarsWin() {
    CanarySpec spec =
        new CanarySpec(
            CanaryConfig.parse("{\"metrics\": []}"),
            Map.of(),
            Map.of("common", "app=\"%(app)s\", cluster=\"${cluster}\""));
    Map<String, String> v =
        spec.placeholderValues(Map.of("app", "search", "cluster", "a"), Map.of("cluster", "b"));
    assertThat(v)
        .containsEntry("common", "app=\"search\", cluster=\"b\"")
        .containsEntry("cluster", "b");
    Map<String, String> overridden =
        spec.placeholderValues(Map.of("app", "x", "cluster", "y"), Map.of("common", "job=\"j\""));
    assertThat(overridden).containsEntry("common", "job=\"j\"");
  }

  @Test
  void spec_shouldReadFiltersAndTemplatesFromYamlToo() {
    CanarySpec spec =
        CanarySpec.parse(
            """
            filters:
              common: app="${app}"
            templates:
              byScope: app="${scope}"
            metrics:
              - name: up
                query: {type: prometheus, customInlineTemplate: "PromQL:up{%(common)s}"}
            """);
    assertThat(spec.filters()).containsEntry("common", "app=\"${app}\"");
    assertThat(spec.templates()).containsEntry("byScope", "app=\"${scope}\"");
  }

  @Test
  void spec_shouldRejectAFilterThatIsNotText() {
    assertThatThrownBy(
            () -> CanarySpec.parse("{\"metrics\": [], \"filters\": {\"common\": {\"a\": 1}}}"))
        .hasMessageStartingWith("Slipway.Canary.InvalidConfig: 'filters.common' must be a string");
  }
}
