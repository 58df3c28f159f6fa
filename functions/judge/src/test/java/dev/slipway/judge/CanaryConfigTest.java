package dev.slipway.judge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.judge.CanaryConfig.Direction;
import dev.slipway.judge.CanaryConfig.EffectMeasure;
import dev.slipway.judge.CanaryConfig.NanStrategy;
import dev.slipway.judge.CanaryConfig.OutlierStrategy;
import dev.slipway.model.TerminalStepException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CanaryConfigTest {
  static final String FULL =
      """
      {
        "name": "checkout-canary",
        "judge": {"name": "NetflixACAJudge-v1.0", "judgeConfigurations": {}},
        "metrics": [
          {"name": "latency p99",
           "query": {"type": "prometheus", "metricName": "http_latency", "customInlineTemplate": "PromQL:x"},
           "groups": ["Latency", "System"],
           "analysisConfigurations": {"canary": {
              "direction": "increase", "nanStrategy": "replace", "critical": true,
              "mustHaveData": true, "muted": false,
              "effectSize": {"measure": "cles", "allowedIncrease": 0.8, "criticalIncrease": 0.9},
              "outliers": {"strategy": "remove", "outlierFactor": 2}}},
           "scopeName": "default"},
          {"name": "errors", "groups": ["Errors"]}
        ],
        "classifier": {"groupWeights": {"Latency": 70, "Errors": 30.5}},
        "templates": {}
      }
      """;

  @Test
  void parse_shouldReadEveryFieldTheJudgeUses() {
    CanaryConfig c = CanaryConfig.parse(FULL);
    assertThat(c.name()).isEqualTo("checkout-canary");
    assertThat(c.judge().tolerance()).isEqualTo(0.25);
    assertThat(c.judge().confLevel()).isEqualTo(0.98);
    var m = c.metrics().get(0);
    assertThat(m.name()).isEqualTo("latency p99");
    assertThat(m.groups()).containsExactly("Latency", "System");
    assertThat(m.scopeName()).isEqualTo("default");
    assertThat(m.query().get("metricName").asText()).isEqualTo("http_latency");
    var s = m.canary();
    assertThat(s.direction()).isEqualTo(Direction.INCREASE);
    assertThat(s.nanStrategy()).isEqualTo(NanStrategy.REPLACE);
    assertThat(s.critical()).isTrue();
    assertThat(s.mustHaveData()).isTrue();
    assertThat(s.muted()).isFalse();
    assertThat(s.effectSize().measure()).isEqualTo(EffectMeasure.CLES);
    assertThat(s.effectSize().allowedIncrease()).isEqualTo(0.8);
    assertThat(s.effectSize().allowedDecrease()).isEqualTo(0.5);
    assertThat(s.effectSize().criticalIncrease()).isEqualTo(0.9);
    assertThat(s.effectSize().criticalDecrease()).isEqualTo(0.5);
    assertThat(s.outliers().strategy()).isEqualTo(OutlierStrategy.REMOVE);
    assertThat(s.outliers().outlierFactor()).isEqualTo(2.0);
    assertThat(c.metrics().get(1).canary()).isEqualTo(CanaryConfig.CanarySettings.DEFAULTS);
    assertThat(c.metrics().get(1).query()).isNull();
    assertThat(c.classifier().groupWeights())
        .containsExactly(java.util.Map.entry("Latency", 70.0), java.util.Map.entry("Errors", 30.5));
  }

  @Test
  @DisplayName("the YAML form of a config parses to the same config")
  void parse_shouldAcceptYaml() {
    String yaml =
        """
        name: checkout-canary
        judge:
          name: NetflixACAJudge-v1.0
          judgeConfigurations: {}
        metrics:
          - name: latency p99
            query: {type: prometheus, metricName: http_latency, customInlineTemplate: "PromQL:x"}
            groups: [Latency, System]
            analysisConfigurations:
              canary:
                direction: increase
                nanStrategy: replace
                critical: true
                mustHaveData: true
                muted: false
                effectSize: {measure: cles, allowedIncrease: 0.8, criticalIncrease: 0.9}
                outliers: {strategy: remove, outlierFactor: 2}
            scopeName: default
          - name: errors
            groups: [Errors]
        classifier:
          groupWeights: {Latency: 70, Errors: 30.5}
        templates: {}
        """;
    assertThat(CanaryConfig.parse(yaml)).isEqualTo(CanaryConfig.parse(FULL));
  }

  @Test
  void parse_shouldUseMeanRatioDefaults_whenEffectSizeAbsent() {
    CanaryConfig c = CanaryConfig.parse("{\"metrics\": [{\"name\": \"m\"}]}");
    var e = c.metrics().get(0).canary().effectSize();
    assertThat(e.measure()).isEqualTo(EffectMeasure.MEAN_RATIO);
    assertThat(e.allowedIncrease()).isEqualTo(1.0);
    assertThat(e.criticalDecrease()).isEqualTo(1.0);
    assertThat(c.metrics().get(0).groups()).isEmpty();
    assertThat(c.classifier().groupWeights()).isEmpty();
  }

  @ParameterizedTest(name = "{0} → error at {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"metrics\": [{\"name\": \"a\"}, {\"name\": \"b\"}, {\"name\": \"c\", \"analysisConfigurations\": {\"canary\": {\"direction\": \"up\"}}}]}"
            + "| metrics[2].analysisConfigurations.canary.direction | unknown value \"up\"",
        "{\"metrics\": [{\"name\": \"a\", \"analysisConfigurations\": {\"canary\": {\"critical\": \"true\"}}}]}"
            + "| metrics[0].analysisConfigurations.canary.critical | expected true or false but found the string \"true\"",
        "{\"metrics\": [{\"name\": \"a\", \"analysisConfigurations\": {\"canary\": {\"effectSize\": {\"allowedIncrease\": \"1.1\"}}}}]}"
            + "| metrics[0].analysisConfigurations.canary.effectSize.allowedIncrease | expected a number",
        "{\"metrics\": [{\"name\": \"a\", \"analysisConfigurations\": {\"canary\": {\"effectSize\": {\"measure\": \"CLES\"}}}}]}"
            + "| metrics[0].analysisConfigurations.canary.effectSize.measure | use one of \"meanRatio\", \"cles\"",
        "{\"metrics\": [{\"name\": \"a\", \"analysisConfigurations\": {\"canary\": {\"nanStrategy\": \"none\"}}}]}"
            + "| metrics[0].analysisConfigurations.canary.nanStrategy | unknown value \"none\"",
        "{\"metrics\": [{\"name\": \"a\", \"analysisConfigurations\": {\"canary\": {\"outliers\": {\"strategy\": \"remove\", \"outlierFactor\": 0}}}}]}"
            + "| metrics[0].analysisConfigurations.canary.outliers.outlierFactor | must be greater than 0",
        "{\"metrics\": [{\"name\": \"a\", \"analysisConfigurations\": {\"canary\": {\"outliers\": {\"strategy\": \"drop\"}}}}]}"
            + "| metrics[0].analysisConfigurations.canary.outliers.strategy | use one of \"keep\", \"remove\"",
        "{\"metrics\": [{\"groups\": [\"g\"]}]}| metrics[0].name | is required",
        "{\"metrics\": [{\"name\": \"a\", \"groups\": \"g\"}]}| metrics[0].groups | expected an array",
        "{\"metrics\": {}}| metrics | expected an array",
        "{\"classifier\": {\"groupWeights\": {\"g\": \"60\"}}, \"metrics\": []}| classifier.groupWeights.g | expected a number",
        "{\"metrics\": []}|| expected ... no such",
        "{\"judge\": {\"name\": \"dredd-v1.0\"}, \"metrics\": []}| judge.name | Slipway implements \"NetflixACAJudge-v1.0\" only",
        "{\"judge\": {\"judgeConfigurations\": {\"confLevel\": 1.5}}, \"metrics\": []}| judge.judgeConfigurations.confLevel | between 0 and 1",
        "{\"judge\": {\"judgeConfigurations\": {\"tolerance\": -1}}, \"metrics\": []}| judge.judgeConfigurations.tolerance | zero or more",
        "{}| metrics | is required",
        "[1, 2]| | expected an object",
        "{\"metrics\": [}| | not valid JSON (line 1"
      })
  void parse_shouldNameTheField_whenConfigIsInvalid(String json, String path, String problem) {
    if (problem.equals("expected ... no such")) {
      // an empty metric list is valid: nothing to judge
      assertThat(CanaryConfig.parse(json).metrics()).isEmpty();
      return;
    }
    assertThatThrownBy(() -> CanaryConfig.parse(json))
        .isInstanceOf(TerminalStepException.class)
        .satisfies(
            e -> {
              var t = (TerminalStepException) e;
              assertThat(t.errorName()).isEqualTo("Slipway.Canary.InvalidConfig");
              if (path != null && !path.isBlank()) {
                assertThat(t.causeText()).contains("at " + path.trim() + ":");
              }
              assertThat(t.causeText()).contains(problem.trim());
            });
  }

  @Test
  void parse_shouldReportYamlSyntaxErrorsWithLine() {
    assertThatThrownBy(() -> CanaryConfig.parse("metrics:\n  - name: a\n   bad: [\n"))
        .isInstanceOf(TerminalStepException.class)
        .hasMessageContaining("Slipway.Canary.InvalidConfig")
        .hasMessageContaining("not valid YAML (line");
  }

  @Test
  void parse_shouldAcceptYamlFlowStyle_thatIsNotJson() {
    CanaryConfig c = CanaryConfig.parse("{metrics: [{name: cpu, groups: [system]}]}");
    assertThat(c.metrics().get(0).groups()).containsExactly("system");
  }

  @Test
  void parse_shouldAcceptJudgeOverrides() {
    CanaryConfig c =
        CanaryConfig.parse(
            "{\"judge\": {\"judgeConfigurations\": {\"tolerance\": 0.1, \"confLevel\": 0.95}},"
                + " \"metrics\": []}");
    assertThat(c.judge().tolerance()).isEqualTo(0.1);
    assertThat(c.judge().confLevel()).isEqualTo(0.95);
  }
}
