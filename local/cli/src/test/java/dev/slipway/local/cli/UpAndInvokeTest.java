package dev.slipway.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.local.run.LocalEnvironment;
import dev.slipway.local.run.RunOptions;
import dev.slipway.local.run.Scenario;
import dev.slipway.model.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code slipway up}'s environment, then {@code slipway invoke manifests|deploy|rollback
 * --env-file}: each function in its own JVM, against the embedded S3 and cluster of {@code slipway
 * run}, as a user tries one function at a time.
 */
class UpAndInvokeTest {
  private static final Path EVENTS = Path.of("../../events");
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final PrintStream oldOut = System.out;
  private LocalEnvironment env;
  @TempDir Path dir;

  @BeforeEach
  void up() {
    env = LocalEnvironment.start(RunOptions.demo(EVENTS, Scenario.HEALTHY), Instant.now());
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void down() {
    System.setOut(oldOut);
    env.close();
  }

  private JsonNode invoke(String function, Path envFile) throws Exception {
    out.reset();
    int rc =
        SlipwayCli.execute(
            "invoke",
            function,
            "--event",
            EVENTS.resolve("invoke/" + function + ".json").toString(),
            "--env-file",
            envFile.toString());
    assertThat(rc).as(function + ": " + out).isZero();
    return Json.mapper().readTree(out.toString(StandardCharsets.UTF_8));
  }

  @Test
  void invoke_shouldRenderDeployAndRollBack_againstTheLocalEnvironment() throws Exception {
    Path envFile = dir.resolve("local.env");
    UpCommand.write(UpCommand.environment(env), envFile);
    assertThat(Files.readString(envFile)).contains("SLIPWAY_S3_ENDPOINT=http://127.0.0.1:");

    JsonNode manifests = invoke("manifests", envFile);
    assertThat(manifests.at("/manifests/0/key").asText())
        .isEqualTo("artifacts/checkout/101/manifests/core-1.yaml");

    JsonNode deployed = invoke("deploy", envFile);
    // the state gets counts, the workloads the rollout polls and the key of every applied object
    assertThat(deployed.get("workloads").findValuesAsText("kind")).containsExactly("Deployment");
    assertThat(deployed.has("objects")).isFalse();
    assertThat(deployed.get("applied").asInt()).isEqualTo(3);
    assertThat(deployed.get("appliedKey").asText())
        .isEqualTo("artifacts/checkout/101/manifests/core-1.applied.json");
    var cluster = env.clusters().get("core-1").client();
    assertThat(cluster.apps().deployments().inNamespace("checkout").withName("checkout-api").get())
        .isNotNull();

    JsonNode rolledBack = invoke("rollback", envFile);
    assertThat(rolledBack.get("deleted").findValuesAsText("kind")).contains("Deployment");
    assertThat(cluster.apps().deployments().inNamespace("checkout").withName("checkout-api").get())
        .isNull();
  }
}
