package dev.slipway.webhook.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.awshttp.HttpFake;
import dev.slipway.model.Json;
import dev.slipway.webhook.WebhookConfig;
import dev.slipway.webhook.WebhookService;
import dev.slipway.webhook.WebhookWiring;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The real object graph, built from environment variables the way the public no-arg constructor
 * builds it, answering a GitHub push through three HTTP fakes (S3, Secrets Manager, Step
 * Functions).
 */
class WiringTest {

  static String resource(String name) throws Exception {
    try (InputStream in = WiringTest.class.getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void service_fromEnvironment_shouldStartAnExecution_throughTheRealAdapters() throws Exception {
    try (HttpFake s3 = new HttpFake();
        HttpFake secrets = new HttpFake();
        HttpFake sfn = new HttpFake()) {
      s3.then(200, Map.of("ETag", "\"c1\""), resource("/events/config/slipway.yaml"))
          .then(200, Map.of("ETag", "\"d1\""), "");
      String secret = "{\"github\":\"slipway-test-secret\"}";
      secrets.then(
          200,
          Map.of("Content-Type", "application/x-amz-json-1.1"),
          Json.mapper()
              .createObjectNode()
              .put("Name", "slipway/webhooks")
              .put("SecretString", secret)
              .toString());
      sfn.then(
          200,
          Map.of("Content-Type", "application/x-amz-json-1.0"),
          "{\"executionArn\":\"arn:aws:states:us-east-1:123456789012:execution:slipway-release:x\",\"startDate\":1.7957412E9}");

      Map<String, String> env =
          env(
              "SLIPWAY_S3_ENDPOINT", s3.uri().toString(),
              "SLIPWAY_SECRETS_ENDPOINT", secrets.uri().toString(),
              "SLIPWAY_SFN_ENDPOINT", sfn.uri().toString());

      assertThat(WebhookConfig.from(env).localCredentials()).isTrue();
      WebhookService service =
          WebhookWiring.fromEnvironment(env, Clock.systemUTC()).webhookService();
      JsonNode event = Json.mapper().readTree(resource("/events/webhooks/github/push.json"));

      var response = service.handle(dev.slipway.webhook.TestAccess.decode(event));

      assertThat(response.status()).as(response.body()).isEqualTo(202);
      // the configuration, then the delivery recorded (id, then body) before the start, each a
      // conditional create, then marked started
      assertThat(s3.requests)
          .extracting(
              r -> r.method() + " " + r.path().replaceAll("/[0-9a-f]{64}\\.json", "/<sha>.json"))
          .containsExactly(
              "GET /slipway-bucket/config/slipway.yaml",
              "PUT /slipway-bucket/webhooks/deliveries/github/988d5200-450f-5638-b6d7-91f41745abd0.json",
              "PUT /slipway-bucket/webhooks/payloads/github/<sha>.json",
              "PUT /slipway-bucket/webhooks/payloads/github/<sha>.json");
      assertThat(s3.requests.get(1).header("If-None-Match")).isEqualTo("*");
      assertThat(s3.requests.get(2).header("If-None-Match")).isEqualTo("*");
      assertThat(s3.requests.get(3).header("If-Match")).isEqualTo("\"d1\"");
      assertThat(secrets.only().header("X-Amz-Target")).isEqualTo("secretsmanager.GetSecretValue");
      HttpFake.Request start = sfn.only();
      assertThat(start.header("X-Amz-Target")).isEqualTo("AWSStepFunctions.StartExecution");
      assertThat(Json.mapper().readTree(start.body()).path("name").asText())
          .startsWith("storefront-dev-");
    }
  }

  @Test
  void
      fromEnvironment_shouldSignWithTheContainerCredentials_whenLambdaGivesNoKeys_asUnderSnapStart()
          throws Exception {
    try (HttpFake aws = new HttpFake();
        HttpFake credentials = new HttpFake()) {
      // the signature is checked first (the secret), then the configuration is read
      aws.then(
              200,
              Map.of("Content-Type", "application/x-amz-json-1.1"),
              "{\"SecretString\":\"{\\\"github\\\":\\\"slipway-test-secret\\\"}\"}")
          .then(200, Map.of("ETag", "\"c1\""), resource("/events/config/slipway.yaml"))
          .then(200, Map.of("ETag", "\"d1\""), "")
          .then(200, Map.of("ETag", "\"p1\""), "")
          .then(
              200,
              Map.of("Content-Type", "application/x-amz-json-1.0"),
              "{\"executionArn\":\"arn:aws:states:us-east-1:123456789012:execution:m:n\"}")
          .then(200, Map.of("ETag", "\"p2\""), "");
      credentials.then(
          200,
          Map.of("Content-Type", "application/json"),
          "{\"AccessKeyId\":\"ASIASNAPSTART\",\"SecretAccessKey\":\"sk\","
              + "\"Token\":\"session\",\"Expiration\":\"2999-01-01T00:00:00Z\"}");
      Map<String, String> env =
          env(
              "SLIPWAY_AWS_ENDPOINT",
              aws.uri().toString(),
              "AWS_CONTAINER_CREDENTIALS_FULL_URI",
              credentials.uri() + "/2018-06-01/credentials",
              "AWS_CONTAINER_AUTHORIZATION_TOKEN",
              "container-token");
      WebhookConfig cfg = WebhookConfig.from(env);
      assertThat(cfg.localCredentials()).isFalse();
      WebhookService service =
          WebhookWiring.fromEnvironment(env, Clock.systemUTC()).webhookService();
      JsonNode event = Json.mapper().readTree(resource("/events/webhooks/github/push.json"));

      var response = service.handle(dev.slipway.webhook.TestAccess.decode(event));

      assertThat(response.status()).as(response.body()).isEqualTo(202);
      assertThat(credentials.only().header("Authorization")).isEqualTo("container-token");
      // secret, configuration, delivery id, delivery body, StartExecution, delivery started
      assertThat(aws.requests).hasSize(6);
      for (HttpFake.Request request : aws.requests) {
        assertThat(request.header("Authorization"))
            .startsWith("AWS4-HMAC-SHA256 Credential=ASIASNAPSTART/");
        assertThat(request.header("X-Amz-Security-Token")).isEqualTo("session");
      }
    }
  }

  @Test
  void awsPriming_shouldRunEveryCallOfTheRequestPath_ledgerWritesIncluded_againstItsOwnServer() {
    // throws if any call (GetObject, conditional PutObjects, GetSecretValue, StartExecution) fails
    AwsPriming.run();
  }

  /** The function's settings, with the endpoints (and credentials) given as name, value pairs. */
  static Map<String, String> env(String... more) {
    Map<String, String> env = new java.util.HashMap<>();
    env.put(
        "SLIPWAY_STATE_MACHINE_ARN",
        "arn:aws:states:us-east-1:123456789012:stateMachine:slipway-release");
    env.put("SLIPWAY_BUCKET", "slipway-bucket");
    env.put("AWS_REGION", "us-east-1");
    for (int i = 0; i < more.length; i += 2) {
      env.put(more[i], more[i + 1]);
    }
    return env;
  }
}
