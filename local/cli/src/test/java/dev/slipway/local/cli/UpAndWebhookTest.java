package dev.slipway.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.awshttp.AwsCredentials;
import dev.slipway.awshttp.AwsHttp;
import dev.slipway.awshttp.AwsJson;
import dev.slipway.awshttp.CredentialSource;
import dev.slipway.local.executor.Execution;
import dev.slipway.local.executor.ExecutionStatus;
import dev.slipway.local.run.LocalEnvironment;
import dev.slipway.local.run.LocalUp;
import dev.slipway.local.run.RunOptions;
import dev.slipway.local.run.Scenario;
import dev.slipway.model.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code slipway up}, then {@code slipway invoke webhook --event <signed push> --env-file}: the
 * webhook, in its own JVM, reads its secret from up's local Secrets Manager and starts the release
 * on up's local Step Functions, where the real release state machine runs it with the local
 * functions of {@code slipway run}.
 */
class UpAndWebhookTest {
  private static final Path EVENTS = Path.of("../../events");
  private static final Path ASL = Path.of("../../statemachines/release.asl.json");
  private static final Path PUSH = EVENTS.resolve("webhooks/github/push-checkout.json");
  private static final String COMMIT = "9f2c1e4b7a3d5c6e8f0a1b2c3d4e5f6a7b8c9d0e";

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream progress = new ByteArrayOutputStream();
  private final PrintStream oldOut = System.out;
  private LocalUp up;
  @TempDir Path dir;

  @BeforeEach
  void up() throws Exception {
    up =
        LocalUp.start(
            RunOptions.demo(EVENTS, Scenario.HEALTHY),
            ASL,
            Instant.now(),
            new PrintStream(progress, true, StandardCharsets.UTF_8));
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void down() {
    System.setOut(oldOut);
    up.close();
  }

  private JsonNode invokeWebhook(Path envFile) throws Exception {
    out.reset();
    int rc =
        SlipwayCli.execute(
            "invoke", "webhook", "--event", PUSH.toString(), "--env-file", envFile.toString());
    assertThat(rc).as("webhook: " + out).isZero();
    // the webhook logs one JSON line per request; the invocation's response comes last
    String[] lines = out.toString(StandardCharsets.UTF_8).strip().split("\n");
    JsonNode response = Json.mapper().readTree(lines[lines.length - 1]);
    return Json.mapper()
        .createObjectNode()
        .put("statusCode", response.path("statusCode").asInt())
        .set("body", Json.mapper().readTree(response.path("body").asText()));
  }

  @Test
  void invokeWebhook_shouldStartTheRelease_thatRunsToTheEndOnUp() throws Exception {
    Path envFile = dir.resolve("local.env");
    UpCommand.write(UpCommand.environment(up), envFile);
    assertThat(Files.readString(envFile))
        .contains("SLIPWAY_SFN_ENDPOINT=http://127.0.0.1:")
        .contains("SLIPWAY_SECRETS_ENDPOINT=http://127.0.0.1:")
        .contains(
            "SLIPWAY_STATE_MACHINE_ARN=arn:aws:states:us-east-1:123456789012:stateMachine:"
                + "slipway-release")
        .contains("SLIPWAY_WEBHOOK_SECRET_ID=slipway/webhooks")
        .contains("SLIPWAY_API_URL=" + up.api().uri() + "\n");

    JsonNode started = invokeWebhook(envFile);

    assertThat(started.path("statusCode").asInt()).as(started + "\n" + out).isEqualTo(202);
    assertThat(started.at("/body/status").asText()).isEqualTo("started");
    String arn = started.at("/body/executionArn").asText();
    assertThat(arn)
        .startsWith(
            "arn:aws:states:us-east-1:123456789012:execution:slipway-release:checkout-prod-");
    Execution execution =
        up.executions().byArn(arn).orElseThrow().execution().await(Duration.ofMinutes(2));
    assertThat(execution.status())
        .as(execution.toJson(false).toString())
        .isEqualTo(ExecutionStatus.SUCCEEDED);

    // what a user sees: DescribeExecution on up's endpoint, the progress lines in up's output
    JsonNode described =
        AwsJson.stepFunctions(
                new AwsHttp(
                    CredentialSource.fixed(AwsCredentials.of("slipway-local", "slipway-local")),
                    LocalEnvironment.REGION),
                Optional.of(URI.create(up.awsEnvironment().get("SLIPWAY_SFN_ENDPOINT"))))
            .call("DescribeExecution", AwsJson.input().put("executionArn", arn));
    assertThat(described.path("status").asText()).isEqualTo("SUCCEEDED");
    JsonNode input = Json.mapper().readTree(described.path("input").asText());
    assertThat(input.path("app").asText()).isEqualTo("checkout");
    assertThat(input.path("commit").asText()).isEqualTo(COMMIT);
    String lines = progress.toString(StandardCharsets.UTF_8);
    assertThat(lines)
        .contains("aws: secretsmanager.GetSecretValue → 200")
        .contains("aws: AWSStepFunctions.StartExecution → 200")
        .contains("approval requested")
        .containsPattern("GenerateManifests +ok")
        .containsPattern("Released +ok");

    // it really deployed: the new image on the embedded cluster, and the release recorded
    var deployment =
        up.environment()
            .clusters()
            .get("edge-2")
            .client()
            .apps()
            .deployments()
            .inNamespace("checkout")
            .withName("checkout-api")
            .get();
    assertThat(deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
        .isEqualTo(input.at("/images/runtime").asText());
    assertThat(new String(up.environment().store().get("releases/checkout/prod.json").body()))
        .contains(COMMIT);

    // a redelivery of the same push starts nothing new
    JsonNode again = invokeWebhook(envFile);
    assertThat(again.path("statusCode").asInt()).as(again.toString()).isEqualTo(200);
    assertThat(again.at("/body/status").asText()).isEqualTo("duplicate");
    assertThat(again.at("/body/executionArn").asText()).isEqualTo(arn);
    assertThat(up.executions().count()).isEqualTo(1);
  }
}
