package dev.slipway.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.awshttp.AwsCredentials;
import dev.slipway.awshttp.AwsHttp;
import dev.slipway.awshttp.AwsJson;
import dev.slipway.awshttp.CredentialSource;
import dev.slipway.local.cli.operate.OperatorTarget;
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
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
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
    return Cli.image(up, cluster);
  }

  JsonNode record(String env) throws Exception {
    return Json.mapper()
        .readTree(up.environment().store().get("releases/checkout/" + env + ".json").body());
  }

  /** Runs {@code slipway ARGS --local} against up. */
  Cli.Result slipway(String... args) throws Exception {
    Path envFile = dir.resolve("local.env");
    if (!Files.exists(envFile)) {
      Cli.writeEnvironment(up, envFile);
    }
    String[] all = Arrays.copyOf(args, args.length + 3);
    all[args.length] = "--local";
    all[args.length + 1] = "--env-file";
    all[args.length + 2] = envFile.toString();
    Cli.Result result = Cli.run(all);
    // what docs/operating.md shows, kept as OperateCommandsTest keeps its transcripts
    Path transcripts = Files.createDirectories(Path.of("target/operate-transcripts"));
    Files.writeString(
        transcripts.resolve("recorded-" + args[0] + "-" + ++runs + ".txt"),
        "$ slipway " + String.join(" ", args) + " --local\n" + result.out() + result.err());
    return result;
  }

  private int runs;

  static JsonNode json(Cli.Result result) throws Exception {
    return Json.mapper().readTree(result.out());
  }

  @Test
  void rollbackPromoteRerun_shouldEachRunARecordedBuildThroughTheStateMachine() throws Exception {
    release("101", "prod");
    release("102", "prod");
    assertThat(image("edge-2")).isEqualTo(IMAGE + "102");

    // rollback: build 101's images and stored manifests, back on prod's clusters
    Cli.Result rollback =
        slipway(
            "rollback",
            "--app",
            "checkout",
            "--env",
            "prod",
            "--reason",
            "102 drops carts",
            "--json");
    assertThat(rollback.code()).as(rollback.err()).isZero();
    JsonNode started = json(rollback);
    assertThat(started.path("kind").asText()).isEqualTo("rollback");
    assertThat(started.path("build").asText()).isEqualTo("101");
    assertThat(started.path("replaces").asText()).isEqualTo("102");
    assertThat(started.path("executionName").asText())
        .isEqualTo(ExecutionNames.of("checkout", "prod", "101", commit("101"), 1));
    finished(started.path("executionArn").asText());
    assertThat(image("edge-1")).isEqualTo(IMAGE + "101");
    assertThat(image("edge-2")).isEqualTo(IMAGE + "101");
    JsonNode live = record("prod").path("live");
    assertThat(live.path("build").asText()).isEqualTo("101");
    assertThat(live.at("/source/kind").asText()).isEqualTo("rollback");
    assertThat(live.at("/source/requestedBy").asText()).isEqualTo(OperatorTarget.localUser());
    assertThat(live.at("/source/reason").asText()).isEqualTo("102 drops carts");
    assertThat(live.at("/source/fromExecution").asText())
        .endsWith(ExecutionNames.of("checkout", "prod", "101", commit("101"), 0));

    // a build whose stored manifests were deleted: refused, naming them, before anything starts
    int executions = up.executions().count();
    up.environment().store().delete("artifacts/checkout/102/manifests/edge-2.yaml");
    Cli.Result refused = slipway("rollback", "--app", "checkout", "--env", "prod", "--to", "102");
    assertThat(refused.code()).isEqualTo(2);
    assertThat(refused.err())
        .contains("Slipway.Release.ManifestsMissing")
        .contains("artifacts/checkout/102/manifests/edge-2.yaml")
        .contains("1 cluster(s) of prod");
    assertThat(up.executions().count()).isEqualTo(executions);

    // promote: the build live in stg, rendered for prod's clusters
    release("103", "stg");
    Cli.Result promote = slipway("promote", "--app", "checkout", "--from", "stg", "--to", "prod");
    assertThat(promote.code()).as(promote.err()).isZero();
    String promotedName = ExecutionNames.of("checkout", "prod", "103", commit("103"), 0);
    String promoted =
        stateMachineArn().replace(":stateMachine:", ":execution:") + ":" + promotedName;
    assertThat(promote.out())
        .contains("promote of checkout: build 103 to prod started (live there now: build 101)")
        .contains("  execution  " + promotedName + "\n")
        .contains("  link       " + promoted + "\n");
    finished(promoted);
    assertThat(image("edge-1")).isEqualTo(IMAGE + "103");
    assertThat(record("prod").at("/live/source/kind").asText()).isEqualTo("promote");
    assertThat(record("prod").at("/live/source/fromEnv").asText()).isEqualTo("stg");
    assertThat(up.environment().store().find("artifacts/checkout/103/manifests/edge-2.yaml"))
        .isPresent();

    // rerun: the same release as a new execution with the next re-run number (human output)
    String name = ExecutionNames.of("checkout", "prod", "103", commit("103"), 1);
    Cli.Result rerun = slipway("rerun", promotedName, "--reason", "edge-2 was drained");
    assertThat(rerun.code()).as(rerun.err()).isZero();
    assertThat(rerun.out())
        .contains("rerun of checkout: build 103 to prod started (live there now: build 103)")
        .contains("  execution  " + name + "\n")
        .contains("  asked by   " + OperatorTarget.localUser() + ": edge-2 was drained")
        .contains("  follow     slipway status " + name + " --watch --local");
    finished(stateMachineArn().replace(":stateMachine:", ":execution:") + ":" + name);
    assertThat(record("prod").at("/live/source/kind").asText()).isEqualTo("rerun");
    assertThat(record("prod").at("/live/source/fromExecution").asText()).isEqualTo(promoted);
    Cli.Result again = slipway("rerun", promoted, "--json");
    assertThat(json(again).path("rerun").asInt()).isEqualTo(2);
    finished(json(again).path("executionArn").asText());
  }
}
