package dev.slipway.local.cli.operate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.local.cli.Cli;
import dev.slipway.local.executor.Execution;
import dev.slipway.local.executor.ExecutionStatus;
import dev.slipway.local.run.LocalUp;
import dev.slipway.local.run.RunOptions;
import dev.slipway.local.run.Scenario;
import dev.slipway.model.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * The operating commands end to end against a started {@code slipway up} (gates left to a person):
 * two releases approved with {@code slipway approve}, listed by {@code slipway releases}, their
 * {@code status} running and finished; a third rejected with {@code slipway reject}; a fourth held
 * in its core wave's bake, stopped with {@code slipway stop}: reconcile puts core-1 back and the
 * record names who stopped it. The runs' outputs are what docs/operating.md shows.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OperateCommandsTest {
  private static final Path EVENTS = Path.of("../../events");
  private static final Path ASL = Path.of("../../statemachines/release.asl.json");

  /** Where each command's output is kept for docs/operating.md (target/, not committed). */
  static final Path TRANSCRIPTS = Path.of("target/operate-transcripts");

  private final ByteArrayOutputStream upLog = new ByteArrayOutputStream();
  private LocalUp up;
  private Path envFile;

  @BeforeAll
  void up() throws Exception {
    up =
        LocalUp.start(
            RunOptions.demo(EVENTS, Scenario.HEALTHY),
            ASL,
            Instant.now(),
            new PrintStream(upLog, true, StandardCharsets.UTF_8),
            LocalUp.Approvals.MANUAL);
    envFile = Files.createTempDirectory("slipway-operate").resolve("local.env");
    Cli.writeEnvironment(up, envFile);
    Files.createDirectories(TRANSCRIPTS);
  }

  @AfterAll
  void down() {
    up.close();
  }

  /** A command's exit code and output. */
  record Run(int code, String out, String err) {
    JsonNode json() throws Exception {
      return Json.mapper().readTree(out);
    }
  }

  private Run slipway(String transcript, String... args) throws Exception {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--local", "--env-file", envFile.toString()));
    Cli.Result r = Cli.run(all.toArray(String[]::new));
    Run run = new Run(r.code(), r.out(), r.err());
    if (transcript != null) {
      Files.writeString(
          TRANSCRIPTS.resolve(transcript + ".txt"),
          "$ slipway "
              + String.join(
                  " ",
                  List.of(args).stream().map(a -> a.contains(" ") ? "'" + a + "'" : a).toList())
              + " --local\n"
              + run.out()
              + run.err());
    }
    return run;
  }

  /** Starts release {@code build} of checkout to prod on up's Step Functions. */
  private String release(String build) throws Exception {
    ObjectNode input =
        (ObjectNode) Json.mapper().readTree(EVENTS.resolve("demo/releases/healthy.json").toFile());
    input.put("build_num", build);
    ObjectNode images = input.putObject("images");
    images.put("runtime", "registry.example.com/acme/checkout:" + build);
    images.put("build", "registry.example.com/acme/checkout-build:" + build);
    ((ObjectNode) input.path("trigger")).put("delivery", "operate-test-" + build);
    try (OperatorTarget t = OperatorTarget.local(envFile)) {
      SfnClient sfn = t.sfn();
      return sfn.startExecution(
              b ->
                  b.stateMachineArn(t.stateMachineArn())
                      .name("checkout-prod-" + build)
                      .input(input.toString()))
          .executionArn();
    }
  }

  private Execution execution(String arn) {
    return up.executions().byArn(arn).orElseThrow().execution();
  }

  /** Waits (bounded) for {@code done}; the bound only keeps a broken run from hanging. */
  private static void await(String what, BooleanSupplier done) throws InterruptedException {
    for (int i = 0; i < 1200 && !done.getAsBoolean(); i++) {
      Thread.sleep(50);
    }
    assertThat(done.getAsBoolean()).as(what).isTrue();
  }

  private static boolean entered(Execution e, String state) {
    return e.history().stream()
        .anyMatch(
            h ->
                h.type().endsWith("StateEntered")
                    && state.equals(h.details().path("name").asText()));
  }

  private String image(String cluster) {
    return Cli.image(up, cluster);
  }

  /** Starts a release, shows its pending gate with status, approves it with the CLI. */
  private void releaseApproved(String build, boolean transcripts) throws Exception {
    long t0 = System.nanoTime();
    String arn = release(build);
    await("the gate opens", () -> entered(execution(arn), "RequestApproval"));
    String id = "checkout-prod-" + build + "-deploy";
    await(
        "the approval request is written",
        () ->
            up.environment()
                .store()
                .find("artifacts/checkout/" + build + "/approvals/" + id + ".json")
                .isPresent());

    Run status = slipway(transcripts ? "status-waiting" : null, "status", "checkout-prod-" + build);
    assertThat(status.code()).as(status.toString()).isZero();
    assertThat(status.out())
        .contains("checkout-prod-" + build + ": RUNNING (RequestApproval)")
        .contains("waiting:   approval " + id)
        .contains("slipway approve|reject " + id)
        .contains(up.api().uri() + "/approvals/" + id);
    Run statusJson = slipway(null, "status", "--app", "checkout", "--env", "prod", "--json");
    assertThat(statusJson.json().path("pendingApprovals").get(0).path("id").asText())
        .as(statusJson.out())
        .isEqualTo(id);

    long t1 = System.nanoTime();
    Run approved =
        slipway(transcripts ? "approve" : null, "approve", id, "--comment", "diff reviewed");
    assertThat(approved.code()).as(approved.toString()).isZero();
    assertThat(approved.out()).contains("approved " + id).contains(OperatorTarget.localUser());
    Execution e = execution(arn).await(Duration.ofMinutes(2));
    assertThat(e.status()).as(e.toJson(false).toString()).isEqualTo(ExecutionStatus.SUCCEEDED);
    // real time per phase, for whoever wonders where this test's time goes (not asserted)
    Files.writeString(
        TRANSCRIPTS.resolve("timings-" + build + ".txt"),
        "to the gate and status: "
            + Duration.ofNanos(t1 - t0).toMillis()
            + " ms; approve to the end: "
            + Duration.ofNanos(System.nanoTime() - t1).toMillis()
            + " ms\n");
    JsonNode stored =
        Json.mapper()
            .readTree(
                up.environment()
                    .store()
                    .get("artifacts/checkout/" + build + "/approvals/" + id + ".json")
                    .body());
    assertThat(stored.at("/decision/decidedBy/id").asText()).isEqualTo(OperatorTarget.localUser());
    assertThat(stored.at("/decision/decidedBy/source").asText()).isEqualTo("local");
    assertThat(stored.at("/decision/delivery").asText()).isEqualTo("sent");
    assertThat(stored.at("/decision/comment").asText()).isEqualTo("diff reviewed");
  }

  @Test
  @Order(1)
  void twoReleasesApproved_areListedWithWhatIsLive_andTheirStatusShowsTheEnd() throws Exception {
    releaseApproved("104", false);
    releaseApproved("105", true);

    Run releases = slipway("releases", "releases", "--app", "checkout", "--env", "prod");
    assertThat(releases.code()).as(releases.toString()).isZero();
    assertThat(releases.out())
        .contains("checkout in prod")
        .contains("live in core-1: build 105")
        .contains("live in edge-2: build 105")
        .containsPattern("105 +[0-9a-f]{7} +succeeded")
        .containsPattern("104 +[0-9a-f]{7} +succeeded")
        .contains(OperatorTarget.localUser())
        .contains(
            "execution: arn:aws:states:us-east-1:123456789012:execution:slipway-release:checkout-prod-105");

    Run json = slipway(null, "releases", "--app", "checkout", "--json", "--limit", "5");
    JsonNode prod = json.json().get(0);
    assertThat(prod.path("environment").asText()).isEqualTo("prod");
    assertThat(prod.path("releases").findValuesAsText("build")).containsExactly("105", "104");
    assertThat(prod.at("/releases/0/approvedBy").asText()).isEqualTo(OperatorTarget.localUser());
    assertThat(prod.at("/releases/0/canaryVerdict").asText()).isEqualTo("Pass");
    assertThat(prod.at("/releases/0/report").asText()).startsWith("s3://");
    assertThat(prod.at("/live/edge-1/build").asText()).isEqualTo("105");

    Run finished = slipway("status-finished", "status", "checkout-prod-105");
    assertThat(finished.code()).as(finished.toString()).isZero();
    assertThat(finished.out())
        .contains("checkout-prod-105: SUCCEEDED")
        .contains("waves:     2 of 2 done: core done, edge done")
        .contains("canary:    Pass");
  }

  @Test
  @Order(2)
  void aRejectedGate_endsTheRelease_nothingDeployed() throws Exception {
    String arn = release("106");
    String id = "checkout-prod-106-deploy";
    await(
        "the approval request is written",
        () ->
            up.environment()
                .store()
                .find("artifacts/checkout/106/approvals/" + id + ".json")
                .isPresent());

    Run rejected = slipway("reject", "reject", id, "--comment", "not on a Friday");
    assertThat(rejected.code()).as(rejected.toString()).isZero();
    assertThat(rejected.out()).contains("rejected " + id);
    Execution e = execution(arn).await(Duration.ofMinutes(2));
    assertThat(e.status()).isEqualTo(ExecutionStatus.FAILED);
    assertThat(e.toJson(false).toString())
        .contains("Slipway.Approval.Rejected")
        .contains("rejected by " + OperatorTarget.localUser() + ": not on a Friday");
    assertThat(image("core-1")).endsWith(":105");

    Run again = slipway(null, "approve", id);
    assertThat(again.code()).isNotZero();
    assertThat(again.err()).contains(ApprovalDecisions.NOT_FOUND);
  }

  @Test
  @Order(3)
  void stopMidWave_putsTheClusterBack_andTheRecordNamesWhoStopped() throws Exception {
    up.holdAt("Bake");
    try {
      String arn = release("107");
      String id = "checkout-prod-107-deploy";
      await(
          "the approval request is written",
          () ->
              up.environment()
                  .store()
                  .find("artifacts/checkout/107/approvals/" + id + ".json")
                  .isPresent());
      assertThat(slipway(null, "approve", id).code()).isZero();
      await("the core wave bakes", () -> entered(execution(arn), "Bake"));
      assertThat(image("core-1")).endsWith(":107");

      Run running = slipway("status-running", "status", "--app", "checkout", "--env", "prod");
      assertThat(running.code()).as(running.toString()).isZero();
      assertThat(running.out())
          .contains("checkout-prod-107: RUNNING (Bake)")
          .contains("waves:     0 of 2 done: core in progress, edge not started")
          .contains("wave core:  [core-1], rollout DONE");

      Run stopped = slipway("stop", "stop", "checkout-prod-107", "--reason", "pager went off");
      assertThat(stopped.code()).as(stopped.toString()).isZero();
      assertThat(stopped.out())
          .contains("stopped checkout-prod-107")
          .contains(OperatorTarget.localUser());
      await("the execution is aborted", () -> execution(arn).status() == ExecutionStatus.ABORTED);
      await(
          "reconcile records the stop",
          () ->
              new String(
                      up.environment().store().get("releases/checkout/prod.json").body(),
                      StandardCharsets.UTF_8)
                  .contains("\"aborted\""));
      assertThat(image("core-1")).endsWith(":105");

      Run json = slipway(null, "releases", "--app", "checkout", "--env", "prod", "--json");
      JsonNode newest = json.json().get(0).path("releases").get(0);
      assertThat(newest.path("build").asText()).isEqualTo("107");
      assertThat(newest.path("outcome").asText()).isEqualTo("aborted");
      assertThat(newest.at("/stoppedWith/error").asText()).isEqualTo(StopCommand.STOPPED);
      assertThat(newest.at("/stoppedWith/cause").asText())
          .isEqualTo("stopped by " + OperatorTarget.localUser() + ": pager went off");
      assertThat(json.json().get(0).at("/live/core-1/build").asText()).isEqualTo("105");
      slipway(
          "releases-after-stop", "releases", "--app", "checkout", "--env", "prod", "--limit", "3");

      Run again = slipway(null, "stop", "checkout-prod-107");
      assertThat(again.code()).isNotZero();
      assertThat(again.err()).contains(StopCommand.NOT_RUNNING);
    } finally {
      up.holdAt(null);
    }
  }

  @Test
  @Order(4)
  void watch_printsTheProgressLinesOfSlipwayRun_untilTheEnd() throws Exception {
    Run watched = slipway("status-watch", "status", "checkout-prod-105", "--watch");
    assertThat(watched.code()).isZero();
    assertThat(watched.out())
        .containsPattern("GenerateManifests +ok")
        .containsPattern("Released +ok")
        .contains("checkout-prod-105: SUCCEEDED");
  }

  @Test
  @Order(5)
  void namedErrors_forAnUnknownExecutionOrApp() throws Exception {
    Run unknown = slipway(null, "status", "checkout-prod-999");
    assertThat(unknown.code()).isNotZero();
    assertThat(unknown.err()).contains(Executions.NOT_FOUND);
    Run noApp = slipway(null, "releases", "--app", "nope");
    assertThat(noApp.code()).isNotZero();
    assertThat(noApp.err()).contains(ReleasesCommand.NO_RECORD);
  }
}
