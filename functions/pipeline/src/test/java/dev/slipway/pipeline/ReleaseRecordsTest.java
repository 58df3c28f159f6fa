package dev.slipway.pipeline;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.model.Json;
import dev.slipway.model.SlipwayException;
import dev.slipway.store.InMemoryArtifactStore;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class ReleaseRecordsTest {
  private final InMemoryArtifactStore store = new InMemoryArtifactStore();
  private final List<String> published = new ArrayList<>();
  private final ReleaseRecords records =
      new ReleaseRecords(
          store,
          (subject, message) -> published.add(subject + "\n" + message),
          Clock.fixed(Instant.parse("2026-11-26T22:00:00Z"), ZoneOffset.UTC),
          key -> "file:///runs/" + key);

  /**
   * The state at the end of an execution, as the state machine hands it to the record: a finished
   * wave names its clusters (WaveDone); core keeps the older shape, each cluster's reference.
   */
  private static RecordRequest request(String build, Map<String, Caught> failed, String rollback)
      throws Exception {
    ObjectNode state =
        (ObjectNode)
            Json.mapper()
                .readTree(
                    """
        {"app":"checkout","environment":"prod","build_num":"%s","commit":"9f1c2e7",
         "git_repo":"https://github.com/acme/checkout","git_branch":"main","ticket":"ABC-123",
         "images":{"runtime":"acme/checkout:%s","build":"acme/checkout-build:%s"},
         "plan":{"app":"checkout","annotation":{"annotationId":7}},
         "diff":{"created":1,"changed":2,"unchanged":3,"keys":["artifacts/checkout/%s/diff/core-1.diff"],"clusters":[]},
         "waves":[
           {"wave":{"name":"core","clusters":[{"name":"core-1"}]},"progress":{"rollout":{"status":"DONE"}},
            "canary":{"verdict":"Pass","score":100.0,"reportKey":"artifacts/checkout/%s/canary/core.html","deviations":[],
                      "clusters":[{"cluster":"core-1","verdict":"Pass","score":100.0}],"clusterCount":1}},
           {"wave":{"name":"edge","clusters":["edge-1","edge-2"]},"progress":{"rollout":{"status":"DONE"}}}]}
        """
                        .formatted(build, build, build, build, build));
    if (failed != null) {
      ObjectNode f = state.putObject("failed");
      failed.forEach((k, v) -> f.putObject(k).put("Error", v.error()).put("Cause", v.cause()));
    }
    if (rollback != null) {
      state.set("rollback", Json.mapper().readTree(rollback));
    }
    return new RecordRequest(
        state,
        "arn:aws:states:us-east-1:1:execution:release:checkout-prod-" + build,
        Instant.parse("2026-11-26T21:00:00Z"));
  }

  private JsonNode stored() throws Exception {
    return Json.mapper().readTree(store.get("releases/checkout/prod.json").body());
  }

  @Test
  void record_shouldMakeASuccessfulReleaseLive_withItsBillOfMaterials() throws Exception {
    RecordResult result = records.record(request("42", null, null));

    assertThat(result)
        .isEqualTo(
            new RecordResult(
                "releases/checkout/prod.json",
                "succeeded",
                null,
                true,
                "file:///runs/artifacts/checkout/42/canary/core.html"));
    JsonNode doc = stored();
    assertThat(doc.at("/live/build").asText()).isEqualTo("42");
    assertThat(doc.at("/live/bom/checkout").asText()).isEqualTo("42");
    assertThat(doc.at("/live/liveWhere").toString())
        .isEqualTo("{\"core-1\":\"42\",\"edge-1\":\"42\",\"edge-2\":\"42\"}");
    assertThat(doc.at("/live/images/runtime").asText()).isEqualTo("acme/checkout:42");
    assertThat(doc.at("/live/finishedAt").asText()).isEqualTo("2026-11-26T22:00:00Z");
    // the gate's per-cluster verdicts, as bounded in the canary state
    assertThat(doc.at("/live/waves/0/canary/clusters").toString())
        .isEqualTo("[{\"cluster\":\"core-1\",\"verdict\":\"Pass\",\"score\":100.0}]");
    assertThat(published)
        .singleElement()
        .asString()
        .startsWith("Slipway: checkout build 42 to prod succeeded");
  }

  @Test
  void record_shouldKeepThePreviousReleaseLive_whenARollbackPutItBack() throws Exception {
    records.record(request("41", null, null));
    var caught =
        Map.of(
            "Canary",
            new Caught(
                "dev.slipway.model.TerminalStepException",
                "{\"errorMessage\":\"Slipway.Canary.Failed: latency p95 +40%\"}"));

    RecordResult result =
        records.record(
            request(
                "42",
                caught,
                "[{\"cluster\":\"core-1\",\"restored\":[{\"kind\":\"Deployment\"}],\"deleted\":[]}]"));

    assertThat(result.status()).isEqualTo("rolled-back");
    assertThat(result.failure())
        .isEqualTo(new Failure("Slipway.Canary.Failed", "latency p95 +40%"));
    JsonNode doc = stored();
    assertThat(doc.at("/live/build").asText()).isEqualTo("41");
    assertThat(doc.at("/history/0/build").asText()).isEqualTo("42");
    assertThat(doc.at("/history/0/failure/error").asText()).isEqualTo("Slipway.Canary.Failed");
    assertThat(doc.at("/history/1/build").asText()).isEqualTo("41");
    assertThat(published.get(1)).contains("rolled-back").contains("Slipway.Canary.Failed");
  }

  @Test
  void record_shouldSeeARollback_fromTheCountsTheStateCarries() throws Exception {
    var caught = Map.of("Canary", new Caught("Slipway.Canary.Failed", "latency p95 +40%"));

    RecordResult result =
        records.record(
            request(
                "42",
                caught,
                "[{\"cluster\":\"core-1\",\"restored\":0,\"deleted\":3,\"unchanged\":0}]"));

    assertThat(result.status()).isEqualTo("rolled-back");
    assertThat(stored().at("/history/0/rollback/0/deleted").asInt()).isEqualTo(3);
  }

  @Test
  void append_shouldAddToTheHistory_butNeverMakeTheEntryLive() throws Exception {
    records.record(request("41", null, null));
    ObjectNode entry =
        Json.mapper().createObjectNode().put("build", "42").put("status", "timed-out");

    String key = records.append("checkout", "prod", entry);

    JsonNode doc = stored();
    assertThat(key).isEqualTo("releases/checkout/prod.json");
    assertThat(doc.at("/live/build").asText()).isEqualTo("41");
    assertThat(doc.at("/history/0/status").asText()).isEqualTo("timed-out");
    assertThat(doc.at("/history/1/build").asText()).isEqualTo("41");
  }

  @Test
  void record_shouldSayFailed_whenNothingWasRolledBack() throws Exception {
    var caught =
        Map.of("GenerateManifests", new Caught("Slipway.Manifest.InvalidYaml", "x.yaml:3:1"));
    assertThat(records.record(request("43", caught, null)).status()).isEqualTo("failed");
  }

  @Test
  void record_shouldCapTheHistory() throws Exception {
    for (int i = 0; i < ReleaseRecords.HISTORY_LIMIT + 5; i++) {
      records.record(request(String.valueOf(i), null, null));
    }
    JsonNode doc = stored();
    assertThat(doc.get("history")).hasSize(ReleaseRecords.HISTORY_LIMIT);
    assertThat(doc.at("/history/0/build").asText())
        .isEqualTo(String.valueOf(ReleaseRecords.HISTORY_LIMIT + 4));
  }

  @Test
  void record_shouldLoseNoEntry_whenReleasesOfTwoEnvironmentsAndOneEnvironmentRace()
      throws Exception {
    int n = 4;
    var pool = Executors.newFixedThreadPool(n);
    var start = new CountDownLatch(1);
    List<Future<RecordResult>> futures = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      RecordRequest r = request("b" + i, null, null);
      futures.add(
          pool.submit(
              () -> {
                start.await();
                return records.record(r);
              }));
    }
    start.countDown();
    for (var f : futures) {
      f.get();
    }
    pool.shutdown();
    assertThat(stored().get("history")).hasSize(n);
  }

  @Test
  void record_shouldStillSucceed_whenTheNotificationCannotBeSent() throws Exception {
    var quiet =
        new ReleaseRecords(
            store,
            (s, m) -> {
              throw new IllegalStateException("SNS down");
            },
            Clock.systemUTC(),
            key -> key);
    RecordResult result = quiet.record(request("42", null, null));
    assertThat(result.notified()).isFalse();
    assertThat(stored().at("/live/build").asText()).isEqualTo("42");
  }

  @Test
  void record_shouldNameACorruptRecord() throws Exception {
    store.put("releases/checkout/prod.json", "[]".getBytes(UTF_8), "application/json");
    assertThatThrownBy(() -> records.record(request("42", null, null)))
        .isInstanceOf(SlipwayException.class)
        .hasMessageStartingWith("Slipway.Record.Corrupt");
  }

  @Test
  void record_shouldEndAsRollbackFailed_namingWhatIsStillOnTheNewVersion() throws Exception {
    RecordRequest base =
        request(
            "42", Map.of("Waves", new Caught("Slipway.Canary.Failed", "latency p95 +40%")), null);
    ObjectNode state = (ObjectNode) base.state();
    state
        .putObject("rollbackFailure")
        .put("Error", "Slipway.Rollback.Failed")
        .put("Cause", "cluster edge-1: Deployment checkout/web still runs build 42");

    RecordResult result = records.record(new RecordRequest(state, base.executionArn(), null));

    assertThat(result.status()).isEqualTo("failed");
    assertThat(result.failure().error()).isEqualTo("Slipway.Rollback.Failed");
    assertThat(result.failure().cause())
        .contains("edge-1: Deployment checkout/web")
        .contains("had failed first: Slipway.Canary.Failed");
  }

  @Test
  void record_shouldRecordARequestThatNeverGotAPlan() throws Exception {
    var state =
        (ObjectNode)
            Json.mapper()
                .readTree(
                    """
                    {"app":"checkout","environment":"prod","build_num":"43",
                     "failed":{"Plan":{"Error":"dev.slipway.model.TerminalStepException",
                       "Cause":"{\\"errorMessage\\":\\"Slipway.Plan.Invalid: no application\\"}"}}}
                    """);
    RecordResult result = records.record(new RecordRequest(state, "arn:x", null));
    assertThat(result.failure().error()).isEqualTo("Slipway.Plan.Invalid");
    assertThat(result.status()).isEqualTo("failed");
    assertThat(stored().at("/history/0/waves")).isEmpty();
  }

  @Test
  void record_shouldSayWhatKindOfReleaseItWasFromWhichBuildWhoAskedAndWhy() throws Exception {
    RecordRequest rollback = request("41", null, null);
    ((ObjectNode) rollback.state())
        .putObject("source")
        .put("kind", "rollback")
        .put("fromBuild", "41")
        .put("fromExecution", "checkout-prod-41-abc")
        .put("requestedBy", "arn:aws:sts::1:assumed-role/Operator/alice")
        .put("reason", "checkout 42 drops carts");

    records.record(rollback);

    JsonNode entry = stored().path("live");
    assertThat(entry.path("build").asText()).isEqualTo("41");
    assertThat(entry.path("source").toString())
        .isEqualTo(
            "{\"kind\":\"rollback\",\"fromBuild\":\"41\",\"fromEnv\":null,"
                + "\"fromExecution\":\"checkout-prod-41-abc\","
                + "\"requestedBy\":\"arn:aws:sts::1:assumed-role/Operator/alice\","
                + "\"reason\":\"checkout 42 drops carts\",\"manifests\":null}");
    assertThat(published.get(0))
        .startsWith("Slipway: checkout build 41 to prod succeeded (rollback)")
        .contains("requested by: arn:aws:sts::1:assumed-role/Operator/alice (checkout 42 drops");
  }

  @Test
  void record_shouldNotCopyASourceThePlanRefused() throws Exception {
    RecordRequest hostile =
        request(
            "41",
            Map.of(
                "Plan",
                new Caught("Slipway.Release.InvalidSource", "the release's source.reason ...")),
            null);
    ((ObjectNode) hostile.state())
        .putObject("source")
        .put("kind", "rollback")
        .put("fromBuild", "41")
        .put("requestedBy", "alice")
        .put("reason", "line one\u2028kind: Secret");

    records.record(hostile);

    JsonNode entry = stored().path("history").path(0);
    assertThat(entry.has("source")).isFalse();
    assertThat(entry.path("failure").path("error").asText())
        .isEqualTo("Slipway.Release.InvalidSource");
    assertThat(published.get(0)).doesNotContain("kind: Secret");
  }
}
