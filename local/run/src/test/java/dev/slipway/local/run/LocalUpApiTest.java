package dev.slipway.local.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.local.executor.Execution;
import dev.slipway.local.executor.ExecutionStatus;
import dev.slipway.model.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code slipway up}'s webhook API end to end, over HTTP only: the signed GitHub push of {@code
 * events/webhooks/github/push-checkout.json} starts the release; with {@code --approvals manual}
 * its gate prints a signed link to the same API, which shows the request and takes the decision.
 */
class LocalUpApiTest {
  // (ApprovalPageBrowserTest drives up through these helpers too)
  private static final Path PUSH =
      ReleaseScenarioTest.EVENTS.resolve("webhooks/github/push-checkout.json");
  private static final String COMMIT = "9f2c1e4b7a3d5c6e8f0a1b2c3d4e5f6a7b8c9d0e";

  /** Headers the HTTP client sets itself (and API Gateway's own). */
  private static final Set<String> OWN_HEADERS = Set.of("host", "content-length", "connection");

  private static final Pattern SHOW = Pattern.compile("show: +curl '([^']+)'");

  private final ByteArrayOutputStream progress = new ByteArrayOutputStream();
  private final HttpClient http = HttpClient.newHttpClient();
  private LocalUp up;

  @AfterEach
  void down() {
    if (up != null) {
      up.close();
    }
  }

  LocalUp up(LocalUp.Approvals approvals) throws Exception {
    // now, not a fixed date: the link's expiry is checked against the real clock
    up =
        LocalUp.start(
            RunOptions.demo(ReleaseScenarioTest.EVENTS, Scenario.HEALTHY),
            ReleaseScenarioTest.ASL,
            Instant.now(),
            new PrintStream(progress, true, StandardCharsets.UTF_8),
            approvals);
    return up;
  }

  String progress() {
    return progress.toString(StandardCharsets.UTF_8);
  }

  /** POSTs the sample push's body with its headers (GitHub's signature among them). */
  private HttpResponse<String> postSignedPush() throws Exception {
    JsonNode event = Json.mapper().readTree(Files.readString(PUSH));
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(up.api().uri() + "/webhooks/github"))
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    event.path("body").asText(), StandardCharsets.UTF_8));
    event
        .path("headers")
        .fields()
        .forEachRemaining(
            h -> {
              if (!OWN_HEADERS.contains(h.getKey())) {
                request.header(h.getKey(), h.getValue().asText());
              }
            });
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  String startRelease() throws Exception {
    HttpResponse<String> started = postSignedPush();
    assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
    JsonNode body = Json.mapper().readTree(started.body());
    assertThat(body.path("status").asText()).isEqualTo("started");
    return body.path("executionArn").asText();
  }

  /** The signed link up printed when the gate opened. */
  String awaitPrintedLink() throws InterruptedException {
    return awaitProgress(SHOW).group(1);
  }

  /** The first match of {@code pattern} in up's output, waiting up to two minutes for one. */
  Matcher awaitProgress(Pattern pattern) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (System.nanoTime() < deadline) {
      Matcher m = pattern.matcher(progress.toString(StandardCharsets.UTF_8));
      if (m.find()) {
        return m;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("no '" + pattern + "' in up's output:\n" + progress);
  }

  private HttpResponse<String> decide(String link, String decision) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(link))
            .header("Content-Type", "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "{\"decision\":\"" + decision + "\",\"by\":\"you\"}"))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  Execution awaitEnd(String arn) {
    return up.executions().byArn(arn).orElseThrow().execution().await(Duration.ofMinutes(2));
  }

  @Test
  void aSignedPushOverHttp_shouldStartTheRelease_whoseGateSignsALinkToTheLocalApi()
      throws Exception {
    up(LocalUp.Approvals.SCENARIO);

    String arn = startRelease();

    assertThat(arn)
        .startsWith(
            "arn:aws:states:us-east-1:123456789012:execution:slipway-release:checkout-prod-");
    Execution execution = awaitEnd(arn);
    assertThat(execution.status()).as(progress.toString()).isEqualTo(ExecutionStatus.SUCCEEDED);
    String request =
        up.environment().store().list("artifacts/checkout/").stream()
            .filter(k -> k.contains("/approvals/"))
            .findFirst()
            .map(k -> new String(up.environment().store().get(k).body(), StandardCharsets.UTF_8))
            .orElseThrow();
    assertThat(Json.mapper().readTree(request).path("links").path("approve or reject").asText())
        .startsWith(up.api().uri() + "/approvals/")
        .contains("app=checkout", "&expires=", "&sig=");
    assertThat(progress.toString(StandardCharsets.UTF_8))
        .contains("api: POST /webhooks/github → 202")
        .contains("approved by " + ReleaseRun.APPROVER);
    assertThat(up.fileEnvironment()).containsEntry("SLIPWAY_API_URL", up.api().uri().toString());
  }

  @Test
  void manualApprovals_shouldWaitForTheLink_andApproveOverHttp_toSucceed() throws Exception {
    up(LocalUp.Approvals.MANUAL);
    String arn = startRelease();

    String link = awaitPrintedLink();
    HttpResponse<String> shown =
        http.send(
            HttpRequest.newBuilder(URI.create(link)).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> tampered =
        http.send(
            HttpRequest.newBuilder(URI.create(link.replaceAll("sig=[^&]+", "sig=00")))
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> approved = decide(link, "approve");

    assertThat(shown.statusCode()).as(shown.body()).isEqualTo(200);
    JsonNode request = Json.mapper().readTree(shown.body());
    assertThat(request.path("app").asText()).isEqualTo("checkout");
    assertThat(request.path("status").asText()).isEqualTo("pending");
    assertThat(request.has("taskToken")).isFalse();
    assertThat(tampered.statusCode()).isEqualTo(401);
    assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
    assertThat(Json.mapper().readTree(approved.body()).path("status").asText())
        .isEqualTo("approved");
    Execution execution = awaitEnd(arn);
    assertThat(execution.status()).as(progress.toString()).isEqualTo(ExecutionStatus.SUCCEEDED);
    String lines = progress.toString(StandardCharsets.UTF_8);
    assertThat(lines)
        .contains("(waiting for you: --approvals manual)")
        .contains(
            "approve: curl -X POST '"
                + link
                + "' -H 'Content-Type: application/json' -d"
                + " '{\"decision\":\"approve\",\"by\":\"you\"}'")
        .doesNotContain("approved by " + ReleaseRun.APPROVER);
    assertThat(new String(up.environment().store().get("releases/checkout/prod.json").body()))
        .contains(COMMIT);
    // a second decision on the decided gate is refused
    assertThat(decide(link, "reject").statusCode()).isEqualTo(409);
  }

  @Test
  void manualApprovals_shouldRejectOverHttp_toFailTheReleaseWithApprovalRejected()
      throws Exception {
    up(LocalUp.Approvals.MANUAL);
    String arn = startRelease();

    HttpResponse<String> rejected = decide(awaitPrintedLink(), "reject");

    assertThat(rejected.statusCode()).as(rejected.body()).isEqualTo(200);
    Execution execution = awaitEnd(arn);
    assertThat(execution.status()).isEqualTo(ExecutionStatus.FAILED);
    assertThat(execution.error()).isEqualTo("Slipway.Approval.Rejected");
    assertThat(execution.cause()).contains("rejected by you");
  }

  @Test
  void fiftyConcurrentDecisions_shouldHaveOneWinner_recordedAndSentOnce() throws Exception {
    up(LocalUp.Approvals.MANUAL);
    String arn = startRelease();
    String link = awaitPrintedLink();
    int n = 50;
    CyclicBarrier together = new CyclicBarrier(n);
    ExecutorService people = Executors.newFixedThreadPool(n);
    List<Future<HttpResponse<String>>> sent = new ArrayList<>();
    try {
      for (int i = 0; i < n; i++) {
        String body =
            "{\"decision\":\""
                + (i % 2 == 0 ? "approve" : "reject")
                + "\",\"by\":\"approver-"
                + i
                + "\"}";
        sent.add(
            people.submit(
                () -> {
                  together.await(30, TimeUnit.SECONDS);
                  return http.send(
                      HttpRequest.newBuilder(URI.create(link))
                          .header("Content-Type", "application/json")
                          .POST(HttpRequest.BodyPublishers.ofString(body))
                          .build(),
                      HttpResponse.BodyHandlers.ofString());
                }));
      }
      List<Integer> statuses = new ArrayList<>();
      for (Future<HttpResponse<String>> answer : sent) {
        statuses.add(answer.get(2, TimeUnit.MINUTES).statusCode());
      }

      assertThat(statuses.stream().filter(s -> s == 200)).as("%s", statuses).hasSize(1);
      assertThat(statuses.stream().filter(s -> s == 409)).as("%s", statuses).hasSize(n - 1);
      int winner = statuses.indexOf(200);
      boolean approved = winner % 2 == 0;
      JsonNode shown =
          Json.mapper()
              .readTree(
                  http.send(
                          HttpRequest.newBuilder(URI.create(link)).GET().build(),
                          HttpResponse.BodyHandlers.ofString())
                      .body());
      assertThat(shown.path("status").asText()).isEqualTo(approved ? "approved" : "rejected");
      assertThat(shown.path("decision").path("by").asText()).isEqualTo("approver-" + winner);
      assertThat(shown.path("delivery").asText()).isEqualTo("sent");
      if (approved) {
        // past the gate; the rest of the release is not this test's
        awaitProgress(Pattern.compile("WaveStarted"));
      } else {
        assertThat(awaitEnd(arn).error()).isEqualTo("Slipway.Approval.Rejected");
      }
      String lines = progress.toString(StandardCharsets.UTF_8);
      assertThat(Pattern.compile("aws: AWSStepFunctions\\.SendTask").matcher(lines).results())
          .as("callbacks sent")
          .hasSize(1);
    } finally {
      people.shutdownNow();
    }
  }
}
