package dev.slipway.run;

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

  private static String demoInput(Scenario scenario) throws Exception {
    return Files.readString(RunOptions.demo(ReleaseScenarioTest.EVENTS, scenario).releaseInput());
  }

  /** StartExecution through up's endpoint, then DescribeExecution once the execution ended. */
  private static JsonNode startAndAwait(LocalUp up, String name, String input) {
    AwsJson sfn = AwsJson.stepFunctions(http(), Optional.of(up.aws().uri()));
    String arn =
        sfn.call(
                "StartExecution",
                AwsJson.input()
                    .put("stateMachineArn", up.executions().stateMachineArn())
                    .put("name", name)
                    .put("input", input))
            .path("executionArn")
            .asText();
    up.executions().byArn(arn).orElseThrow().execution().await(Duration.ofMinutes(1));
    return sfn.call("DescribeExecution", AwsJson.input().put("executionArn", arn));
  }
}
