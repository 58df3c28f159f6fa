package dev.slipway.judge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.model.TerminalStepException;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MetricSetPairTest {

  @Test
  void parseList_shouldReadKayentasFormat_withNaNStringsAndNulls() {
    List<MetricSetPair> pairs =
        MetricSetPair.parseList(
            """
            [{"name": "cpu", "id": "m-1", "tags": {"pod": "a"},
              "values": {"control": [1.5, "NaN", null, 2], "experiment": ["Infinity", 3]},
              "scopes": {"control": {"start": "2026-01-01T00:00:00Z"}},
              "attributes": {"query": "up", "control": {"query": "up{track=\\"baseline\\"}"}}}]
            """);
    MetricSetPair p = pairs.get(0);
    assertThat(p.name()).isEqualTo("cpu");
    assertThat(p.id()).isEqualTo("m-1");
    assertThat(p.tags()).containsEntry("pod", "a");
    assertThat(p.values().control()).containsExactly(1.5, Double.NaN, Double.NaN, 2.0);
    assertThat(p.values().experiment()).containsExactly(Double.POSITIVE_INFINITY, 3.0);
    assertThat(p.scopes().get("control").get("start").asText()).isEqualTo("2026-01-01T00:00:00Z");
    assertThat(p.attributes()).containsEntry("query", "up");
    assertThat(p.attributes())
        .containsEntry("control", "{\"query\":\"up{track=\\\"baseline\\\"}\"}");
  }

  @ParameterizedTest(name = "{1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "[{\"name\": \"a\", \"values\": {\"control\": [1, \"x\"], \"experiment\": []}}]"
            + "| [0].values.control[1] | expected a number, \"NaN\" or null but found the string \"x\"",
        "[{\"name\": \"a\", \"values\": {\"control\": []}}]| [0].values.experiment | is required",
        "[{\"name\": \"a\"}]| [0].values | is required",
        "[{\"values\": {\"control\": [], \"experiment\": []}}]| [0].name | is required",
        "{\"name\": \"a\"}| | expected an array of metric set pairs",
        "[{\"name\": \"a\", \"values\": {\"control\": {}, \"experiment\": []}}]| [0].values.control | expected an array"
      })
  void parseList_shouldNameTheField_whenInvalid(String json, String path, String problem) {
    assertThatThrownBy(() -> MetricSetPair.parseList(json))
        .isInstanceOf(TerminalStepException.class)
        .hasMessageStartingWith("Slipway.Canary.InvalidConfig: metric set pairs")
        .hasMessageContaining(path == null ? "" : path.trim())
        .hasMessageContaining(problem.trim());
  }

  @Test
  void judge_shouldNameThePair_whenItHasNoMetricConfig() {
    CanaryConfig config = CanaryConfig.parse("{\"metrics\": [{\"name\": \"cpu\"}]}");
    var pairs =
        List.of(
            MetricSetPair.of("cpu", "1", new double[] {1}, new double[] {1}),
            MetricSetPair.of("latency", "2", new double[] {1}, new double[] {1}));
    assertThatThrownBy(
            () ->
                new NetflixAcaJudge(new SplittableRandom(1))
                    .judge(config, ScoreThresholds.DEFAULT, pairs))
        .isInstanceOf(TerminalStepException.class)
        .hasMessage(
            "Slipway.Canary.InvalidConfig: metric set pairs at [1].name: no metric called"
                + " \"latency\" in the canary config (it has: [\"cpu\"]); add a metric with that"
                + " name or drop the pair");
  }

  @Test
  void values_shouldBeDefensiveCopies() {
    double[] control = {1, 2};
    MetricSetPair p = MetricSetPair.of("a", "1", control, new double[] {3});
    control[0] = 99;
    p.values().control()[1] = 99;
    assertThat(p.values().control()).containsExactly(1, 2);
    assertThat(p.values())
        .isEqualTo(new MetricSetPair.Values(new double[] {1, 2}, new double[] {3}));
  }

  @Test
  void scoreThresholds_shouldRejectMarginalAbovePass() {
    assertThatThrownBy(() -> new ScoreThresholds(75, 95))
        .isInstanceOf(TerminalStepException.class)
        .hasMessageContaining("marginal (95.0) must not be above pass (75.0)");
  }
}
