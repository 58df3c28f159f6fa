package dev.slipway.webhook.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.awshttp.AwsCredentials;
import dev.slipway.awshttp.AwsHttp;
import dev.slipway.awshttp.AwsJson;
import dev.slipway.awshttp.CredentialSource;
import dev.slipway.awshttp.HttpFake;
import dev.slipway.awshttp.SecretsManagerSource;
import dev.slipway.model.Json;
import dev.slipway.model.RetryableStepException;
import dev.slipway.model.SlipwayException;
import dev.slipway.model.TerminalStepException;
import dev.slipway.webhook.ExecutionStarter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The adapters against a real HTTP fake, checking the exact requests they send. */
class AdapterTest {
  static final String MACHINE =
      "arn:aws:states:us-east-1:123456789012:stateMachine:slipway-release";
  static final Map<String, String> JSON10 = Map.of("Content-Type", "application/x-amz-json-1.0");
  static final Map<String, String> JSON11 = Map.of("Content-Type", "application/x-amz-json-1.1");

  /** One attempt, so that each scripted answer is seen as it is. */
  static AwsHttp http() {
    return new AwsHttp(
        CredentialSource.fixed(AwsCredentials.of("AKIDEXAMPLE", "secret-key")),
        "us-east-1",
        Clock.systemUTC(),
        new AwsHttp.Settings(
            Duration.ofSeconds(1), Duration.ofSeconds(2), 1, Duration.ZERO, Duration.ofSeconds(5)),
        d -> {});
  }

  HttpFake fake;

  @BeforeEach
  void start() throws Exception {
    fake = new HttpFake();
  }

  @AfterEach
  void stop() {
    fake.close();
  }

  StepFunctionsAdapter sfn() {
    return new StepFunctionsAdapter(
        AwsJson.stepFunctions(http(), Optional.of(fake.uri())), MACHINE);
  }

  static JsonNode json(String s) throws Exception {
    return Json.mapper().readTree(s);
  }

  @Test
  void start_shouldSendStartExecution_withNameInputAndMachine() throws Exception {
    fake.then(
        200,
        JSON10,
        "{\"executionArn\":\""
            + MACHINE.replace("stateMachine", "execution")
            + ":n1\",\"startDate\":1.7957412E9}");

    ExecutionStarter.Started started = sfn().start("n1", "{\"app\":\"checkout\"}");

    HttpFake.Request req = fake.only();
    assertThat(req.method()).isEqualTo("POST");
    assertThat(req.path()).isEqualTo("/");
    assertThat(req.header("X-Amz-Target")).isEqualTo("AWSStepFunctions.StartExecution");
    assertThat(req.header("Content-Type")).isEqualTo("application/x-amz-json-1.0");
    assertThat(req.header("Authorization"))
        .startsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/")
        .contains("/us-east-1/states/aws4_request");
    JsonNode body = json(req.body());
    assertThat(body.path("stateMachineArn").asText()).isEqualTo(MACHINE);
    assertThat(body.path("name").asText()).isEqualTo("n1");
    assertThat(body.path("input").asText()).isEqualTo("{\"app\":\"checkout\"}");
    assertThat(started.alreadyExisted()).isFalse();
    assertThat(started.startDate()).isEqualTo(Instant.parse("2026-11-27T01:00:00Z"));
    assertThat(started.executionArn()).endsWith(":execution:slipway-release:n1");
  }

  @Test
  void start_shouldReturnTheExistingExecution_whenTheNameIsTaken() {
    fake.then(
        400,
        JSON10,
        "{\"__type\":\"com.amazonaws.swf.service.v2.model#ExecutionAlreadyExists\",\"message\":\"Execution Already Exists: 'x'\"}");

    ExecutionStarter.Started started = sfn().start("checkout-stg-142", "{}");

    assertThat(started.alreadyExisted()).isTrue();
    assertThat(started.executionArn())
        .isEqualTo(
            "arn:aws:states:us-east-1:123456789012:execution:slipway-release:checkout-stg-142");
  }

  @Test
  void start_shouldBeRetryable_onThrottlingAnd5xx() {
    fake.then(400, JSON10, "{\"__type\":\"ThrottlingException\",\"message\":\"Rate exceeded\"}");
    assertThatThrownBy(() -> sfn().start("n", "{}")).isInstanceOf(RetryableStepException.class);
    fake.requests.clear();

    try (HttpFake down = new HttpFake()) {
      down.then(503, JSON10, "{\"__type\":\"ServiceUnavailable\",\"message\":\"down\"}");
      StepFunctionsAdapter a =
          new StepFunctionsAdapter(AwsJson.stepFunctions(http(), Optional.of(down.uri())), MACHINE);
      assertThatThrownBy(() -> a.start("n", "{}"))
          .isInstanceOfSatisfying(
              RetryableStepException.class,
              e -> assertThat(e.errorName()).isEqualTo("Slipway.Webhook.StartFailed"));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void start_shouldBeTerminal_whenTheStateMachineDoesNotExist() {
    fake.then(
        400,
        JSON10,
        "{\"__type\":\"StateMachineDoesNotExist\",\"message\":\"State Machine Does Not Exist\"}");

    assertThatThrownBy(() -> sfn().start("n", "{}"))
        .isInstanceOfSatisfying(
            TerminalStepException.class,
            e ->
                assertThat(e.causeText())
                    .contains("StateMachineDoesNotExist")
                    .contains("SLIPWAY_STATE_MACHINE_ARN"));
  }

  @Test
  void succeedAndFail_shouldSendTheTaskToken_andReportATimedOutTask() throws Exception {
    fake.then(200, JSON10, "{}")
        .then(400, JSON10, "{\"__type\":\"TaskTimedOut\",\"message\":\"timed out\"}");

    assertThat(sfn().succeed("tok-1", "{\"approved\":true}")).isTrue();
    assertThat(sfn().fail("tok-2", "Slipway.Approval.Rejected", "rejected by lee")).isFalse();

    assertThat(fake.requests.get(0).header("X-Amz-Target"))
        .isEqualTo("AWSStepFunctions.SendTaskSuccess");
    assertThat(json(fake.requests.get(0).body()).path("taskToken").asText()).isEqualTo("tok-1");
    assertThat(json(fake.requests.get(0).body()).path("output").asText())
        .isEqualTo("{\"approved\":true}");
    assertThat(fake.requests.get(1).header("X-Amz-Target"))
        .isEqualTo("AWSStepFunctions.SendTaskFailure");
    JsonNode failure = json(fake.requests.get(1).body());
    assertThat(failure.path("error").asText()).isEqualTo("Slipway.Approval.Rejected");
    assertThat(failure.path("cause").asText()).isEqualTo("rejected by lee");
  }

  SecretsManagerSource secrets() {
    return new SecretsManagerSource(AwsJson.secretsManager(http(), Optional.of(fake.uri())));
  }

  @Test
  void secret_shouldBeReadWithGetSecretValue() throws Exception {
    fake.then(
        200,
        JSON11,
        "{\"ARN\":\"arn:aws:secretsmanager:us-east-1:123456789012:secret:slipway/webhooks-AbCdEf\",\"Name\":\"slipway/webhooks\",\"SecretString\":\"{\\\"github\\\":\\\"s3cr3t\\\"}\",\"VersionId\":\"v1\"}");

    assertThat(secrets().secretString("slipway/webhooks")).isEqualTo("{\"github\":\"s3cr3t\"}");
    HttpFake.Request req = fake.only();
    assertThat(req.header("X-Amz-Target")).isEqualTo("secretsmanager.GetSecretValue");
    assertThat(json(req.body()).path("SecretId").asText()).isEqualTo("slipway/webhooks");
  }

  @Test
  void secret_shouldBeNamedErrors_neverContainingAValue() {
    fake.then(
            400,
            JSON11,
            "{\"__type\":\"ResourceNotFoundException\",\"message\":\"Secrets Manager can't find the specified secret.\"}")
        .then(400, JSON11, "{\"__type\":\"AccessDeniedException\",\"message\":\"not authorized\"}");

    assertThatThrownBy(() -> secrets().secretString("slipway/missing"))
        .isInstanceOfSatisfying(
            SlipwayException.class,
            e -> {
              assertThat(e.errorName()).isEqualTo("Slipway.Secrets.NotFound");
              assertThat(e.causeText()).contains("slipway/missing");
            });
    assertThatThrownBy(() -> secrets().secretString("slipway/webhooks"))
        .isInstanceOfSatisfying(
            SlipwayException.class,
            e -> assertThat(e.errorName()).isEqualTo("Slipway.Secrets.Unavailable"));
  }

  static final String NO_SUCH_KEY =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message></Error>";
}
