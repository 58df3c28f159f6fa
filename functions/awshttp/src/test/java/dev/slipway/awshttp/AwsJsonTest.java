package dev.slipway.awshttp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The JSON protocol client against a real loopback HTTP server, checking what goes on the wire. */
class AwsJsonTest {
  static final Map<String, String> JSON10 = Map.of("Content-Type", "application/x-amz-json-1.0");
  static final Instant NOW = Instant.parse("2026-11-27T10:15:30Z");

  HttpFake fake;
  List<Duration> pauses = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    fake = new HttpFake();
  }

  @AfterEach
  void stop() {
    fake.close();
  }

  AwsHttp http(int attempts) {
    return new AwsHttp(
        CredentialSource.fixed(new AwsCredentials("AKIDEXAMPLE", "secret", "session-token")),
        "eu-west-1",
        Clock.fixed(NOW, ZoneOffset.UTC),
        new AwsHttp.Settings(
            Duration.ofSeconds(1),
            Duration.ofSeconds(2),
            attempts,
            Duration.ofMillis(50),
            Duration.ofSeconds(5)),
        pauses::add);
  }

  @Test
  void call_shouldPostTheSignedOperation_andReturnTheAnswer() {
    fake.then(200, JSON10, "{\"executionArn\":\"arn:x\",\"startDate\":1.7957412E9}");
    AwsJson sfn = AwsJson.stepFunctions(http(3), Optional.of(fake.uri()));

    var answer = sfn.call("StartExecution", AwsJson.input().put("name", "n1"));

    assertThat(answer.path("executionArn").asText()).isEqualTo("arn:x");
    HttpFake.Request req = fake.only();
    assertThat(req.method()).isEqualTo("POST");
    assertThat(req.path()).isEqualTo("/");
    assertThat(req.body()).isEqualTo("{\"name\":\"n1\"}");
    assertThat(req.header("X-Amz-Target")).isEqualTo("AWSStepFunctions.StartExecution");
    assertThat(req.header("Content-Type")).isEqualTo("application/x-amz-json-1.0");
    assertThat(req.header("X-Amz-Date")).isEqualTo("20261127T101530Z");
    assertThat(req.header("X-Amz-Security-Token")).isEqualTo("session-token");
    assertThat(req.header("Authorization"))
        .startsWith(
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261127/eu-west-1/states/aws4_request, ")
        .contains(
            "SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date;x-amz-security-token;x-amz-target, ");
  }

  @Test
  void call_shouldSpeakJson11_toSecretsManager() {
    fake.then(
        200, Map.of("Content-Type", "application/x-amz-json-1.1"), "{\"SecretString\":\"s\"}");
    AwsJson.secretsManager(http(1), Optional.of(fake.uri()))
        .call("GetSecretValue", AwsJson.input().put("SecretId", "slipway/webhooks"));
    assertThat(fake.only().header("X-Amz-Target")).isEqualTo("secretsmanager.GetSecretValue");
    assertThat(fake.only().header("Content-Type")).isEqualTo("application/x-amz-json-1.1");
    assertThat(fake.only().header("Authorization"))
        .contains("/eu-west-1/secretsmanager/aws4_request");
  }

  @Test
  void call_shouldReadTheErrorCodeAndMessage_andNotRetryAClientError() {
    fake.then(
        400,
        JSON10,
        "{\"__type\":\"com.amazonaws.swf.service.v2.model#ExecutionAlreadyExists\","
            + "\"message\":\"Execution Already Exists: 'arn:x'\"}");
    AwsJson sfn = AwsJson.stepFunctions(http(3), Optional.of(fake.uri()));

    assertThatThrownBy(() -> sfn.call("StartExecution", AwsJson.input()))
        .isInstanceOfSatisfying(
            AwsCallException.class,
            e -> {
              assertThat(e.status()).isEqualTo(400);
              assertThat(e.code()).isEqualTo("ExecutionAlreadyExists");
              assertThat(e.awsMessage()).isEqualTo("Execution Already Exists: 'arn:x'");
              assertThat(e.retryable()).isFalse();
            });
    assertThat(fake.requests).hasSize(1);
  }

  @Test
  void call_shouldPreferTheErrorTypeHeader() {
    fake.then(
        400,
        Map.of("X-Amzn-ErrorType", "ResourceNotFoundException:http://internal.amazon.com/"),
        "{\"Message\":\"Secrets Manager can't find the specified secret.\"}");
    assertThatThrownBy(
            () ->
                AwsJson.secretsManager(http(1), Optional.of(fake.uri()))
                    .call("GetSecretValue", AwsJson.input()))
        .isInstanceOfSatisfying(
            AwsCallException.class,
            e -> {
              assertThat(e.code()).isEqualTo("ResourceNotFoundException");
              assertThat(e.awsMessage()).startsWith("Secrets Manager can't find");
            });
  }

  @Test
  void call_shouldRetryThrottlingAndServerErrors_thenSucceed() {
    fake.then(400, JSON10, "{\"__type\":\"ThrottlingException\",\"message\":\"Rate exceeded\"}")
        .then(503, Map.of(), "")
        .then(200, JSON10, "{}");

    AwsJson.stepFunctions(http(3), Optional.of(fake.uri()))
        .call("SendTaskSuccess", AwsJson.input());

    assertThat(fake.requests).hasSize(3);
    assertThat(pauses).hasSize(2);
    assertThat(pauses.get(0)).isBetween(Duration.ZERO, Duration.ofMillis(50));
    assertThat(pauses.get(1)).isBetween(Duration.ZERO, Duration.ofMillis(100));
    // each attempt is signed on its own: the same clock here, so the same signature
    assertThat(fake.requests.get(2).header("Authorization"))
        .isEqualTo(fake.requests.get(0).header("Authorization"));
  }

  @Test
  void call_shouldGiveUp_afterTheLastAttempt() {
    fake.then(500, JSON10, "{\"__type\":\"ServiceUnavailable\"}");
    assertThatThrownBy(
            () ->
                AwsJson.stepFunctions(http(3), Optional.of(fake.uri()))
                    .call("StartExecution", AwsJson.input()))
        .isInstanceOfSatisfying(AwsCallException.class, e -> assertThat(e.status()).isEqualTo(500));
    assertThat(fake.requests).hasSize(3);
  }

  @Test
  void call_shouldStartNoNewAttempt_onceTheBudgetIsSpent() {
    fake.then(503, JSON10, "{}");
    MovingClock moving = new MovingClock(NOW);
    AwsHttp http =
        new AwsHttp(
            CredentialSource.fixed(AwsCredentials.of("a", "b")),
            "eu-west-1",
            moving,
            new AwsHttp.Settings(
                Duration.ofSeconds(1),
                Duration.ofSeconds(2),
                10,
                Duration.ofMillis(50),
                Duration.ofSeconds(5)),
            d -> moving.advance(Duration.ofSeconds(3))); // each pause: 3 s pass

    assertThatThrownBy(
            () ->
                AwsJson.stepFunctions(http, Optional.of(fake.uri()))
                    .call("StartExecution", AwsJson.input()))
        .isInstanceOf(AwsCallException.class);
    // tries at 0 s, 3 s and 6 s; at 6 s the 5 s budget is spent: no fourth try
    assertThat(fake.requests).hasSize(3);
  }

  @Test
  void call_shouldReportNoAnswer_withStatusZero_whenNothingListens() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    AwsJson sfn =
        AwsJson.stepFunctions(http(2), Optional.of(URI.create("http://127.0.0.1:" + port)));

    assertThatThrownBy(() -> sfn.call("StartExecution", AwsJson.input()))
        .isInstanceOfSatisfying(
            AwsCallException.class,
            e -> {
              assertThat(e.status()).isZero();
              assertThat(e.retryable()).isTrue();
              assertThat(e.getMessage()).contains("StartExecution").contains("ConnectException");
            });
    assertThat(pauses).hasSize(1);
  }

  @Test
  void call_shouldReportAnAnswerThatIsNotJson() {
    fake.then(200, JSON10, "<html>proxy</html>");
    assertThatThrownBy(
            () ->
                AwsJson.stepFunctions(http(1), Optional.of(fake.uri()))
                    .call("StartExecution", AwsJson.input()))
        .isInstanceOfSatisfying(
            AwsCallException.class, e -> assertThat(e.awsMessage()).contains("not JSON"));
  }
}
