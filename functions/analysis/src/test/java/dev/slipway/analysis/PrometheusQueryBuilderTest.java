package dev.slipway.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.model.Json;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Kayenta's PrometheusMetricsService.buildQuery, table by table. */
class PrometheusQueryBuilderTest {
  static final Map<String, String> VALUES =
      Map.of("app", "search", "scope", "search-v042", "location", "us-east-1", "project", "p1");
  static final Map<String, String> TEMPLATES = Map.of("byScope", "app=\"${scope}\"");

  static JsonNode q(String json) throws Exception {
    return Json.mapper().readTree(json);
  }

  static String build(String json) throws Exception {
    return PrometheusQueryBuilder.build("m", q(json), TEMPLATES, VALUES);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        // complete PromQL, as written, placeholders filled
        "{\"type\":\"prometheus\",\"serviceType\":\"prometheus\",\"customInlineTemplate\":\"PromQL:sum(rate(x{app=\\\"${app}\\\"}[5m]))\"}"
            + "|sum(rate(x{app=\"search\"}[5m]))",
        // metricName + labelBindings + custom filter: filter tokens first, avg(...) by (...)
        "{\"metricName\":\"cpu\",\"labelBindings\":[\"job=\\\"api\\\"\"],\"customInlineTemplate\":\"app=\\\"${scope}\\\",env=\\\"prod\\\"\",\"groupByFields\":[\"pod\",\"zone\"]}"
            + "|avg(cpu{app=\"search-v042\",env=\"prod\",job=\"api\"}) by (pod,zone)",
        // a named template from the config's templates
        "{\"metricName\":\"cpu\",\"customFilterTemplate\":\"byScope\"}|avg(cpu{app=\"search-v042\"})",
        // aws_ec2_instance: asg and zone matchers after the label bindings
        "{\"metricName\":\"cpu\",\"labelBindings\":[\"a=\\\"b\\\"\"],\"resourceType\":\"aws_ec2_instance\"}"
            + "|avg(cpu{a=\"b\",asg_groupName=\"search-v042\",zone=~\"us-east-1.{1}\"})",
        // gce_instance: scope regex and zone path with the project
        "{\"metricName\":\"cpu\",\"resourceType\":\"gce_instance\"}"
            + "|avg(cpu{instance=~\"search-v042-.{4}\",zone=~\".+/projects/p1/zones/us-east-1-.{1}\"})",
        // Slipway: scopeLabel/locationLabel
        "{\"metricName\":\"cpu\",\"scopeLabel\":\"app\",\"locationLabel\":\"region\"}"
            + "|avg(cpu{app=\"search-v042\",region=\"us-east-1\"})",
        // a named template expanding to complete PromQL
        "{\"customFilterTemplate\":\"byScope\",\"metricName\":\"x\"}|avg(x{app=\"search-v042\"})"
      })
  void build_shouldMakeKayentasQuery(String query, String expected) throws Exception {
    assertThat(build(query)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"type\":\"datadog\",\"metricName\":\"x\"}|query.type is 'datadog'",
        "{\"serviceType\":\"stackdriver\",\"metricName\":\"x\"}|query.serviceType is 'stackdriver'",
        "{\"customFilter\":\"a=b\",\"metricName\":\"x\"}|customFilter is deprecated",
        "{\"customInlineTemplate\":\"PromQL: \"}|the query after 'PromQL:' is empty",
        "{\"labelBindings\":[\"a=b\"]}|neither a 'PromQL:' customInlineTemplate nor a metricName",
        "{\"metricName\":\"x\",\"customFilterTemplate\":\"nope\"}|'nope' is not among the config's templates",
        "{\"metricName\":\"x\",\"resourceType\":\"k8s_pod\"}|no built-in support for resourceType 'k8s_pod'",
        "{\"metricName\":\"x\"}|needs a way to select the release's series"
      })
  void build_shouldBeInvalidConfig_whenTheQueryCannotBeBuilt(String query, String message) {
    assertThatThrownBy(() -> build(query))
        .hasMessageStartingWith("Slipway.Canary.InvalidConfig: metric 'm'")
        .hasMessageContaining(message);
  }

  @Test
  void build_shouldBeInvalidConfig_whenThereIsNoQuery() {
    assertThatThrownBy(() -> PrometheusQueryBuilder.build("m", null, TEMPLATES, VALUES))
        .hasMessageContaining("has no 'query' object");
  }

  @Test
  void build_shouldNeedALocation_forAwsInstances() throws Exception {
    assertThatThrownBy(
            () ->
                PrometheusQueryBuilder.build(
                    "m",
                    q("{\"metricName\":\"x\",\"resourceType\":\"aws_ec2_instance\"}"),
                    TEMPLATES,
                    Map.of("scope", "s")))
        .hasMessageContaining("needs a location");
  }
}
