package dev.slipway.local.replay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The replay itself, over plain HTTP: what it answers, when, and with which timestamps and labels.
 * (functions/analysis's RecordedScenariosTest runs the canary analysis over it.)
 */
class PrometheusReplayTest {
  static final ObjectMapper MAPPER = new ObjectMapper();
  static final Path HEALTHY = Path.of("../../events/canary/prometheus/healthy.json");
  static final Instant RELEASE = Instant.parse("2026-11-26T21:00:00Z");
  static final HttpClient HTTP = HttpClient.newHttpClient();

  /** The recording's {@code i}-th query, and where its window sits relative to its release. */
  record Recorded(
      String query, Duration startOffset, Duration endOffset, long step, JsonNode body) {
    static Recorded of(Path recording, int i) throws Exception {
      JsonNode root = MAPPER.readTree(recording.toFile());
      Instant anchor = Instant.parse(root.path("releaseStartedAt").asText());
      JsonNode q = root.path("queries").get(i);
      return new Recorded(
          q.path("query").asText(),
          Duration.between(anchor, Instant.parse(q.path("start").asText())),
          Duration.between(anchor, Instant.parse(q.path("end").asText())),
          q.path("step").asLong(),
          q.path("response"));
    }

    long firstTimestamp() {
      return body.at("/data/result/0/values/0/0").asLong();
    }
  }

  static String form(String query, Instant start, Instant end, long step) {
    return "query="
        + URLEncoder.encode(query, StandardCharsets.UTF_8)
        + "&start="
        + start
        + "&end="
        + end.getEpochSecond()
        + "&step="
        + step;
  }

  static HttpResponse<String> get(PrometheusReplay replay, String form) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(replay.url() + "/api/v1/query_range?" + form)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static HttpResponse<String> post(PrometheusReplay replay, String form) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(replay.url() + "/api/v1/query_range"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void replay_shouldAnswerTheRecordedWindow_shiftedOntoTheNewRelease_overGetAndPost()
      throws Exception {
    Recorded r = Recorded.of(HEALTHY, 0);
    try (PrometheusReplay replay = PrometheusReplay.start(HEALTHY, RELEASE)) {
      String form =
          form(r.query(), RELEASE.plus(r.startOffset()), RELEASE.plus(r.endOffset()), r.step());
      for (HttpResponse<String> answer :
          new HttpResponse[] {get(replay, form), post(replay, form)}) {
        assertThat(answer.statusCode()).isEqualTo(200);
        JsonNode body = MAPPER.readTree(answer.body());
        assertThat(body.at("/data/result/0/values/0/0").asLong())
            .isEqualTo(RELEASE.plus(r.startOffset()).getEpochSecond())
            .isNotEqualTo(r.firstTimestamp());
        assertThat(body.at("/data/result/0/values/0/1").asText())
            .isEqualTo(r.body().at("/data/result/0/values/0/1").asText());
      }
    }
  }

  @Test
  void replay_shouldAnswerPrometheusBadData_namingTheQuery_whenNothingWasRecordedForIt()
      throws Exception {
    try (PrometheusReplay replay = PrometheusReplay.start(HEALTHY, RELEASE)) {
      HttpResponse<String> answer = get(replay, form("up", RELEASE, RELEASE.plusSeconds(60), 60));
      assertThat(answer.statusCode()).isEqualTo(400);
      JsonNode body = MAPPER.readTree(answer.body());
      assertThat(body.path("status").asText()).isEqualTo("error");
      assertThat(body.path("errorType").asText()).isEqualTo("bad_data");
      assertThat(body.path("error").asText())
          .startsWith("slipway replay has no recording for query 'up'");
    }
  }

  @Test
  void alignedReplay_shouldServeAnotherAppAndRolloutTime_whereAnExactOneDoesNot() throws Exception {
    Recorded r = Recorded.of(HEALTHY, 3); // the experiment window of a query with app="search"
    String checkout = r.query().replace("app=\"search\"", "app=\"checkout\"");
    Instant start = RELEASE.plus(r.startOffset()).plusSeconds(437);
    Instant end = RELEASE.plus(r.endOffset()).plusSeconds(437);
    String form = form(checkout, start, end, r.step());
    var options = new PrometheusReplay.Options(Map.of("app=\"search\"", "app=\"checkout\""), true);

    try (PrometheusReplay exact = PrometheusReplay.start(HEALTHY, RELEASE)) {
      assertThat(get(exact, form).statusCode()).isEqualTo(400);
    }
    try (PrometheusReplay aligned = PrometheusReplay.start(HEALTHY, RELEASE, options)) {
      HttpResponse<String> answer = get(aligned, form);
      assertThat(answer.statusCode()).isEqualTo(200);
      JsonNode body = MAPPER.readTree(answer.body());
      assertThat(body.at("/data/result/0/values/0/0").asLong()).isEqualTo(start.getEpochSecond());
      assertThat(body.at("/data/result/0/metric/app").asText()).isEqualTo("checkout");
    }
  }

  @Test
  void replay_shouldSayItIsReady() throws Exception {
    try (PrometheusReplay replay = PrometheusReplay.start(HEALTHY, RELEASE)) {
      HttpResponse<String> answer =
          HTTP.send(
              HttpRequest.newBuilder(URI.create(replay.url() + "/-/ready")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(answer.statusCode()).isEqualTo(200);
    }
  }

  @Test
  void relabel_shouldRewriteTheAnswersLabels_likeTheQueries() throws Exception {
    JsonNode response =
        MAPPER.readTree(
            "{\"data\":{\"result\":[{\"metric\":{\"app\":\"search\",\"status\":\"OK\"},"
                + "\"values\":[]},{\"metric\":{\"app\":\"other\"},\"values\":[]}]}}");
    JsonNode relabelled =
        PrometheusReplay.relabel(response, Map.of("app=\"search\"", "app=\"checkout\""));
    assertThat(relabelled.at("/data/result/0/metric/app").asText()).isEqualTo("checkout");
    assertThat(relabelled.at("/data/result/1/metric/app").asText()).isEqualTo("other");
    assertThat(response.at("/data/result/0/metric/app").asText())
        .as("the recording itself is left alone")
        .isEqualTo("search");
  }
}
