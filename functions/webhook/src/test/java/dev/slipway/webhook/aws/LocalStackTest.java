package dev.slipway.webhook.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.awshttp.AwsCredentials;
import dev.slipway.awshttp.AwsHttp;
import dev.slipway.awshttp.AwsJson;
import dev.slipway.awshttp.CredentialSource;
import dev.slipway.awshttp.S3HttpStore;
import dev.slipway.awshttp.SecretsManagerSource;
import dev.slipway.webhook.ExecutionStarter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The same adapters against LocalStack's Step Functions, S3 and Secrets Manager, set up with the
 * same signed-HTTP client. Skipped where there is no Docker; {@link AdapterTest} covers them
 * against HTTP fakes and the awshttp module's tests cover S3 against S3Proxy everywhere.
 */
@Testcontainers(disabledWithoutDocker = true)
class LocalStackTest {
  @Container
  static final LocalStackContainer LOCALSTACK =
      new LocalStackContainer(DockerImageName.parse("localstack/localstack:4"))
          .withServices("stepfunctions", "s3", "secretsmanager");

  static AwsHttp http;
  static Optional<URI> endpoint;
  static String machineArn;

  @BeforeAll
  static void setUp() {
    http =
        new AwsHttp(
            CredentialSource.fixed(
                AwsCredentials.of(LOCALSTACK.getAccessKey(), LOCALSTACK.getSecretKey())),
            LOCALSTACK.getRegion());
    endpoint = Optional.of(LOCALSTACK.getEndpoint());
    machineArn =
        AwsJson.stepFunctions(http, endpoint)
            .call(
                "CreateStateMachine",
                AwsJson.input()
                    .put("name", "slipway-release")
                    .put("roleArn", "arn:aws:iam::000000000000:role/slipway")
                    .put(
                        "definition",
                        "{\"StartAt\":\"Wait\",\"States\":{\"Wait\":{\"Type\":\"Wait\",\"Seconds\":300,\"End\":true}}}"))
            .path("stateMachineArn")
            .asText();
  }

  @Test
  void start_shouldFindTheRunningExecution_whenTheNameIsTakenWithAnotherInput() {
    var adapter = new StepFunctionsAdapter(AwsJson.stepFunctions(http, endpoint), machineArn);

    ExecutionStarter.Started first = adapter.start("checkout-stg-142", "{\"delivery\":\"a\"}");
    ExecutionStarter.Started second = adapter.start("checkout-stg-142", "{\"delivery\":\"b\"}");

    assertThat(first.alreadyExisted()).isFalse();
    assertThat(second.alreadyExisted()).isTrue();
    assertThat(second.executionArn()).isEqualTo(first.executionArn());
  }

  @Test
  void s3_shouldHonourConditionalWrites() {
    http.send(
        "s3",
        "CreateBucket",
        new AwsHttp.Request(
            "PUT", URI.create(LOCALSTACK.getEndpoint() + "/slipway-localstack"), Map.of(), null),
        (operation, response) -> {
          throw new AssertionError("CreateBucket: " + response.status());
        });
    var store = new S3HttpStore(http, "slipway-localstack", endpoint);

    String etag = store.putIfAbsent("a.json", bytes("1"), "application/json").orElseThrow();
    assertThat(store.putIfAbsent("a.json", bytes("2"), "application/json")).isEmpty();
    assertThat(store.putIfMatch("a.json", bytes("3"), "application/json", "\"wrong\"")).isEmpty();
    assertThat(store.putIfMatch("a.json", bytes("4"), "application/json", etag)).isPresent();
    assertThat(store.find("a.json").orElseThrow().text()).isEqualTo("4");
    assertThat(store.find("missing.json")).isEmpty();
  }

  @Test
  void secrets_shouldReadTheSecretString() {
    AwsJson secrets = AwsJson.secretsManager(http, endpoint);
    secrets.call(
        "CreateSecret",
        AwsJson.input().put("Name", "slipway/webhooks").put("SecretString", "{\"github\":\"x\"}"));

    assertThat(new SecretsManagerSource(secrets).secretString("slipway/webhooks"))
        .isEqualTo("{\"github\":\"x\"}");
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
