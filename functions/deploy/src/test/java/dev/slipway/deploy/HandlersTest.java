package dev.slipway.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.lambda.JsonStreamHandler;
import dev.slipway.model.Json;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The three handlers on the committed sample events of events/, against the embedded cluster. */
class HandlersTest {
  private static final Path EVENTS = Path.of("../../events");

  private final ClusterFixture fixture = new ClusterFixture();
  private final DeployHandler deploy = new DeployHandler(fixture.module.deployService());
  private final RolloutHandler rollout = new RolloutHandler(fixture.module.waveRollout());
  private final RollbackHandler rollback = new RollbackHandler(fixture.module.rollbackService());

  @AfterEach
  void stop() {
    fixture.close();
  }

  @Test
  void deploy_shouldApplyTheManifestTheEventNames() throws IOException {
    var out = deploy("registry.example.com/web:1.0");

    assertThat(out.path("cluster").asText()).isEqualTo("embedded");
    assertThat(out.path("snapshotKey").asText())
        .isEqualTo("snapshots/web/embedded/web-1f3a9c2-20261127T0900");
    // the state gets counts, the workloads the rollout polls and the key of every applied object
    assertThat(out.has("objects")).isFalse();
    assertThat(out.path("applied").asInt()).isEqualTo(5);
    assertThat(out.path("workloads").findValuesAsText("kind")).containsExactly("Deployment");
    assertThat(fixture.store.get(out.path("appliedKey").asText()).text())
        .contains("\"kind\":\"Service\"");
  }

  @Test
  void rollout_shouldAnswerEachSampleEvent_asTheClusterStands() throws IOException {
    deploy("registry.example.com/web:1.0");
    assertThat(invoke(rollout, "rollout/in-progress.json").path("status").asText())
        .isEqualTo("IN_PROGRESS");

    fixture.cluster.simulator().tick(5);

    assertThat(invoke(rollout, "rollout/done.json").path("status").asText()).isEqualTo("DONE");
  }

  @Test
  void rollout_shouldFailWithTheCrashLoop_atTheProgressDeadline() throws IOException {
    deploy("registry.example.com/web:crashloop");
    fixture.cluster.simulator().tick(3);
    var waiting = invoke(rollout, "rollout/crashloop.json");
    fixture.cluster.simulator().tick(6);
    var failed = invoke(rollout, "rollout/crashloop.json");

    assertThat(waiting.path("status").asText()).isEqualTo("IN_PROGRESS");
    assertThat(waiting.path("message").asText()).contains("CrashLoopBackOff");
    assertThat(failed.path("status").asText()).isEqualTo("FAILED");
    assertThat(failed.path("reason").asText()).isEqualTo("Slipway.Deploy.ProgressDeadlineExceeded");
    // the pods' reason is in the (bounded) message; the per-cluster details stay out of the state
    assertThat(failed.path("message").asText()).contains("CrashLoopBackOff");
    assertThat(failed.has("clusters")).isFalse();
  }

  @Test
  void rollout_shouldFail_whenTheEventsDeadlineHasPassed() throws IOException {
    deploy("registry.example.com/web:1.0");

    var out = invoke(rollout, "rollout/deadline-exceeded.json");

    assertThat(out.path("status").asText()).isEqualTo("FAILED");
    assertThat(out.path("message").asText())
        .contains("not rolled out by the deadline 2026-11-27T08:55:00Z");
  }

  @Test
  void rollback_shouldDeleteWhatTheFirstReleaseCreated() throws IOException {
    deploy("registry.example.com/web:1.0");

    var out = invoke(rollback, "rollback/rollback.json");

    assertThat(out.path("deleted").findValuesAsText("kind")).contains("Deployment", "Service");
    assertThat(fixture.cluster.client().services().inNamespace("shop").withName("web").get())
        .isNull();
  }

  @Test
  void deploy_shouldNameTheMissingField_whenTheInputLacksIt() {
    var input = "{\"app\": \"web\", \"cluster\": {\"name\": \"embedded\"}}";

    assertThatThrownBy(
            () -> run(deploy, new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8))))
        // refused where every step reads its event, before the deploy's own checks
        .hasMessageStartingWith("Slipway.Input.Invalid: the execution is missing");
  }

  private JsonNode deploy(String image) throws IOException {
    fixture.store.put(
        "artifacts/web/1f3a9c2/manifests/embedded.yaml",
        ClusterFixture.release(image).getBytes(StandardCharsets.UTF_8),
        "application/yaml");
    return invoke(deploy, "deploy/deploy.json");
  }

  private static JsonNode invoke(JsonStreamHandler<?, ?> handler, String event) throws IOException {
    try (var in = Files.newInputStream(EVENTS.resolve(event))) {
      return run(handler, in);
    }
  }

  private static JsonNode run(JsonStreamHandler<?, ?> handler, InputStream in) throws IOException {
    var out = new ByteArrayOutputStream();
    handler.handleRequest(in, out, null);
    return Json.mapper().readTree(out.toByteArray());
  }
}
