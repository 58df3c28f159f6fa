package dev.slipway.local.cli.operate;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.model.Json;
import dev.slipway.model.SlipwayException;
import dev.slipway.store.InMemoryArtifactStore;
import dev.slipway.store.Keys;
import dev.slipway.webhook.ExecutionNames;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The choices of rollback, promote and rerun over a record, a store and a stand-in state machine.
 */
class RecordedReleasesTest {
  private static final String MACHINE = "arn:aws:states:eu-west-1:1:stateMachine:slipway-release";
  private static final String WHO = "arn:aws:iam::1:user/alice";

  private final InMemoryArtifactStore store = new InMemoryArtifactStore();
  private final Map<String, JsonNode> executions = new LinkedHashMap<>();
  private final Map<String, String> started = new LinkedHashMap<>();
  private final RecordedReleases releases =
      new RecordedReleases(
          store,
          new RecordedReleases.StateMachine() {
            @Override
            public Optional<JsonNode> describe(String arn) {
              return Optional.ofNullable(executions.get(arn));
            }

            @Override
            public String arnOf(String name) {
              return MACHINE.replace(":stateMachine:", ":execution:") + ":" + name;
            }

            @Override
            public Optional<String> start(String name, String input) {
              started.put(name, input);
              return Optional.of(arnOf(name));
            }
          },
          Clock.fixed(Instant.parse("2026-12-08T02:00:00Z"), ZoneOffset.UTC));

  RecordedReleasesTest() throws Exception {
    store.put(
        Keys.CONFIG,
        Files.readAllBytes(Path.of("../../events/demo/config/slipway.yaml")),
        "application/yaml");
    // prod: build 101 succeeded, 102 failed, 103 succeeded and live
    store.put(
        Keys.release("checkout", "prod"),
        """
        {"app":"checkout","environment":"prod",
         "live":{"build":"103","status":"succeeded"},
         "history":[
           {"build":"103","status":"succeeded","commit":"c103","images":{"runtime":"r:103"}},
           {"build":"102","status":"rolled-back","commit":"c102","images":{"runtime":"r:102"}},
           {"build":"101","status":"succeeded","commit":"c101","executionArn":"x:101",
            "gitRepo":"https://github.com/acme/checkout","component":"checkout-api",
            "images":{"runtime":"r:101","build":"b:101"}}]}
        """
            .getBytes(UTF_8),
        "application/json");
    for (String cluster : new String[] {"core-1", "edge-1", "edge-2"}) {
      store.put(Keys.manifest("checkout", "101", cluster), "kind: x".getBytes(UTF_8), "a/yaml");
    }
  }

  private RecordedReleases.Ask ask(String reason) {
    return new RecordedReleases.Ask(WHO, reason, false);
  }

  static void refused(Runnable call, String error, String... mentions) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(
            SlipwayException.class,
            e -> {
              assertThat(e.errorName()).isEqualTo(error);
              assertThat(e.getMessage()).contains(mentions);
            });
  }

  @Test
  void rollback_shouldTakeThePreviousSucceededBuild_andSkipTakenNames() throws Exception {
    String first = ExecutionNames.of("checkout", "prod", "101", "c101", 0);
    executions.put(
        MACHINE.replace(":stateMachine:", ":execution:") + ":" + first,
        Json.mapper().createObjectNode().put("status", "SUCCEEDED"));

    var rollback = releases.rollback("checkout", "prod", null, ask("102 broke carts"));

    assertThat(rollback.build()).isEqualTo("101");
    assertThat(rollback.replaces()).isEqualTo("103");
    assertThat(rollback.rerun()).isEqualTo(1);
    assertThat(rollback.executionName())
        .isEqualTo(ExecutionNames.of("checkout", "prod", "101", "c101", 1));
    JsonNode input = Json.mapper().readTree(started.get(rollback.executionName()));
    assertThat(input.path("skip_canary").asBoolean()).isTrue();
    assertThat(input.path("rerun").asInt()).isEqualTo(1);
    assertThat(input.at("/images/build").asText()).isEqualTo("b:101");
    assertThat(input.path("component").asText()).isEqualTo("checkout-api");
    assertThat(input.path("source").toString())
        .isEqualTo(
            "{\"kind\":\"rollback\",\"fromBuild\":\"101\",\"fromEnv\":\"prod\","
                + "\"fromExecution\":\"x:101\",\"requestedBy\":\""
                + WHO
                + "\",\"reason\":\"102 broke carts\",\"manifests\":\"stored\"}");
  }

  @Test
  void rollback_shouldRefuse_namingWhatIsWrong_beforeStartingAnything() {
    refused(
        () -> releases.rollback("checkout", "prod", "102", ask(null)),
        "Slipway.Release.NotRecorded",
        "build 102",
        "slipway releases --app checkout --env prod");
    refused(
        () -> releases.rollback("checkout", "prod", "103", ask(null)),
        "Slipway.Release.AlreadyLive",
        "slipway rerun");
    refused(
        () -> releases.rollback("checkout", "prod", "../101", ask(null)),
        "Slipway.Input.Invalid",
        "the build");
    refused(
        () -> releases.rollback("checkout", "prod", null, ask("line\nkind: Secret")),
        "Slipway.Release.InvalidSource",
        "source.reason holds a line break");
    store.delete(Keys.manifest("checkout", "101", "edge-2"));
    refused(
        () -> releases.rollback("checkout", "prod", null, ask(null)),
        "Slipway.Release.ManifestsMissing",
        "artifacts/checkout/101/manifests/edge-2.yaml");
    refused(
        () -> releases.rollback("checkout", "qa", null, ask(null)),
        "Slipway.Release.UnknownTarget",
        "no environment 'qa'");
    assertThat(started).isEmpty();
  }

  @Test
  void promote_shouldRefuseTheSameEnvironment_andAnEnvironmentWithoutARecord() {
    refused(
        () -> releases.promote("checkout", "prod", "prod", null, ask(null)),
        "Slipway.Release.InvalidSource",
        "same environment");
    refused(
        () -> releases.promote("checkout", "stg", "prod", null, ask(null)),
        "Slipway.Release.NotRecorded",
        "releases/checkout/stg.json");
    assertThat(started).isEmpty();
  }

  @Test
  void rerun_shouldRefuseARunningOrUnknownExecution() {
    String arn = MACHINE.replace(":stateMachine:", ":execution:") + ":checkout-prod-104";
    executions.put(
        arn, Json.mapper().createObjectNode().put("status", "RUNNING").put("name", "c-104"));

    refused(() -> releases.rerun(arn, null, WHO), "Slipway.Release.StillRunning", "slipway stop");
    refused(
        () -> releases.rerun("checkout-prod-105\u202E", null, WHO),
        "Slipway.Cli.ExecutionNotFound",
        "'checkout-prod-105\\u202e'");
    assertThat(started).isEmpty();
  }
}
