package dev.slipway.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.judge.CanaryJudgeResult;
import dev.slipway.judge.JudgeJson;
import dev.slipway.judge.Verdict;
import dev.slipway.local.replay.PrometheusReplay;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code slipway canary} against the recorded scenarios, served by the Prometheus replay. */
class CanaryCommandTest {
  static final Path RECORDINGS = Path.of("../../events/canary/prometheus");
  static final Instant RELEASE = Instant.parse("2026-11-26T21:00:00Z");

  @TempDir Path tmp;

  /** {@code slipway canary} on the recorded windows, with the given URL and more arguments. */
  JudgeCommandTest.Run canary(String url, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "canary",
                "--config",
                RECORDINGS.resolve("canary-config.json").toString(),
                "--prometheus-url",
                url,
                "--control-start",
                "2026-11-26T20:30:00Z",
                "--experiment-start",
                "2026-11-26T21:07:00Z",
                "--var",
                "app=search",
                "--report",
                tmp.resolve("report.html").toString()));
    args.addAll(List.of(more));
    return JudgeCommandTest.run(args.toArray(String[]::new));
  }

  @ParameterizedTest(name = "{0} → {1}")
  @CsvSource({"healthy.json, Pass", "latency-regression.json, Fail"})
  void canary_shouldPrintTheJudgeResultAndWriteTheReport(String recording, String verdict)
      throws Exception {
    try (PrometheusReplay replay = PrometheusReplay.start(RECORDINGS.resolve(recording), RELEASE)) {
      JudgeCommandTest.Run r = canary(replay.url(), "--var", "cluster=prod-1", "--seed", "1");
      assertThat(r.exit()).as(r.err()).isZero();
      CanaryJudgeResult result = JudgeJson.read(r.out());
      assertThat(result.score().classification()).isEqualTo(Verdict.fromJson(verdict));
      assertThat(r.err()).contains("slipway canary: " + verdict).contains("report written to");
      assertThat(Files.readString(tmp.resolve("report.html")))
          .contains("<div class=\"verdict\">" + verdict + "</div>");
    }
  }

  @Test
  void pairsOut_shouldWriteWhatSlipwayJudgeJudgesTheSame() throws Exception {
    try (PrometheusReplay replay =
        PrometheusReplay.start(RECORDINGS.resolve("latency-regression.json"), RELEASE)) {
      Path pairs = tmp.resolve("pairs.json");
      JudgeCommandTest.Run canary =
          canary(
              replay.url(),
              "--var",
              "cluster=prod-1",
              "--seed",
              "1",
              "--pairs-out",
              pairs.toString());
      assertThat(canary.exit()).as(canary.err()).isZero();
      JudgeCommandTest.Run judge =
          JudgeCommandTest.run(
              "judge",
              "--config",
              RECORDINGS.resolve("canary-config.json").toString(),
              "--pairs",
              pairs.toString(),
              "--seed",
              "1");
      assertThat(judge.exit()).as(judge.err()).isZero();
      assertThat(JudgeJson.read(judge.out())).isEqualTo(JudgeJson.read(canary.out()));
      assertThat(Files.readString(pairs)).contains("\"startTimeIso\"").contains("\"stepMillis\"");
    }
  }

  @Test
  void canary_shouldExitTwoWithTheName_whenAPlaceholderIsUnknown() {
    try (PrometheusReplay replay =
        PrometheusReplay.start(RECORDINGS.resolve("healthy.json"), RELEASE)) {
      JudgeCommandTest.Run r = canary(replay.url());
      assertThat(r.exit()).isEqualTo(2);
      assertThat(r.err())
          .startsWith("slipway: Slipway.Canary.InvalidConfig: filter 'commonPromFilters'")
          .contains("'${cluster}'");
      assertThat(tmp.resolve("report.html")).doesNotExist();
    }
  }

  @Test
  void canary_shouldExitTwoWithMetricsUnavailable_whenPrometheusIsDown() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    JudgeCommandTest.Run r =
        canary("http://127.0.0.1:" + port, "--var", "cluster=prod-1", "--attempts", "2");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err())
        .startsWith(
            "slipway: Slipway.Canary.MetricsUnavailable: Prometheus at http://127.0.0.1:" + port)
        .contains("Gave up after 2 attempts");
  }

  @Test
  void canary_shouldRejectAWindowShorterThanTheStep() {
    JudgeCommandTest.Run r = canary("http://localhost:9", "--window", "30s", "--step", "60s");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("must be at least one step").doesNotContain("internal error");
  }

  @Test
  void canary_shouldRejectABadInstant() {
    JudgeCommandTest.Run r =
        JudgeCommandTest.run(
            "canary",
            "--config",
            "x.json",
            "--prometheus-url",
            "http://localhost:9090",
            "--control-start",
            "yesterday",
            "--experiment-start",
            "2026-11-26T21:07:00Z");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("--control-start: 'yesterday' is not an ISO-8601 instant");
  }
}
