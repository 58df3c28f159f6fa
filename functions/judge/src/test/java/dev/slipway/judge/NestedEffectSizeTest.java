package dev.slipway.judge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.model.Json;
import dev.slipway.model.TerminalStepException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The notes' nested {@code effectSize} ({@code {"measure": {"meanRatio": {"allowedIncrease":
 * 1.05}}}}) means exactly what Kayenta's flat form ({@code {"measure": "meanRatio",
 * "allowedIncrease": 1.05}}) does.
 */
class NestedEffectSizeTest {
  /** The notes' canary settings as written, in a complete config (events/canary/seed/). */
  static final Path SEED_CONFIG = Path.of("../../events/canary/seed/canary-config.json");

  static final List<String> THRESHOLDS =
      List.of("allowedIncrease", "allowedDecrease", "criticalIncrease", "criticalDecrease");

  /** The same config with every flat {@code effectSize} rewritten into the nested form. */
  static String nested(String flatJson) throws IOException {
    JsonNode root = Json.mapper().readTree(flatJson);
    for (JsonNode m : root.path("metrics")) {
      JsonNode es = m.path("analysisConfigurations").path("canary").path("effectSize");
      if (es instanceof ObjectNode e) {
        String measure = e.has("measure") ? e.get("measure").asText() : "meanRatio";
        ObjectNode inner = Json.mapper().createObjectNode();
        for (String t : THRESHOLDS) {
          if (e.has(t)) {
            inner.set(t, e.remove(t));
          }
        }
        e.putObject("measure").set(measure, inner);
      }
    }
    return root.toString();
  }

  static String judgeJson(CanaryConfig config, List<MetricSetPair> pairs, long seed) {
    return JudgeJson.write(
        new NetflixAcaJudge(new SplittableRandom(seed))
            .judge(config, SeedExampleTest.THRESHOLDS, pairs));
  }

  @Test
  @DisplayName("random canaries judged with the flat and the nested form: byte-identical results")
  void judge_shouldBeBitIdentical_whenEffectSizeIsNested() throws IOException {
    SplittableRandom r = new SplittableRandom(16);
    int nestedMetrics = 0;
    for (int run = 0; run < 200; run++) {
      RandomCanaries.Canary c = RandomCanaries.generate(r, 6, 40, false);
      String nestedJson = nested(c.json());
      nestedMetrics += nestedJson.split("\"measure\":\\{").length - 1;
      CanaryConfig fromNested = CanaryConfig.parse(nestedJson);
      assertThat(fromNested).isEqualTo(c.config());
      assertThat(judgeJson(fromNested, c.pairs(), run))
          .isEqualTo(judgeJson(c.config(), c.pairs(), run));
    }
    assertThat(nestedMetrics).isEqualTo(200 * 6);
  }

  @Test
  @DisplayName(
      "the notes' canary settings as written load from events/canary/seed/ and judge as the flat form")
  void parse_shouldLoadTheNotesCanaryConfigAsWritten() throws IOException {
    String asWritten = Files.readString(SEED_CONFIG, StandardCharsets.UTF_8);
    assertThat(asWritten)
        .contains(
            "\"effectSize\": {\n\"measure\": {\n\"meanRatio\": {\n\"allowedIncrease\": 1.05\n}");
    CanaryConfig seed = CanaryConfig.parse(asWritten);
    var latency = seed.metric("client 95P Latency").orElseThrow().canary();
    assertThat(latency.direction()).isEqualTo(CanaryConfig.Direction.INCREASE);
    assertThat(latency.effectSize())
        .isEqualTo(
            new CanaryConfig.EffectSize(CanaryConfig.EffectMeasure.MEAN_RATIO, 1.05, 1, 1, 1));

    CanaryConfig flat = CanaryConfig.parse(SeedExampleTest.resource("canary-config.json"));
    for (String pairs : List.of("latency-up-3-percent.json", "latency-up-20-percent.json")) {
      List<MetricSetPair> data = MetricSetPair.parseList(SeedExampleTest.resource(pairs));
      assertThat(judgeJson(seed, data, 1)).isEqualTo(judgeJson(flat, data, 1));
    }
  }

  @Test
  void parse_shouldAcceptTheSameValueInBothForms() {
    CanaryConfig both =
        CanaryConfig.parse(
            metric(
                "{\"measure\": {\"cles\": {\"allowedIncrease\": 0.7}}, \"allowedIncrease\": 0.7,"
                    + " \"allowedDecrease\": 0.2}"));
    assertThat(both.metrics().get(0).canary().effectSize())
        .isEqualTo(
            new CanaryConfig.EffectSize(CanaryConfig.EffectMeasure.CLES, 0.7, 0.2, 0.5, 0.5));
  }

  @ParameterizedTest(name = "{0} → {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"measure\": {\"meanRatio\": {\"allowedIncrease\": 1.05}}, \"allowedIncrease\": 1.1}"
            + "| effectSize.measure.meanRatio.allowedIncrease | contradicts"
            + " metrics[0].analysisConfigurations.canary.effectSize.allowedIncrease (1.05 vs 1.1);"
            + " give each threshold once",
        "{\"measure\": {\"meanratio\": {\"allowedIncrease\": 1.05}}}"
            + "| effectSize.measure | unknown measure \"meanratio\"; use {\"meanRatio\": {...}}"
            + " or {\"cles\": {...}}",
        "{\"measure\": {\"meanRatio\": {}, \"cles\": {}}}"
            + "| effectSize.measure | names exactly one measure, found 2",
        "{\"measure\": {}}| effectSize.measure | names exactly one measure, found 0",
        "{\"measure\": {\"meanRatio\": {\"allowedIncrese\": 1.05}}}"
            + "| effectSize.measure.meanRatio | \"allowedIncrese\" is not an effect-size threshold; use"
            + " allowedIncrease, allowedDecrease, criticalIncrease, criticalDecrease",
        "{\"measure\": {\"meanRatio\": 1.05}}"
            + "| effectSize.measure.meanRatio | expected an object but found the number 1.05",
        "{\"measure\": {\"meanRatio\": {\"allowedIncrease\": \"1.05\"}}}"
            + "| effectSize.measure.meanRatio.allowedIncrease | expected a number",
        "{\"measure\": {\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\": {}}}"
            + "| effectSize.measure | unknown measure \"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx...\";"
      })
  void parse_shouldNameTheProblem_whenNestedFormIsAmbiguous(
      String effectSize, String path, String problem) {
    assertThatThrownBy(() -> CanaryConfig.parse(metric(effectSize)))
        .isInstanceOf(TerminalStepException.class)
        .satisfies(
            e -> {
              var t = (TerminalStepException) e;
              assertThat(t.errorName()).isEqualTo(JudgeErrors.INVALID_CONFIG);
              assertThat(t.causeText())
                  .contains("at metrics[0].analysisConfigurations.canary." + path.trim() + ":")
                  .contains(problem.trim());
            });
  }

  @Test
  void parse_shouldNotEchoALongMeasureName() {
    String hostile = "m".repeat(5000);
    List<String> messages = new ArrayList<>();
    for (String es :
        List.of(
            "{\"measure\": {\"" + hostile + "\": {}}}",
            "{\"measure\": {\"cles\": {\"" + hostile + "\": 1}}}")) {
      try {
        CanaryConfig.parse(metric(es));
      } catch (TerminalStepException e) {
        messages.add(e.causeText());
      }
    }
    assertThat(messages).hasSize(2);
    // the path names the field; the message quotes at most a 32-character prefix
    for (String m : messages) {
      assertThat(m).contains("\"" + "m".repeat(32) + "...\"").doesNotContain("m".repeat(33));
    }
  }

  static String metric(String effectSize) {
    return "{\"metrics\": [{\"name\": \"a\", \"analysisConfigurations\": {\"canary\": {\"effectSize\": "
        + effectSize
        + "}}}]}";
  }
}
