package dev.slipway.local.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.awshttp.AwsCredentials;
import dev.slipway.awshttp.AwsHttp;
import dev.slipway.awshttp.AwsJson;
import dev.slipway.awshttp.CredentialSource;
import dev.slipway.awshttp.SecretsManagerSource;
import dev.slipway.local.executor.ExecutionStatus;
import dev.slipway.model.Json;
import dev.slipway.webhook.WebhookConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashMap;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code slipway up}'s services: what its env file points the webhook at, and its gates. */
class LocalUpTest {
  private final ByteArrayOutputStream progress = new ByteArrayOutputStream();

  private LocalUp up(Scenario scenario) throws Exception {
    return LocalUp.start(
        RunOptions.demo(ReleaseScenarioTest.EVENTS, scenario),
        ReleaseScenarioTest.ASL,
        ReleaseScenarioTest.START,
        new PrintStream(progress, true, StandardCharsets.UTF_8));
  }

  private static AwsHttp http() {
    return new AwsHttp(
        CredentialSource.fixed(AwsCredentials.of("slipway-local", "slipway-local")),
        LocalEnvironment.REGION);
  }

  @Test
  void awsEnvironment_shouldBeAValidWebhookConfiguration_pointingAtTheEndpoint() throws Exception {
    try (LocalUp up = up(Scenario.HEALTHY)) {
      var env = new HashMap<>(up.environment().functionEnvironment());
      env.putAll(up.awsEnvironment());

      WebhookConfig config = WebhookConfig.from(env);

      assertThat(config.sfnEndpoint()).contains(up.aws().uri());
      assertThat(config.secretsEndpoint()).contains(up.aws().uri());
      assertThat(config.stateMachineArn()).isEqualTo(up.executions().stateMachineArn());
      JsonNode secret =
          Json.mapper()
              .readTree(
                  new SecretsManagerSource(AwsJson.secretsManager(http(), config.secretsEndpoint()))
                      .secretString(config.secretId()));
      assertThat(secret.properties())
          .extracting(e -> e.getKey() + "=" + e.getValue().asText())
          .containsExactlyInAnyOrder(
              "github=slipway-test-secret",
              "jenkins=slipway-test-secret",
              "jenkinsToken=slipway-test-secret",
              "build=slipway-test-secret",
              "approvals=slipway-test-secret");
    }
  }

  @Test
  void aReleaseStartedThroughTheEndpoint_shouldMeetUpsGate_asTheScenarioAnswersIt()
      throws Exception {
    try (LocalUp up = up(Scenario.APPROVAL_REJECT)) {
      JsonNode described =
          startAndAwait(up, "checkout-prod-104", demoInput(Scenario.APPROVAL_REJECT));

      assertThat(described.path("status").asText()).isEqualTo(ExecutionStatus.FAILED.name());
      assertThat(described.path("error").asText()).isEqualTo("Slipway.Approval.Rejected");
      assertThat(described.path("cause").asText()).contains(ReleaseRun.APPROVER);
      assertThat(progress.toString(StandardCharsets.UTF_8))
          .contains("approval requested: s3://slipway-local/artifacts/checkout/104/approvals/")
          .contains("→ rejected by " + ReleaseRun.APPROVER);
      assertThat(URI.create(up.awsEnvironment().get("SLIPWAY_SFN_ENDPOINT")))
          .isEqualTo(up.aws().uri());
    }
  }

  @Test
  void consecutiveReleases_shouldEachRunToTheEnd_theSecondStartingWhereTheFirstLeftTime()
      throws Exception {
    try (LocalUp up = up(Scenario.HEALTHY)) {
      String first = demoInput(Scenario.HEALTHY);
      String second = first.replace("\"101\"", "\"102\"").replace(":101\"", ":102\"");

      JsonNode one = startAndAwait(up, "checkout-prod-101", first);
      JsonNode two = startAndAwait(up, "checkout-prod-102", second);

      assertThat(one.path("status").asText()).as(one.toString()).isEqualTo("SUCCEEDED");
      assertThat(two.path("status").asText()).as(two.toString()).isEqualTo("SUCCEEDED");
      // the second starts at the virtual time the first ended at, not at up's start again
      assertThat(two.path("startDate").decimalValue())
          .isGreaterThanOrEqualTo(one.path("stopDate").decimalValue());
    }
  }

  @Test
  void concurrentReleasesOfOneApp_shouldQueue_theSecondWaitingForTheLockThenSucceeding()
      throws Exception {
    // gates left to a person: the first release holds the lock, really still running, while its
    // approver takes their time; the second is started meanwhile (as a second push would be)
    try (LocalUp up =
        LocalUp.start(
            RunOptions.demo(ReleaseScenarioTest.EVENTS, Scenario.HEALTHY),
            ReleaseScenarioTest.ASL,
            ReleaseScenarioTest.START,
            new PrintStream(progress, true, StandardCharsets.UTF_8),
            LocalUp.Approvals.MANUAL)) {
      String first = demoInput(Scenario.HEALTHY);
      String second = first.replace("\"101\"", "\"102\"").replace(":101\"", ":102\"");
      AwsJson sfn = AwsJson.stepFunctions(http(), Optional.of(up.aws().uri()));

      var firstRun = up.executions().byArn(start(sfn, up, "checkout-prod-101", first)).get();
      awaitGate(up, firstRun.execution());
      var secondRun = up.executions().byArn(start(sfn, up, "checkout-prod-102", second)).get();
      // the second meets the lock held and queues; the person takes their time (PERSON_TAKES of
      // real time) before approving the first: the second must not give up meanwhile (before the
      // fix its lock back-off, all 30 tries, passed in virtual time within that, Lock.Busy)
      secondRun.execution().await(PERSON_TAKES);
      assertThat(secondRun.execution().status())
          .as(secondRun.execution().error() + ": " + secondRun.execution().cause())
          .isEqualTo(ExecutionStatus.RUNNING);
      // the person approves every gate as it opens: the first's, then the second's
      while (firstRun.execution().status() == ExecutionStatus.RUNNING
          || secondRun.execution().status() == ExecutionStatus.RUNNING) {
        approveWaitingGates(sfn, up);
        secondRun.execution().await(Duration.ofMillis(20));
      }

      var one = firstRun.execution();
      var two = secondRun.execution();
      assertThat(one.status())
          .as(one.error() + ": " + one.cause())
          .isEqualTo(ExecutionStatus.SUCCEEDED);
      assertThat(two.status())
          .as(two.error() + ": " + two.cause())
          .isEqualTo(ExecutionStatus.SUCCEEDED);
      // it did queue: it met the lock held, waited, and tried again
      assertThat(two.history())
          .anyMatch(
              e ->
                  e.type().equals("WaitStateEntered")
                      && e.details().path("name").asText().equals(LockWaitPacer.STATE));
      // and went on only once the first was done: its lock taken at or after the first's end
      assertThat(two.history())
          .filteredOn(e -> e.type().equals("TaskStateEntered"))
          .filteredOn(e -> e.details().path("name").asText().equals("AnnotateStart"))
          .allMatch(e -> !e.timestamp().isBefore(one.stopDate()));
      assertThat(up.environment().store().list("locks/")).isEmpty();
      assertThat(up.environment().store().get("releases/checkout/prod.json").text())
          .contains(one.executionArn())
          .contains(two.executionArn());
    }
  }

  /** How long (real time) the person takes to approve the first release's gate. */
  private static final Duration PERSON_TAKES = Duration.ofSeconds(30);

  /** Waits until {@code execution}'s approval gate is open (its request is in the bucket). */
  private static void awaitGate(LocalUp up, dev.slipway.local.executor.Execution execution) {
    while (execution.status() == ExecutionStatus.RUNNING && approvalRequests(up).isEmpty()) {
      execution.await(Duration.ofMillis(5));
    }
  }

  private static java.util.List<JsonNode> approvalRequests(LocalUp up) {
    var store = up.environment().store();
    return store.list("artifacts/").stream()
        .filter(k -> k.contains("/approvals/"))
        .flatMap(
            k -> {
              try {
                return java.util.stream.Stream.of(Json.mapper().readTree(store.get(k).body()));
              } catch (java.io.IOException | RuntimeException goneMeanwhile) {
                return java.util.stream.Stream.empty(); // answered and removed meanwhile
              }
            })
        .toList();
  }

  /** SendTaskSuccess, as a person approving, for every gate still waiting. */
  private static void approveWaitingGates(AwsJson sfn, LocalUp up) {
    for (JsonNode request : approvalRequests(up)) {
      var decision = Json.mapper().createObjectNode().put("decision", "approve").put("by", "you");
      try {
        sfn.call(
            "SendTaskSuccess",
            AwsJson.input()
                .put("taskToken", request.path("taskToken").asText())
                .put("output", decision.toString()));
      } catch (RuntimeException answeredBefore) {
        // a gate approved in an earlier round: its token is spent
      }
    }
  }

  private static String start(AwsJson sfn, LocalUp up, String name, String input) {
    return sfn.call(
            "StartExecution",
            AwsJson.input()
                .put("stateMachineArn", up.executions().stateMachineArn())
                .put("name", name)
                .put("input", input))
        .path("executionArn")
        .asText();
  }

  private static String demoInput(Scenario scenario) throws Exception {
    return Files.readString(RunOptions.demo(ReleaseScenarioTest.EVENTS, scenario).releaseInput());
  }

  /** StartExecution through up's endpoint, then DescribeExecution once the execution ended. */
  private static JsonNode startAndAwait(LocalUp up, String name, String input) {
    AwsJson sfn = AwsJson.stepFunctions(http(), Optional.of(up.aws().uri()));
    String arn = start(sfn, up, name, input);
    up.executions().byArn(arn).orElseThrow().execution().await(Duration.ofMinutes(1));
    return sfn.call("DescribeExecution", AwsJson.input().put("executionArn", arn));
  }
}
