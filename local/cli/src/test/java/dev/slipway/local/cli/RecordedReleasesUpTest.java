package dev.slipway.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import dev.slipway.webhook.ExecutionNames;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rollback, promote and re-run against {@code slipway up}: the releases run on up's local Step
 * Functions endpoint with the real release state machine and functions, and land on the embedded
 * clusters. The demo app {@code checkout} gets a {@code stg} environment (core-1) beside {@code
 * prod} (edge-1, edge-2).
 */
class RecordedReleasesUpTest {
  static final Path EVENTS = Path.of("../../events");
  static final Path ASL = Path.of("../../statemachines/release.asl.json");
  static final String IMAGE = "registry.example.com/acme/checkout:";
  static final String OPERATOR = "arn:aws:sts::123456789012:assumed-role/Operator/alice";

  final ByteArrayOutputStream progress = new ByteArrayOutputStream();
  LocalUp up;
  AwsJson sfn;
  @TempDir Path dir;

  @BeforeEach
  void up() throws Exception {
    String demo = Files.readString(EVENTS.resolve("demo/config/slipway.yaml"));
    String prod =
"""
    environments:
      - name: prod                            # approval required (the default for stg and prod)
        branches: [main]
        waves:
          - name: core
            clusters: [core-1]
          - name: edge
            clusters: [edge-1, edge-2]
        canaryGate: core
""";
    assertThat(demo).contains(prod);
    String stgAndProd =
"""
    environments:
      - name: stg
        branches: [main]
        waves:
          - name: stg
            clusters: [core-1]
      - name: prod
        branches: [main]
        waves:
          - name: edge
            clusters: [edge-1, edge-2]
""";
    Path config = dir.resolve("slipway.yaml");
    Files.writeString(config, demo.replace(prod, stgAndProd));
    up =
        LocalUp.start(
            new RunOptions(EVENTS, Scenario.HEALTHY, null, config, null, null, null, null, null),
            ASL,
            Instant.now(),
            new PrintStream(progress, true, StandardCharsets.UTF_8));
    sfn =
        AwsJson.stepFunctions(
            new AwsHttp(
                CredentialSource.fixed(AwsCredentials.of("slipway-local", "slipway-local")),
                LocalEnvironment.REGION),
            Optional.of(URI.create(up.awsEnvironment().get("SLIPWAY_SFN_ENDPOINT"))));
  }

  @AfterEach
  void down() {
    up.close();
  }

  String stateMachineArn() {
    return up.awsEnvironment().get("SLIPWAY_STATE_MACHINE_ARN");
  }

  static String commit(String build) {
    return ("c0ffee" + build + "0000000000000000000000000000000000").substring(0, 40);
  }

  /** A build's release as the webhook starts it (its name, its input), run to its end. */
  Execution release(String build, String env) throws Exception {
    ObjectNode input =
        (ObjectNode) Json.mapper().readTree(EVENTS.resolve("demo/releases/healthy.json").toFile());
    input.put("environment", env).put("build_num", build).put("commit", commit(build));
    input.put("skip_canary", true);
    input.with("images").put("runtime", IMAGE + build);
    input.with("images").put("build", "registry.example.com/acme/checkout-build:" + build);
    String name = ExecutionNames.of("checkout", env, build, commit(build), 0);
    JsonNode started =
        sfn.call(
            "StartExecution",
            AwsJson.input()
                .put("stateMachineArn", stateMachineArn())
                .put("name", name)
                .put("input", input.toString()));
    return finished(started.path("executionArn").asText());
  }

  Execution finished(String arn) {
    Execution execution =
        up.executions().byArn(arn).orElseThrow().execution().await(Duration.ofMinutes(3));
    assertThat(execution.status())
        .as(execution.toJson(false).toString())
        .isEqualTo(ExecutionStatus.SUCCEEDED);
    return execution;
  }

  String image(String cluster) {
    return up.environment()
        .clusters()
        .get(cluster)
        .client()
        .apps()
        .deployments()
        .inNamespace("checkout")
        .withName("checkout-api")
        .get()
        .getSpec()
        .getTemplate()
        .getSpec()
        .getContainers()
        .get(0)
        .getImage();
  }

  JsonNode record(String env) throws Exception {
    return Json.mapper()
        .readTree(up.environment().store().get("releases/checkout/" + env + ".json").body());
  }

  RecordedReleases service() {
    return new RecordedReleases(
        up.environment().store(),
        new StepFunctionsExecutions(sfn, stateMachineArn()),
        Clock.systemUTC());
  }

  @Test
  void rollbackPromoteRerun_shouldEachRunARecordedBuildThroughTheStateMachine() throws Exception {
    RecordedReleases releases = service();
    release("101", "prod");
    release("102", "prod");
    assertThat(image("edge-2")).isEqualTo(IMAGE + "102");

    // rollback: build 101's images and stored manifests, back on prod's clusters
    var rollback =
        releases.rollback(
            "checkout", "prod", null, new RecordedReleases.Ask(OPERATOR, "102 drops carts", false));
    assertThat(rollback.build()).isEqualTo("101");
    assertThat(rollback.replaces()).isEqualTo("102");
    assertThat(rollback.executionName())
        .isEqualTo(ExecutionNames.of("checkout", "prod", "101", commit("101"), 1));
    finished(rollback.executionArn());
    assertThat(image("edge-1")).isEqualTo(IMAGE + "101");
    assertThat(image("edge-2")).isEqualTo(IMAGE + "101");
    JsonNode live = record("prod").path("live");
    assertThat(live.path("build").asText()).isEqualTo("101");
    assertThat(live.at("/source/kind").asText()).isEqualTo("rollback");
    assertThat(live.at("/source/requestedBy").asText()).isEqualTo(OPERATOR);
    assertThat(live.at("/source/reason").asText()).isEqualTo("102 drops carts");
    assertThat(live.at("/source/fromExecution").asText())
        .endsWith(ExecutionNames.of("checkout", "prod", "101", commit("101"), 0));

    // a build whose stored manifests were deleted: refused before anything starts
    int executions = up.executions().count();
    up.environment().store().delete("artifacts/checkout/102/manifests/edge-2.yaml");
    RecordedReleasesTest.refused(
        () ->
            releases.rollback(
                "checkout", "prod", "102", new RecordedReleases.Ask(OPERATOR, null, false)),
        "Slipway.Release.ManifestsMissing",
        "artifacts/checkout/102/manifests/edge-2.yaml",
        "1 cluster(s) of prod");
    assertThat(up.executions().count()).isEqualTo(executions);

    // promote: the build live in stg, rendered for prod's clusters
    release("103", "stg");
    var promote =
        releases.promote(
            "checkout", "stg", "prod", null, new RecordedReleases.Ask(OPERATOR, null, false));
    assertThat(promote.executionName())
        .isEqualTo(ExecutionNames.of("checkout", "prod", "103", commit("103"), 0));
    finished(promote.executionArn());
    assertThat(image("edge-1")).isEqualTo(IMAGE + "103");
    assertThat(record("prod").at("/live/source/kind").asText()).isEqualTo("promote");
    assertThat(record("prod").at("/live/source/fromEnv").asText()).isEqualTo("stg");
    assertThat(up.environment().store().find("artifacts/checkout/103/manifests/edge-2.yaml"))
        .isPresent();

    // rerun: the same release as a new execution with the next re-run number
    var rerun = releases.rerun(promote.executionName(), "edge-2 was drained", OPERATOR);
    assertThat(rerun.executionName())
        .isEqualTo(ExecutionNames.of("checkout", "prod", "103", commit("103"), 1));
    assertThat(rerun.rerun()).isEqualTo(1);
    finished(rerun.executionArn());
    assertThat(record("prod").at("/live/source/kind").asText()).isEqualTo("rerun");
    assertThat(record("prod").at("/live/source/fromExecution").asText())
        .isEqualTo(promote.executionArn());
    var again = releases.rerun(promote.executionArn(), null, OPERATOR);
    assertThat(again.rerun()).isEqualTo(2);
    finished(again.executionArn());
  }
}
