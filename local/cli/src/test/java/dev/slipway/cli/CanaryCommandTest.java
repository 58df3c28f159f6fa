package dev.slipway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.analysis.PrometheusReplay;
import dev.slipway.judge.CanaryJudgeResult;
import dev.slipway.judge.JudgeJson;
import dev.slipway.judge.Verdict;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code slipway canary} against the recorded scenarios, served by the Prometheus replay. */
class CanaryCommandTest {
  static final Path RECORDINGS = Path.of("../../events/canary/prometheus");
  static final Instant RELEASE = Instant.parse("2026-11-26T21:00:00Z");

  @TempDir Path tmp;

  JudgeCommandTest.Run canary(PrometheusReplay replay, String... extra) {
    String[] base = {
      "canary",
      "--config",
      RECORDINGS.resolve("canary-config.json").toString(),
      "--prometheus-url",
      replay.url(),
      "--control-start",
      "2026-11-26T20:30:00Z",
      "--experiment-start",
      "2026-11-26T21:07:00Z",
      "--var",
      "app=search",
      "--var",
      "cluster=prod-1",
      "--report",
      tmp.resolve("report.html").toString(),
      "--seed",
      "1"
    };
    String[] args = new String[base.length + extra.length];
    System.arraycopy(base, 0, args, 0, base.length);
    System.arraycopy(extra, 0, args, base.length, extra.length);
    return JudgeCommandTest.run(args);
  }

  @ParameterizedTest(name = "{0} → {1}")
  @CsvSource({"healthy.json, Pass", "latency-regression.json, Fail"})
  void canary_shouldPrintTheJudgeResultAndWriteTheReport(String recording, String verdict)
      throws Exception {
    try (PrometheusReplay replay = PrometheusReplay.start(RECORDINGS.resolve(recording), RELEASE)) {
      JudgeCommandTest.Run r = canary(replay);
      assertThat(r.exit()).as(r.err()).isZero();
      CanaryJudgeResult result = JudgeJson.read(r.out());
      assertThat(result.score().classification()).isEqualTo(Verdict.fromJson(verdict));
      assertThat(r.err()).contains("slipway canary: " + verdict).contains("report written to");
      assertThat(Files.readString(tmp.resolve("report.html")))
          .contains("<div class=\"verdict\">" + verdict + "</div>");
    }
  }

  @Test
  void canary_shouldExitTwoWithTheName_whenAPlaceholderIsUnknown() throws Exception {
    try (PrometheusReplay replay =
        PrometheusReplay.start(RECORDINGS.resolve("healthy.json"), RELEASE)) {
      JudgeCommandTest.Run r =
          JudgeCommandTest.run(
              "canary",
              "--config",
              RECORDINGS.resolve("canary-config.json").toString(),
              "--prometheus-url",
              replay.url(),
              "--control-start",
              "2026-11-26T20:30:00Z",
              "--experiment-start",
              "2026-11-26T21:07:00Z",
              "--var",
              "app=search",
              "--report",
              tmp.resolve("r.html").toString());
      assertThat(r.exit()).isEqualTo(2);
      assertThat(r.err())
          .startsWith("slipway: Slipway.Canary.InvalidConfig: filter 'commonPromFilters'")
          .contains("'${cluster}'");
      assertThat(tmp.resolve("r.html")).doesNotExist();
    }
  }

  @Test
  void canary_shouldExitTwoWithMetricsUnavailable_whenPrometheusIsDown() throws Exception {
    int port;
    try (var s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    JudgeCommandTest.Run r =
        JudgeCommandTest.run(
            "canary",
            "--config",
            RECORDINGS.resolve("canary-config.json").toString(),
            "--prometheus-url",
            "http://127.0.0.1:" + port,
            "--control-start",
            "2026-11-26T20:30:00Z",
            "--experiment-start",
            "2026-11-26T21:07:00Z",
            "--var",
            "app=search",
            "--var",
            "cluster=prod-1",
            "--report",
            tmp.resolve("r.html").toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err())
        .startsWith(
            "slipway: Slipway.Canary.MetricsUnavailable: Prometheus at http://127.0.0.1:" + port)
        .contains("Gave up after 4 attempts");
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
