package dev.slipway.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.judge.CanaryJudgeResult;
import dev.slipway.judge.JudgeJson;
import dev.slipway.judge.NetflixAcaJudge;
import dev.slipway.local.replay.PrometheusReplay;
import dev.slipway.model.Json;
import dev.slipway.model.TerminalStepException;
import dev.slipway.store.InMemoryArtifactStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The canary handler on the real event in events/canary/, with a replayed Prometheus. */
class CanaryHandlerTest {
  static final Path EVENT = Path.of("../../events/canary/state-input.json");
  static final Path RECORDINGS = Path.of("../../events/canary/prometheus");
  static final Clock AT_2145 = Clock.fixed(Instant.parse("2026-11-26T21:45:00Z"), ZoneOffset.UTC);

  final InMemoryArtifactStore store = new InMemoryArtifactStore();
  PrometheusReplay replay;

  @AfterEach
  void stop() {
    if (replay != null) {
      replay.close();
    }
  }

  /** Replays {@code recording} and puts the event's canary config where it names it. */
  PrometheusHttpClient prometheus(String recording) throws Exception {
    replay =
        PrometheusReplay.start(
            RECORDINGS.resolve(recording), Instant.parse("2026-11-26T21:00:00Z"));
    store.put(
        "config/canary/search.json",
        Files.readAllBytes(RECORDINGS.resolve("canary-config.json")),
        "application/json");
    return new PrometheusHttpClient(PrometheusEndpoint.of(replay.url()));
  }

  JsonNode invoke(String recording, byte[] event, Clock clock) throws Exception {
    PrometheusHttpClient prometheus = prometheus(recording);
    CanaryService service =
        new CanaryService(
            PrometheusRouting.fixed(prometheus),
            new NetflixAcaJudge(new SplittableRandom(3)),
            store,
            clock);
    return invoke(new CanaryHandler(service), event);
  }

  static JsonNode invoke(CanaryHandler handler, byte[] event) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    handler.handleRequest(new ByteArrayInputStream(event), out, null);
    return Json.mapper().readTree(out.toByteArray());
  }

  @Test
  void wiringHandler_shouldAnalyseWithTheGivenPrometheusStoreAndClock() throws Exception {
    // what local/ builds: the wiring's public constructor over stand-ins, the handler over it
    var wiring = new AnalysisWiring(prometheus("healthy.json"), store, AT_2145);

    JsonNode out = invoke(new CanaryHandler(wiring), Files.readAllBytes(EVENT));

    assertThat(out.path("verdict").asText()).isEqualTo("Pass");
    assertThat(store.get(out.path("reportKey").asText()).text()).startsWith("<!DOCTYPE html>");
  }

  @Test
  void configFromEnvironment_shouldLeaveTheUrlToTheFile_butRefuseSettingsOfAMissingDefault() {
    // config/slipway.yaml's prometheus blocks may give every cluster its endpoint: no default
    AnalysisConfig none = AnalysisConfig.fromEnvironment(Map.of("AWS_REGION", "eu-west-1"));
    assertThat(none.endpoint()).isNull();
    assertThat(none.resolvedEndpoint()).isNull();
    Map<String, String> orphan =
        Map.of("SLIPWAY_PROMETHEUS_AUTH_SECRET_ID", "prom", "AWS_REGION", "eu-west-1");
    assertThatThrownBy(() -> AnalysisConfig.fromEnvironment(orphan))
        .hasMessageStartingWith(CanaryErrors.INVALID_INPUT)
        .hasMessageContaining(
            "SLIPWAY_PROMETHEUS_AUTH_SECRET_ID is set but SLIPWAY_PROMETHEUS_URL");
  }

  @Test
  void handler_shouldReturnPassAndStoreResultAndReport_whenTheReleaseIsHealthy() throws Exception {
    JsonNode out = invoke("healthy.json", Files.readAllBytes(EVENT), AT_2145);

    assertThat(out.path("verdict").asText()).isEqualTo("Pass");
    assertThat(out.path("score").asDouble()).isEqualTo(100.0);
    assertThat(out.path("resultKey").asText()).isEqualTo("artifacts/search/142/canary/core.json");
    assertThat(out.path("reportKey").asText()).isEqualTo("artifacts/search/142/canary/core.html");
    assertThat(out.path("summary").asText()).startsWith("Pass — score 100.0 (pass ≥ 95.0");
    assertThat(out.has("noDataAction")).isFalse();

    // the wave's verdict, then each cluster's with its Kayenta-shaped judge result
    JsonNode gate = Json.mapper().readTree(store.get(out.path("resultKey").asText()).text());
    assertThat(gate.path("verdict").asText()).isEqualTo("Pass");
    assertThat(gate.at("/clusters/0/cluster").asText()).isEqualTo("prod-1");
    CanaryJudgeResult stored = JudgeJson.read(gate.at("/clusters/0/result").toString());
    assertThat(stored.judgeName()).isEqualTo("NetflixACAJudge-v1.0");
    assertThat(stored.results()).hasSize(3);
    assertThat(store.get(out.path("reportKey").asText()).contentType()).startsWith("text/html");
  }

  @Test
  void handler_shouldReturnFailAsData_whenLatencyRegressed() throws Exception {
    JsonNode out = invoke("latency-regression.json", Files.readAllBytes(EVENT), AT_2145);
    assertThat(out.path("verdict").asText()).isEqualTo("Fail");
    assertThat(out.path("summary").asText()).contains("client 95P Latency").contains("(High)");
    List<String> changes =
        Json.mapper().convertValue(out.path("deviations").findValues("change"), List.class);
    assertThat(changes).anySatisfy(c -> assertThat(c).startsWith("+9"));
  }

  @Test
  void handler_shouldSayExtend_whenNoDataUnderExtendWindowOnce() throws Exception {
    JsonNode out = invoke("traffic-drop.json", Files.readAllBytes(EVENT), AT_2145);
    assertThat(out.path("verdict").asText()).isEqualTo("NoData");
    assertThat(out.path("noDataAction").asText()).isEqualTo("extend");
    assertThat(out.path("nextAttempt").asInt()).isEqualTo(2);
    assertThat(out.path("waitSeconds").asLong()).isEqualTo(1800);
  }

  @Test
  void handler_shouldRejectAGateNoWindowCanMeet() throws Exception {
    ObjectNode event = (ObjectNode) Json.mapper().readTree(Files.readAllBytes(EVENT));
    ((ObjectNode) event.path("analysis")).put("minPoints", 50);
    assertThatThrownBy(
            () -> invoke("healthy.json", Json.mapper().writeValueAsBytes(event), AT_2145))
        .hasMessageStartingWith(CanaryErrors.INVALID_INPUT)
        .hasMessageContaining("needs 50 points per window but a window holds only 30");
  }

  @Test
  void handler_shouldFailTerminally_whenTheExperimentWindowIsNotOver() {
    Clock early = Clock.fixed(Instant.parse("2026-11-26T21:20:00Z"), ZoneOffset.UTC);
    assertThatThrownBy(() -> invoke("healthy.json", Files.readAllBytes(EVENT), early))
        .isInstanceOf(TerminalStepException.class)
        .hasMessageStartingWith(CanaryErrors.WINDOW_NOT_OVER)
        .hasMessageContaining("17m to go");
  }

  @Test
  void handler_shouldNameTheMissingField_whenTheInputIsIncomplete() {
    byte[] event = "{\"app\":\"search\",\"build\":\"1\"}".getBytes(StandardCharsets.UTF_8);
    // checked where every step reads its event, before the canary's own checks
    assertThatThrownBy(() -> invoke("healthy.json", event, AT_2145))
        .hasMessageStartingWith("Slipway.Input.Invalid")
        .hasMessageContaining("the wave is missing");
  }

  @Test
  void handler_shouldRejectARolloutThatEndedBeforeItStarted() throws Exception {
    ObjectNode event = (ObjectNode) Json.mapper().readTree(Files.readAllBytes(EVENT));
    event.put("rolloutFinishedAt", "2026-11-26T20:00:00Z");
    assertThatThrownBy(
            () -> invoke("healthy.json", Json.mapper().writeValueAsBytes(event), AT_2145))
        .hasMessageStartingWith(CanaryErrors.INVALID_INPUT)
        .hasMessageContaining("is before releaseStartedAt");
  }

  @Test
  void publicConstructor_shouldSayWhatIsMissing_whenTheBucketIsNotSet() {
    // surefire runs without SLIPWAY_BUCKET: the store (and config/slipway.yaml in it) is needed
    assertThatThrownBy(CanaryHandler::new).hasMessageContaining("SLIPWAY_BUCKET");
  }

  @Test
  void config_shouldNameAMalformedHeaderByPosition_neverQuotingIt() {
    Map<String, String> env =
        Map.of(
            "SLIPWAY_PROMETHEUS_URL", "http://prometheus:9090",
            "SLIPWAY_PROMETHEUS_HEADERS", "X-Scope-OrgID=search, Authorization: Bearer s3cr3t");
    assertThatThrownBy(() -> AnalysisConfig.fromEnvironment(env))
        .hasMessageStartingWith(CanaryErrors.INVALID_INPUT)
        .hasMessageContaining("entry 2 of 2")
        .hasMessageNotContaining("s3cr3t");
  }

  @Test
  void config_shouldReadUrlMethodTimeoutHeadersAndAttempts() {
    AnalysisConfig c =
        AnalysisConfig.fromEnvironment(
            Map.of(
                "SLIPWAY_PROMETHEUS_URL", "https://mimir.example.com/prometheus",
                "SLIPWAY_PROMETHEUS_METHOD", "post",
                "SLIPWAY_PROMETHEUS_TIMEOUT", "5s",
                "SLIPWAY_PROMETHEUS_HEADERS", "X-Scope-OrgID=search, X-Other=1",
                "SLIPWAY_PROMETHEUS_ATTEMPTS", "2"));
    assertThat(c.endpoint().queryRangeUri().toString())
        .isEqualTo("https://mimir.example.com/prometheus/api/v1/query_range");
    assertThat(c.endpoint().method()).isEqualTo(PrometheusEndpoint.Method.POST);
    assertThat(c.endpoint().timeout()).hasSeconds(5);
    assertThat(c.endpoint().headers()).containsEntry("X-Scope-OrgID", "search");
    assertThat(c.retry().maxAttempts()).isEqualTo(2);
    assertThat(c.method()).isEqualTo(PrometheusEndpoint.Method.POST);
    assertThat(c.timeout()).hasSeconds(5);
  }
}
