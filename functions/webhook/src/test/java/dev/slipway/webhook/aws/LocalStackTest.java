package dev.slipway.webhook.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.store.S3ArtifactStore;
import dev.slipway.webhook.ExecutionStarter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * The same adapters against LocalStack's Step Functions, S3 and Secrets Manager. Skipped where
 * there is no Docker; {@link AdapterTest} covers them against HTTP fakes everywhere.
 */
@Testcontainers(disabledWithoutDocker = true)
class LocalStackTest {
  @Container
  static final LocalStackContainer LOCALSTACK =
      new LocalStackContainer(DockerImageName.parse("localstack/localstack:4"))
          .withServices("stepfunctions", "s3", "secretsmanager");

  static StaticCredentialsProvider credentials;
  static String machineArn;

  static <B extends software.amazon.awssdk.awscore.client.builder.AwsClientBuilder<B, ?>> B local(
      B b) {
    return b.endpointOverride(LOCALSTACK.getEndpoint())
        .region(Region.of(LOCALSTACK.getRegion()))
        .credentialsProvider(credentials);
  }

  @BeforeAll
  static void setUp() {
    credentials =
        StaticCredentialsProvider.create(
            AwsBasicCredentials.create(LOCALSTACK.getAccessKey(), LOCALSTACK.getSecretKey()));
    try (SfnClient sfn =
        local(SfnClient.builder()).httpClientBuilder(UrlConnectionHttpClient.builder()).build()) {
      machineArn =
          sfn.createStateMachine(
                  b ->
                      b.name("slipway-release")
                          .roleArn("arn:aws:iam::000000000000:role/slipway")
                          .definition(
                              "{\"StartAt\":\"Wait\",\"States\":{\"Wait\":{\"Type\":\"Wait\",\"Seconds\":300,\"End\":true}}}"))
              .stateMachineArn();
    }
  }

  @Test
  void start_shouldFindTheRunningExecution_whenTheNameIsTakenWithAnotherInput() {
    SfnClient client =
        local(SfnClient.builder()).httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    var adapter = new StepFunctionsAdapter(client, machineArn);

    ExecutionStarter.Started first = adapter.start("checkout-stg-142", "{\"delivery\":\"a\"}");
    ExecutionStarter.Started second = adapter.start("checkout-stg-142", "{\"delivery\":\"b\"}");

    assertThat(first.alreadyExisted()).isFalse();
    assertThat(second.alreadyExisted()).isTrue();
    assertThat(second.executionArn()).isEqualTo(first.executionArn());
  }

  @Test
  void s3_shouldHonourConditionalWrites() {
    S3Client s3 =
        local(S3Client.builder())
            .forcePathStyle(true)
            .httpClientBuilder(UrlConnectionHttpClient.builder())
            .build();
    s3.createBucket(b -> b.bucket("slipway-localstack"));
    var store = new S3ArtifactStore(s3, "slipway-localstack");

    String etag = store.putIfAbsent("a.json", bytes("1"), "application/json").orElseThrow();
    assertThat(store.putIfAbsent("a.json", bytes("2"), "application/json")).isEmpty();
    assertThat(store.putIfMatch("a.json", bytes("3"), "application/json", "\"wrong\"")).isEmpty();
    assertThat(store.putIfMatch("a.json", bytes("4"), "application/json", etag)).isPresent();
    assertThat(store.find("a.json").orElseThrow().text()).isEqualTo("4");
    assertThat(store.find("missing.json")).isEmpty();
  }

  @Test
  void secrets_shouldReadTheSecretString() {
    SecretsManagerClient client =
        local(SecretsManagerClient.builder())
            .httpClientBuilder(UrlConnectionHttpClient.builder())
            .build();
    client.createSecret(b -> b.name("slipway/webhooks").secretString("{\"github\":\"x\"}"));

    assertThat(new SecretsManagerSource(client).secretString("slipway/webhooks"))
        .isEqualTo("{\"github\":\"x\"}");
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
