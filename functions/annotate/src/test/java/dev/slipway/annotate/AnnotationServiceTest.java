package dev.slipway.annotate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.local.embedded.GrafanaRecorder;
import dev.slipway.local.embedded.GrafanaRecorder.Mode;
import dev.slipway.model.Json;
import dev.slipway.store.InMemoryArtifactStore;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The annotation service against a Grafana stand-in over real HTTP. */
class AnnotationServiceTest {
  private static final String TOKEN = "glsa_test_token_123";
  private static final Instant NOW = Instant.parse("2026-11-26T21:30:00Z");

  private GrafanaRecorder grafana;

  @BeforeEach
  void start() throws Exception {
    grafana = GrafanaRecorder.start(TOKEN);
  }

  @AfterEach
  void stop() {
    grafana.close();
  }

  private AnnotationService service(URI url, String token, Duration timeout) {
    return new AnnotationService(
        Optional.of(new HttpGrafanaClient(url, () -> token, timeout)),
        Clock.fixed(NOW, ZoneOffset.UTC),
        "slipway-releases",
        7L);
  }

  private AnnotationService journaling(AnnotationJournal journal) {
    return new AnnotationService(
        Optional.of(new HttpGrafanaClient(grafana.url(), () -> TOKEN, Duration.ofSeconds(2))),
        Clock.fixed(NOW, ZoneOffset.UTC),
        null,
        null,
        journal);
  }

  private static AnnotateRequest event(String name) throws Exception {
    return Json.mapper()
        .readValue(
            Files.readString(Path.of("../../events/annotate/" + name)), AnnotateRequest.class);
  }

  @Test
  void start_shouldJournalTheAnnotationId_forReconciliationOutsideTheExecution() throws Exception {
    InMemoryArtifactStore store = new InMemoryArtifactStore();
    AnnotationService service = journaling(new StoredAnnotationJournal(store));

    AnnotateResult result = service.annotate(event("start.json"));

    assertThat(StoredAnnotationJournal.find(store, "checkout", "42", "checkout-prod-42-3f2a9c1"))
        .contains(result.annotationId());
    assertThat(store.list("artifacts/"))
        .containsExactly(
            "artifacts/checkout/42/executions/checkout-prod-42-3f2a9c1/annotation.json");
  }

  @Test
  void start_shouldStillAnnotate_whenTheJournalCannotBeWritten() throws Exception {
    AnnotationService service =
        journaling(
            (request, id) -> {
              throw new IllegalStateException("bucket unavailable");
            });

    AnnotateResult result = service.annotate(event("start.json"));

    assertThat(result.ok()).isTrue();
    assertThat(grafana.annotations()).containsKey(result.annotationId());
  }

  @Test
  void start_shouldPostTheSeedsPayload_withBearerToken() throws Exception {
    AnnotateResult result =
        service(grafana.url(), TOKEN, Duration.ofSeconds(2)).annotate(event("start.json"));

    assertThat(result.ok()).isTrue();
    assertThat(result.annotationId()).isEqualTo(1L);
    GrafanaRecorder.Received post = grafana.received().get(0);
    assertThat(post.method()).isEqualTo("POST");
    assertThat(post.authorized()).isTrue();
    JsonNode body = post.body();
    assertThat(body.get("time").asLong()).isEqualTo(NOW.toEpochMilli());
    assertThat(body.get("dashboardUID").asText()).isEqualTo("slipway-releases");
    assertThat(body.get("panelId").asLong()).isEqualTo(7L);
    assertThat(body.get("tags"))
        .extracting(JsonNode::asText)
        .containsExactly(
            "deploy",
            "app:checkout",
            "repo:https://github.com/acme/checkout",
            "branch:main",
            "build:42",
            "env:prod",
            "cluster:core-1",
            "cluster:edge-1",
            "cluster:edge-2",
            "status:started");
    assertThat(body.get("text").asText())
        .startsWith("Deploy checkout start · build 42 · <a href=\"https://us-east-1.console.aws")
        .contains("#/v2/executions/details/arn:aws:states:us-east-1:123456789012:execution:");
  }

  @Test
  void end_shouldPatchTheStartAnnotationIntoARegion_withTheFinalStatus() throws Exception {
    var service = service(grafana.url(), TOKEN, Duration.ofSeconds(2));
    long id = service.annotate(event("start.json")).annotationId();
    AnnotateRequest end = event("end.json");
    assertThat(end.annotationId()).isEqualTo(id);

    AnnotateResult result = service.annotate(end);

    assertThat(result).isEqualTo(new AnnotateResult(id, true, null));
    JsonNode stored = grafana.annotations().get(id);
    assertThat(stored.get("timeEnd").asLong()).isEqualTo(NOW.toEpochMilli());
    assertThat(stored.get("tags").toString())
        .contains("status:succeeded")
        .doesNotContain("started");
    assertThat(stored.get("text").asText())
        .startsWith("Deploy checkout end (succeeded)")
        .contains(">canary report</a>");
  }

  @Test
  void end_shouldDrawTheWholeRelease_whenTheStartAnnotationWasNeverMade() throws Exception {
    AnnotateRequest end = event("end.json");
    AnnotateRequest withoutId =
        new AnnotateRequest(
            end.phase(),
            end.app(),
            end.gitRepo(),
            end.gitBranch(),
            end.build(),
            end.environment(),
            end.clusters(),
            end.executionArn(),
            "failed",
            null,
            end.startedAt(),
            null);

    AnnotateResult result =
        service(grafana.url(), TOKEN, Duration.ofSeconds(2)).annotate(withoutId);

    assertThat(result.ok()).isTrue();
    JsonNode stored = grafana.annotations().get(result.annotationId());
    assertThat(stored.get("time").asLong()).isEqualTo(end.startedAt().toEpochMilli());
    assertThat(stored.get("timeEnd").asLong()).isEqualTo(NOW.toEpochMilli());
  }

  @Test
  void annotate_shouldReportButNotFail_whenTheTokenIsRejected() throws Exception {
    AnnotateResult result =
        service(grafana.url(), "wrong-token", Duration.ofSeconds(2)).annotate(event("start.json"));

    assertThat(result.ok()).isFalse();
    assertThat(result.annotationId()).isNull();
    assertThat(result.detail()).contains("401").contains("token").doesNotContain("wrong-token");
  }

  @Test
  void annotate_shouldReportButNotFail_whenGrafanaAnswers500() throws Exception {
    grafana.mode(Mode.SERVER_ERROR);
    AnnotateResult result =
        service(grafana.url(), TOKEN, Duration.ofSeconds(2)).annotate(event("start.json"));
    assertThat(result.ok()).isFalse();
    assertThat(result.detail()).contains("answered 500");
  }

  @Test
  void annotate_shouldGiveUpAfterItsTimeout_whenGrafanaHangs() throws Exception {
    grafana.mode(Mode.HANGING);
    grafana.hangFor(Duration.ofSeconds(5));
    AnnotateResult result =
        service(grafana.url(), TOKEN, Duration.ofMillis(200)).annotate(event("start.json"));
    assertThat(result.ok()).isFalse();
    assertThat(result.detail()).contains("did not answer within 200 ms");
  }

  @Test
  void annotate_shouldReportButNotFail_whenGrafanaIsDown() throws Exception {
    int closedPort;
    try (var socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    AnnotateResult result =
        service(URI.create("http://127.0.0.1:" + closedPort), TOKEN, Duration.ofSeconds(1))
            .annotate(event("start.json"));
    assertThat(result.ok()).isFalse();
    assertThat(result.detail()).contains("unreachable");
  }

  @Test
  void annotate_shouldReportButNotFail_whenTheTokenCannotBeRead() throws Exception {
    var service =
        new AnnotationService(
            Optional.of(
                new HttpGrafanaClient(
                    grafana.url(),
                    () -> {
                      throw new IllegalStateException("AccessDeniedException");
                    },
                    Duration.ofSeconds(1))),
            Clock.systemUTC(),
            null,
            null);
    AnnotateResult result = service.annotate(event("start.json"));
    assertThat(result.ok()).isFalse();
    assertThat(result.detail()).contains("Secrets Manager");
    assertThat(grafana.received()).isEmpty();
  }

  @Test
  void annotate_shouldSkip_whenGrafanaIsNotConfigured() throws Exception {
    var service = new AnnotationService(Optional.empty(), Clock.systemUTC(), null, null);
    assertThat(service.annotate(event("start.json")))
        .isEqualTo(new AnnotateResult(null, true, "Grafana not configured"));
  }

  @Test
  void consoleUrl_shouldBeEmpty_forSomethingThatIsNotAnExecutionArn() {
    assertThat(dev.slipway.model.ConsoleLinks.execution("arn:aws:lambda:us-east-1:1:function:x"))
        .isEmpty();
    assertThat(dev.slipway.model.ConsoleLinks.execution(null)).isEmpty();
  }

  @Test
  void text_shouldEscapeHtml_inUserSuppliedFields() {
    var r =
        new AnnotateRequest(
            "start", "<script>", null, null, "1\"2", null, null, null, "started", null, null, null);
    assertThat(AnnotationService.text(r)).isEqualTo("Deploy &lt;script&gt; start · build 1&quot;2");
  }
}
