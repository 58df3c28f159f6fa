package dev.slipway.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.judge.CanaryJudgeResult;
import dev.slipway.judge.JudgeJson;
import dev.slipway.judge.Verdict;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

class JudgeCommandTest {
  static final Path EVENTS = Path.of("../../events/canary");

  record Run(int exit, String out, String err) {}

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit =
        new CommandLine(new SlipwayCli())
            .setExecutionExceptionHandler(new Errors())
            .setOut(new PrintWriter(out))
            .setErr(new PrintWriter(err))
            .execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  /** {@code slipway judge} on events/canary/EXAMPLE with its config and pairs, plus options. */
  static Run judgeExample(String example, String configFile, String... options) {
    Path dir = EVENTS.resolve(example);
    String[] base = {
      "judge",
      "--config",
      dir.resolve(configFile).toString(),
      "--pairs",
      dir.resolve("metric-set-pairs.json").toString()
    };
    String[] args = java.util.Arrays.copyOf(base, base.length + options.length);
    System.arraycopy(options, 0, args, base.length, options.length);
    return run(args);
  }

  @ParameterizedTest(name = "events/canary/{0} → {1}, score {2}")
  @CsvSource({
    "pass, canary-config.json, Pass, 100.0",
    "pass, canary-config.yaml, Pass, 100.0",
    "marginal, canary-config.json, Marginal, 80.0",
    "fail, canary-config.json, Fail, 0.0"
  })
  void judge_shouldPrintResultAndExitZero_forEveryVerdict(
      String example, String configFile, String verdict, double score) {
    Run r = judgeExample(example, configFile, "--seed", "1");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.err()).isEmpty();
    CanaryJudgeResult result = JudgeJson.read(r.out());
    assertThat(result.judgeName()).isEqualTo("NetflixACAJudge-v1.0");
    assertThat(result.results()).hasSize(3);
    assertThat(result.score().classification()).isEqualTo(Verdict.fromJson(verdict));
    assertThat(result.score().score()).isEqualTo(score);
  }

  @Test
  void judge_shouldExplainTheFailure_inTheFailExample() {
    Run r = judgeExample("fail", "canary-config.json");
    CanaryJudgeResult result = JudgeJson.read(r.out());
    assertThat(result.score().classificationReason())
        .isEqualTo("Canary Failed: The metric error ratio was classified as High (Critical)");
  }

  @Test
  void judge_shouldApplyThresholdOptions() {
    Run r = judgeExample("marginal", "canary-config.json", "--pass", "80", "--marginal", "50");
    assertThat(JudgeJson.read(r.out()).score().classification()).isEqualTo(Verdict.PASS);
  }

  @Test
  void judge_shouldPrintOneLineAndExitNonZero_whenConfigInvalid(@TempDir Path tmp)
      throws IOException {
    Path config = tmp.resolve("bad.json");
    Files.writeString(
        config,
        "{\"metrics\": [{\"name\": \"latency p95\","
            + " \"analysisConfigurations\": {\"canary\": {\"direction\": \"upwards\"}}}]}");
    Run r = judgeWithPassPairs(config);
    assertThat(r.exit()).isEqualTo(Errors.USER_ERROR);
    assertThat(r.out()).isEmpty();
    assertThat(r.err().strip())
        .isEqualTo(
            "slipway: Slipway.Canary.InvalidConfig: canary config at"
                + " metrics[0].analysisConfigurations.canary.direction: unknown value \"upwards\";"
                + " use one of \"increase\", \"decrease\", \"either\" (values are case-sensitive)")
        .doesNotContain("\n");
  }

  @Test
  void judge_shouldFail_whenPairHasNoMetricConfig(@TempDir Path tmp) throws IOException {
    Path config = tmp.resolve("c.yaml");
    Files.writeString(config, "metrics:\n  - name: cpu usage\n");
    Run r = judgeWithPassPairs(config);
    assertThat(r.exit()).isEqualTo(Errors.USER_ERROR);
    assertThat(r.err()).contains("[0].name: no metric called \"latency p95\"");
  }

  static Run judgeWithPassPairs(Path config) {
    return run(
        "judge",
        "--config",
        config.toString(),
        "--pairs",
        EVENTS.resolve("pass/metric-set-pairs.json").toString());
  }

  @Test
  void judge_shouldReportMissingFile() {
    Run r = run("judge", "--config", "no/such/config.json", "--pairs", "x.json");
    assertThat(r.exit()).isEqualTo(Errors.USER_ERROR);
    assertThat(r.err().strip()).isEqualTo("slipway: no such file: no/such/config.json");
  }

  @Test
  void judge_shouldBeReproducible_withSeed() {
    Run first = judgeExample("pass", "canary-config.json", "--seed", "7");
    assertThat(first.out()).isNotEmpty();
    assertThat(judgeExample("pass", "canary-config.json", "--seed", "7").out())
        .isEqualTo(first.out());
  }

  @Test
  void judge_shouldRejectMarginalAbovePass() {
    Run r = judgeExample("pass", "canary-config.json", "--pass", "50", "--marginal", "60");
    assertThat(r.exit()).isEqualTo(Errors.USER_ERROR);
    assertThat(r.err()).contains("marginal (60.0) must not be above pass (50.0)");
  }
}
