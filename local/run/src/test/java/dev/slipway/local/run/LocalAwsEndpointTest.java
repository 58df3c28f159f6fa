package dev.slipway.local.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.awshttp.AwsCallException;
import dev.slipway.awshttp.AwsCredentials;
import dev.slipway.awshttp.AwsHttp;
import dev.slipway.awshttp.AwsJson;
import dev.slipway.awshttp.CredentialSource;
import dev.slipway.awshttp.SecretsManagerSource;
import dev.slipway.local.executor.LocalExecutor;
import dev.slipway.model.Json;
import dev.slipway.model.TerminalStepException;
import dev.slipway.webhook.aws.StepFunctionsAdapter;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The local AWS endpoint through the clients the webhook uses ({@code functions/awshttp}, signed
 * with fixed local keys): each operation, AWS's error shapes, idempotent StartExecution, and an
 * unsigned request.
 */
class LocalAwsEndpointTest {
  /** One task that waits for its token, then ends with the answer. */
  static final String GATE =
      """
      {"StartAt": "Gate", "States": {"Gate": {"Type": "Task",
        "Resource": "arn:aws:states:::lambda:invoke.waitForTaskToken",
        "Parameters": {"FunctionName": "Notify", "Payload": {"token.$": "$$.Task.Token"}},
        "End": true}}}
      """;

  static final String SECRET = "{\"build\":\"s3cr3t-value\"}";

  /** The gate's notification: writes nothing back, as an approval request does not. */
  public static final class Notify implements RequestStreamHandler {
    @Override
    public void handleRequest(InputStream in, OutputStream out, Context context) {
      // the token reaches the test through TaskTokens.waiting()
    }
  }

  LocalExecutor executor;
  LocalExecutionStarter starter;
  LocalAwsEndpoint endpoint;
  AwsJson sfn;
  AwsJson secrets;
  final List<String> log = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() {
    executor =
        LocalExecutor.builder()
            .stateMachineName("slipway-release")
            .function("Notify", new Notify())
            .callbackGrace(Duration.ofMinutes(5))
            .log(line -> {})
            .build();
    starter = new LocalExecutionStarter(executor, GATE);
    endpoint =
        LocalAwsEndpoint.start(
            starter,
            executor.taskTokens(),
            Map.of("slipway/webhooks", SECRET),
            log::add,
            new SplittableRandom(7));
    AwsHttp http =
        new AwsHttp(
            CredentialSource.fixed(AwsCredentials.of("slipway-local", "slipway-local")),
            LocalEnvironment.REGION);
    sfn = AwsJson.stepFunctions(http, Optional.of(endpoint.uri()));
    secrets = AwsJson.secretsManager(http, Optional.of(endpoint.uri()));
  }

  @AfterEach
  void stop() {
    endpoint.close();
    starter.close();
  }

  JsonNode startExecution(String name, String input) {
    return sfn.call(
        "StartExecution",
        AwsJson.input()
            .put("stateMachineArn", executor.stateMachineArn())
            .put("name", name)
            .put("input", input));
  }

  JsonNode describe(String arn) {
    return sfn.call("DescribeExecution", AwsJson.input().put("executionArn", arn));
  }

  /** StopExecution; a null error or cause is left out of the request. */
  JsonNode stopExecution(String arn, String error, String cause) {
    var in = AwsJson.input().put("executionArn", arn);
    if (error != null) {
      in.put("error", error);
    }
    if (cause != null) {
      in.put("cause", cause);
    }
    return sfn.call("StopExecution", in);
  }

  String waitingToken() throws InterruptedException {
    for (int i = 0; i < 500 && executor.taskTokens().waiting().isEmpty(); i++) {
      Thread.sleep(10);
    }
    assertThat(executor.taskTokens().waiting()).hasSize(1);
    return executor.taskTokens().waiting().get(0);
  }

  JsonNode awaitEnd(String arn) {
    starter.byArn(arn).orElseThrow().execution().await(Duration.ofSeconds(10));
    return describe(arn);
  }

  @Test
  void startExecution_shouldRunItOnTheLocalExecutor_andDescribeExecutionShouldShowIt()
      throws Exception {
    JsonNode started = startExecution("release-1", "{\"app\":\"checkout\"}");

    String arn = started.path("executionArn").asText();
    assertThat(arn)
        .isEqualTo("arn:aws:states:us-east-1:123456789012:execution:slipway-release:release-1");
    assertThat(started.path("startDate").isNumber()).isTrue();
    assertThat(started.path("startDate").asDouble())
        .isCloseTo(
            starter.byArn(arn).orElseThrow().execution().startDate().toEpochMilli() / 1000.0,
            offset(0.001));
    waitingToken();
    JsonNode running = describe(arn);
    assertThat(running.path("status").asText()).isEqualTo("RUNNING");
    assertThat(running.path("name").asText()).isEqualTo("release-1");
    assertThat(running.path("stateMachineArn").asText()).isEqualTo(executor.stateMachineArn());
    assertThat(running.path("input").asText()).isEqualTo("{\"app\":\"checkout\"}");
    assertThat(running.has("stopDate")).isFalse();
    assertThat(log).contains("aws: AWSStepFunctions.StartExecution → 200");
  }

  @Test
  void sendTaskSuccess_shouldEndTheWaitingTask_withTheOutput() throws Exception {
    String arn = startExecution("release-2", "{}").path("executionArn").asText();

    sfn.call(
        "SendTaskSuccess",
        AwsJson.input()
            .put("taskToken", waitingToken())
            .put("output", "{\"decision\":\"approve\"}"));

    JsonNode ended = awaitEnd(arn);
    assertThat(ended.path("status").asText()).isEqualTo("SUCCEEDED");
    assertThat(ended.path("output").asText()).isEqualTo("{\"decision\":\"approve\"}");
    assertThat(ended.path("stopDate").isNumber()).isTrue();
  }

  @Test
  void sendTaskFailure_shouldFailTheExecution_withTheErrorAndCause() throws Exception {
    String arn = startExecution("release-3", "{}").path("executionArn").asText();

    sfn.call(
        "SendTaskFailure",
        AwsJson.input()
            .put("taskToken", waitingToken())
            .put("error", "Slipway.Approval.Rejected")
            .put("cause", "rejected by mona"));

    JsonNode ended = awaitEnd(arn);
    assertThat(ended.path("status").asText()).isEqualTo("FAILED");
    assertThat(ended.path("error").asText()).isEqualTo("Slipway.Approval.Rejected");
    assertThat(ended.path("cause").asText()).isEqualTo("rejected by mona");
  }

  @Test
  void sendTask_shouldAnswerTaskDoesNotExist_whenNoTaskWaitsForTheToken() {
    assertThatThrownBy(
            () ->
                sfn.call(
                    "SendTaskSuccess",
                    AwsJson.input().put("taskToken", "no-such-token").put("output", "{}")))
        .isInstanceOfSatisfying(
            AwsCallException.class,
            e -> {
              assertThat(e.status()).isEqualTo(400);
              assertThat(e.code()).isEqualTo("TaskDoesNotExist");
            });
    // the webhook's approval endpoint reads that as "the gate closed first"
    var adapter = new StepFunctionsAdapter(sfn, executor.stateMachineArn());
    assertThat(adapter.fail("no-such-token", "Slipway.Approval.Rejected", "late")).isFalse();
  }

  @Test
  void sendTaskSuccess_shouldAnswerInvalidOutput_whenTheOutputIsNotJson() throws Exception {
    startExecution("release-4", "{}");
    String token = waitingToken();

    assertThatThrownBy(
            () ->
                sfn.call(
                    "SendTaskSuccess",
                    AwsJson.input().put("taskToken", token).put("output", "approve")))
        .isInstanceOfSatisfying(
            AwsCallException.class, e -> assertThat(e.code()).isEqualTo("InvalidOutput"));
    assertThat(executor.taskTokens().waiting()).containsExactly(token);
  }

  @Test
  void startExecution_shouldAnswerWithTheSameExecution_whenTheSameNameAndInputComeAgain() {
    JsonNode first = startExecution("release-5", "{\"build\":\"142\"}");
    JsonNode again = startExecution("release-5", "{\"build\":\"142\"}");

    assertThat(again.path("executionArn").asText()).isEqualTo(first.path("executionArn").asText());
    assertThat(again.path("startDate").decimalValue())
        .isEqualByComparingTo(first.path("startDate").decimalValue());
    assertThat(starter.count()).isEqualTo(1);
  }

  @Test
  void startExecution_shouldAnswerExecutionAlreadyExists_whenTheNameComesWithAnotherInput() {
    startExecution("release-6", "{\"build\":\"142\"}");

    assertThatThrownBy(() -> startExecution("release-6", "{\"build\":\"143\"}"))
        .isInstanceOfSatisfying(
            AwsCallException.class,
            e -> {
              assertThat(e.status()).isEqualTo(400);
              assertThat(e.code()).isEqualTo("ExecutionAlreadyExists");
              assertThat(e.awsMessage()).contains("release-6");
            });
    // the webhook reads that as a duplicate delivery of the same build
    var adapter = new StepFunctionsAdapter(sfn, executor.stateMachineArn());
    var started = adapter.start("release-6", "{\"build\":\"144\"}");
    assertThat(started.alreadyExisted()).isTrue();
    assertThat(started.executionArn()).endsWith(":execution:slipway-release:release-6");
    assertThat(starter.count()).isEqualTo(1);
  }

  @Test
  void startExecution_shouldAnswerExecutionAlreadyExists_whenTheNamedExecutionHasEnded()
      throws Exception {
    String arn = startExecution("release-7", "{}").path("executionArn").asText();
    executor.taskTokens().sendTaskSuccess(waitingToken(), "{}");
    assertThat(awaitEnd(arn).path("status").asText()).isEqualTo("SUCCEEDED");

    assertThatThrownBy(() -> startExecution("release-7", "{}"))
        .isInstanceOfSatisfying(
            AwsCallException.class, e -> assertThat(e.code()).isEqualTo("ExecutionAlreadyExists"));
  }

  @Test
  void startExecution_shouldNameTheExecution_whenNoNameIsGiven() {
    JsonNode started =
        sfn.call(
            "StartExecution", AwsJson.input().put("stateMachineArn", executor.stateMachineArn()));

    assertThat(started.path("executionArn").asText())
        .matches(".*:execution:slipway-release:[0-9a-f-]{36}");
  }

  @Test
  void startExecution_shouldAnswerStateMachineDoesNotExist_forAnotherStateMachine() {
    assertThatThrownBy(
            () ->
                sfn.call(
                    "StartExecution",
                    AwsJson.input()
                        .put(
                            "stateMachineArn",
                            "arn:aws:states:us-east-1:123456789012:stateMachine:other")
                        .put("name", "x")))
        .isInstanceOfSatisfying(
            AwsCallException.class,
            e -> {
              assertThat(e.code()).isEqualTo("StateMachineDoesNotExist");
              assertThat(e.awsMessage()).contains(executor.stateMachineArn());
            });
    assertThat(starter.count()).isZero();
  }

  @Test
  void startExecution_shouldRefuseBadInput_withAwsErrorCodes() {
    assertThatThrownBy(() -> startExecution("release-8", "{not json"))
        .isInstanceOfSatisfying(
            AwsCallException.class, e -> assertThat(e.code()).isEqualTo("InvalidExecutionInput"));
    assertThatThrownBy(() -> startExecution("a name with spaces", "{}"))
        .isInstanceOfSatisfying(
            AwsCallException.class, e -> assertThat(e.code()).isEqualTo("InvalidName"));
    assertThatThrownBy(() -> sfn.call("StartExecution", AwsJson.input().put("name", "x")))
        .isInstanceOfSatisfying(
            AwsCallException.class,
            e -> {
              assertThat(e.code()).isEqualTo("ValidationException");
              assertThat(e.awsMessage()).contains("stateMachineArn");
            });
    assertThat(starter.count()).isZero();
  }

  @Test
  void describeExecution_shouldAnswerExecutionDoesNotExist_forAnUnknownArn() {
    assertThatThrownBy(
            () -> describe("arn:aws:states:us-east-1:123456789012:execution:slipway-release:nope"))
        .isInstanceOfSatisfying(
            AwsCallException.class,
            e -> {
              assertThat(e.status()).isEqualTo(400);
              assertThat(e.code()).isEqualTo("ExecutionDoesNotExist");
            });
  }

  @Test
  void stopExecution_shouldAbortAnExecutionWaitingForItsToken_asDescribeExecutionThenShows()
      throws Exception {
    String arn = startExecution("release-stop", "{}").path("executionArn").asText();
    waitingToken();

    JsonNode stopped =
        stopExecution(arn, "Operator.Stopped", "stopped by mona after the core wave");

    JsonNode described = describe(arn);
    assertThat(described.path("status").asText()).isEqualTo("ABORTED");
    assertThat(described.path("error").asText()).isEqualTo("Operator.Stopped");
    assertThat(described.path("cause").asText()).isEqualTo("stopped by mona after the core wave");
    assertThat(described.path("stopDate").decimalValue())
        .isEqualByComparingTo(stopped.path("stopDate").decimalValue());
    assertThat(executor.taskTokens().waiting()).isEmpty();
    assertThat(starter.byArn(arn).orElseThrow().execution().historyTypes())
        .endsWith("ExecutionAborted");
    assertThat(log).contains("aws: AWSStepFunctions.StopExecution → 200");
  }

  @Test
  void listExecutions_shouldListNewestFirst_filterByStatus_andPage() throws Exception {
    String first = startExecution("release-a", "{}").path("executionArn").asText();
    sfn.call(
        "SendTaskSuccess", AwsJson.input().put("taskToken", waitingToken()).put("output", "{}"));
    awaitEnd(first);
    String second = startExecution("release-b", "{}").path("executionArn").asText();
    waitingToken();

    JsonNode all =
        sfn.call(
            "ListExecutions", AwsJson.input().put("stateMachineArn", executor.stateMachineArn()));
    assertThat(all.path("executions").findValuesAsText("name"))
        .containsExactly("release-b", "release-a");
    assertThat(all.path("executions").get(1).path("status").asText()).isEqualTo("SUCCEEDED");
    assertThat(all.path("executions").get(1).path("stopDate").isNumber()).isTrue();
    assertThat(all.has("nextToken")).isFalse();

    JsonNode running =
        sfn.call(
            "ListExecutions",
            AwsJson.input()
                .put("stateMachineArn", executor.stateMachineArn())
                .put("statusFilter", "RUNNING"));
    assertThat(running.path("executions").findValuesAsText("executionArn")).containsExactly(second);

    JsonNode page1 =
        sfn.call(
            "ListExecutions",
            AwsJson.input()
                .put("stateMachineArn", executor.stateMachineArn())
                .put("maxResults", 1));
    assertThat(page1.path("executions").findValuesAsText("name")).containsExactly("release-b");
    JsonNode page2 =
        sfn.call(
            "ListExecutions",
            AwsJson.input()
                .put("stateMachineArn", executor.stateMachineArn())
                .put("maxResults", 1)
                .put("nextToken", page1.path("nextToken").asText()));
    assertThat(page2.path("executions").findValuesAsText("name")).containsExactly("release-a");
    assertThat(page2.has("nextToken")).isFalse();

    assertThatThrownBy(
            () ->
                sfn.call(
                    "ListExecutions",
                    AwsJson.input()
                        .put("stateMachineArn", executor.stateMachineArn())
                        .put("nextToken", "forged")))
        .isInstanceOfSatisfying(
            AwsCallException.class, e -> assertThat(e.code()).isEqualTo("InvalidToken"));
    assertThatThrownBy(
            () ->
                sfn.call(
                    "ListExecutions",
                    AwsJson.input().put("stateMachineArn", executor.stateMachineArn() + "-other")))
        .isInstanceOfSatisfying(
            AwsCallException.class,
            e -> assertThat(e.code()).isEqualTo("StateMachineDoesNotExist"));
  }

  @Test
  void getExecutionHistory_shouldAnswerTheEventsAsStepFunctionsDoes() throws Exception {
    String arn =
        startExecution("release-h", "{\"app\":\"checkout\"}").path("executionArn").asText();
    waitingToken();

    JsonNode history = sfn.call("GetExecutionHistory", AwsJson.input().put("executionArn", arn));
    JsonNode events = history.path("events");
    assertThat(events.get(0).path("type").asText()).isEqualTo("ExecutionStarted");
    assertThat(events.get(0).path("timestamp").isNumber()).isTrue();
    assertThat(events.get(0).path("executionStartedEventDetails").path("input").asText())
        .isEqualTo("{\"app\":\"checkout\"}");
    assertThat(events.findValuesAsText("type")).contains("TaskStateEntered");
    assertThat(events.findValues("stateEnteredEventDetails").get(0).path("name").asText())
        .isEqualTo("Gate");

    JsonNode newest =
        sfn.call(
            "GetExecutionHistory",
            AwsJson.input()
                .put("executionArn", arn)
                .put("reverseOrder", true)
                .put("maxResults", 1)
                .put("includeExecutionData", false));
    assertThat(newest.path("events")).hasSize(1);
    assertThat(newest.path("events").get(0).path("id").asLong())
        .isEqualTo(events.get(events.size() - 1).path("id").asLong());
    assertThat(newest.path("nextToken").asText()).isNotEmpty();
    JsonNode bare =
        sfn.call(
            "GetExecutionHistory",
            AwsJson.input().put("executionArn", arn).put("includeExecutionData", false));
    assertThat(bare.path("events").get(0).path("executionStartedEventDetails").has("input"))
        .isFalse();
  }

  @Test
  void stopExecution_shouldLeaveAnEndedExecutionAsItEnded() throws Exception {
    String arn = startExecution("release-done", "{}").path("executionArn").asText();
    sfn.call(
        "SendTaskSuccess", AwsJson.input().put("taskToken", waitingToken()).put("output", "{}"));
    JsonNode ended = awaitEnd(arn);

    JsonNode stopped = stopExecution(arn, null, null);

    assertThat(describe(arn).path("status").asText()).isEqualTo("SUCCEEDED");
    assertThat(stopped.path("stopDate").decimalValue())
        .isEqualByComparingTo(ended.path("stopDate").decimalValue());
  }

  @Test
  void stopExecution_shouldAnswerAwsErrors_forAnUnknownArnOrAnOverlongError() throws Exception {
    assertThatThrownBy(
            () ->
                stopExecution(
                    "arn:aws:states:us-east-1:123456789012:execution:slipway-release:no",
                    null,
                    null))
        .isInstanceOfSatisfying(
            AwsCallException.class, e -> assertThat(e.code()).isEqualTo("ExecutionDoesNotExist"));
    String arn = startExecution("release-long", "{}").path("executionArn").asText();
    waitingToken();
    assertThatThrownBy(() -> stopExecution(arn, "E".repeat(257), null))
        .isInstanceOfSatisfying(
            AwsCallException.class,
            e -> {
              assertThat(e.code()).isEqualTo("ValidationException");
              assertThat(e.getMessage()).contains("'error'").doesNotContain("EEEE");
            });
    assertThat(describe(arn).path("status").asText()).isEqualTo("RUNNING");
  }

  @Test
  void getSecretValue_shouldAnswerTheStoredSecret_andResourceNotFoundForOthers() {
    var source = new SecretsManagerSource(secrets);

    assertThat(source.secretString("slipway/webhooks")).isEqualTo(SECRET);
    JsonNode answer =
        secrets.call("GetSecretValue", AwsJson.input().put("SecretId", "slipway/webhooks"));
    assertThat(answer.path("Name").asText()).isEqualTo("slipway/webhooks");
    assertThat(answer.path("VersionStages").get(0).asText()).isEqualTo("AWSCURRENT");
    assertThatThrownBy(() -> source.secretString("other/secret"))
        .isInstanceOfSatisfying(
            TerminalStepException.class,
            e -> assertThat(e.errorName()).isEqualTo("Slipway.Secrets.NotFound"));
    assertThat(String.join("\n", log)).doesNotContain("s3cr3t-value");
  }

  @Test
  void anUnknownOperation_shouldAnswerUnknownOperationException_namingWhatIsServed() {
    assertThatThrownBy(() -> sfn.call("ListStateMachines", AwsJson.input()))
        .isInstanceOfSatisfying(
            AwsCallException.class,
            e -> {
              assertThat(e.status()).isEqualTo(400);
              assertThat(e.code()).isEqualTo("UnknownOperationException");
              assertThat(e.awsMessage())
                  .contains("AWSStepFunctions.ListStateMachines")
                  .contains("AWSStepFunctions.ListExecutions")
                  .contains("AWSStepFunctions.GetExecutionHistory")
                  .contains("AWSStepFunctions.StartExecution")
                  .contains("secretsmanager.GetSecretValue");
            });
  }

  @Test
  void anUnsignedRequest_shouldBeRefused_withMissingAuthenticationToken() throws Exception {
    Raw unsigned = post(null);
    Raw bearer = post("Bearer abc");

    assertThat(unsigned.status()).isEqualTo(403);
    assertThat(unsigned.body().path("__type").asText())
        .isEqualTo("MissingAuthenticationTokenException");
    assertThat(bearer.status()).isEqualTo(403);
    assertThat(bearer.body().path("__type").asText()).isEqualTo("IncompleteSignatureException");
    assertThat(starter.count()).isZero();
  }

  record Raw(int status, JsonNode body) {}

  Raw post(String authorization) throws Exception {
    var c = (HttpURLConnection) endpoint.uri().resolve("/").toURL().openConnection();
    c.setRequestMethod("POST");
    c.setDoOutput(true);
    c.setRequestProperty("Content-Type", "application/x-amz-json-1.0");
    c.setRequestProperty("X-Amz-Target", "AWSStepFunctions.StartExecution");
    if (authorization != null) {
      c.setRequestProperty("Authorization", authorization);
    }
    String body =
        "{\"stateMachineArn\":\"" + executor.stateMachineArn() + "\",\"name\":\"unsigned\"}";
    try (OutputStream out = c.getOutputStream()) {
      out.write(body.getBytes(StandardCharsets.UTF_8));
    }
    int status = c.getResponseCode();
    try (InputStream in = c.getErrorStream()) {
      return new Raw(status, Json.mapper().readTree(in));
    }
  }
}
