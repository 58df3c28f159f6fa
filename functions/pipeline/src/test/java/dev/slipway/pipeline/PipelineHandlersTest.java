package dev.slipway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.config.ConfigLoader;
import dev.slipway.lambda.JsonStreamHandler;
import dev.slipway.model.Json;
import dev.slipway.store.InMemoryArtifactStore;
import dev.slipway.store.Keys;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Each pipeline handler on its committed sample event from events/. */
class PipelineHandlersTest {
  private static final Path EVENTS = Path.of("../../events");
  private final InMemoryArtifactStore store = new InMemoryArtifactStore();
  private final List<String> notes = new ArrayList<>();
  private final Clock clock = Clock.systemUTC();
  private final AppLock lock = new AppLock(store, arn -> Optional.of("RUNNING"), clock, 3, 10, 60);

  private JsonNode invoke(JsonStreamHandler<?, ?> handler, String event) throws Exception {
    var out = new ByteArrayOutputStream();
    try (InputStream in = Files.newInputStream(EVENTS.resolve(event))) {
      handler.handleRequest(in, out, null);
    }
    return Json.mapper().readTree(out.toByteArray());
  }

  @Test
  void plan_shouldPlanTheSampleRelease() throws Exception {
    store.put(
        Keys.CONFIG, Files.readAllBytes(EVENTS.resolve("config/slipway.yaml")), "application/yaml");
    JsonNode plan =
        invoke(
            new PlanHandler(
                new PlanService(
                    new ConfigLoader(store, clock), ReleaseBudget.LockSchedule.DEFAULT)),
            "plan/plan.json");
    assertThat(plan.path("manifestPrefix").asText() + "core-1.yaml")
        .isEqualTo("artifacts/checkout/142/manifests/core-1.yaml");
  }

  @Test
  void lockAndUnlock_shouldTakeAndGiveBackTheSampleLock() throws Exception {
    assertThat(
            invoke(new AcquireLockHandler(lock), "lock/acquire.json").get("acquired").asBoolean())
        .isTrue();
    assertThat(store.find(Keys.lock("checkout"))).isPresent();
    assertThat(invoke(new UnlockHandler(lock), "unlock/release.json").get("acquired").asBoolean())
        .isTrue();
    assertThat(store.find(Keys.lock("checkout"))).isEmpty();
  }

  @Test
  void record_shouldRecordTheSampleRelease() throws Exception {
    var records = new ReleaseRecords(store, (s, m) -> notes.add(s), clock, key -> "s3://b/" + key);
    JsonNode out = invoke(new RecordHandler(records), "record/succeeded.json");
    assertThat(out.get("status").asText()).isEqualTo("succeeded");
    assertThat(out.get("reportUrl").asText())
        .isEqualTo("s3://b/artifacts/checkout/142/canary/core.html");
    JsonNode stored = Json.mapper().readTree(store.get("releases/checkout/prod.json").body());
    assertThat(stored.at("/live/liveWhere/edge-2").asText()).isEqualTo("142");
    assertThat(notes).hasSize(1);
  }

  @Test
  void approvalGate_shouldOpenTheSampleGate() throws Exception {
    var gate = new ApprovalGate(store, (s, m) -> notes.add(s), clock, (r, e) -> Optional.empty());
    JsonNode out = invoke(new ApprovalGateHandler(gate), "approval-gate/deploy.json");
    assertThat(out.get("key").asText())
        .isEqualTo("artifacts/checkout/142/approvals/checkout-prod-142-9f2c4e1-deploy.json");
    assertThat(store.get(out.get("key").asText()).text()).contains("\"changed\" : 1");
  }
}
