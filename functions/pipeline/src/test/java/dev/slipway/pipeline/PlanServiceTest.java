package dev.slipway.pipeline;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.config.ConfigLoader;
import dev.slipway.model.Json;
import dev.slipway.model.ReleaseRequest;
import dev.slipway.model.SlipwayException;
import dev.slipway.store.InMemoryArtifactStore;
import dev.slipway.store.Keys;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The plan made from the example configuration in events/config/slipway.yaml. */
class PlanServiceTest {
  private final InMemoryArtifactStore store = new InMemoryArtifactStore();
  private static final Instant START = Instant.parse("2026-11-26T21:00:00Z");
  private final PlanService plans =
      new PlanService(
          new ConfigLoader(store, Clock.systemUTC()), ReleaseBudget.LockSchedule.DEFAULT);

  PlanServiceTest() throws Exception {
    store.put(
        Keys.CONFIG,
        Files.readAllBytes(Path.of("../../events/config/slipway.yaml")),
        "application/yaml");
  }

  private static PlanRequest request(String env, boolean skipCanary) {
    var release =
        new ReleaseRequest(
            "checkout",
            env,
            "https://github.com/acme/checkout",
            "main",
            "42",
            "9f1c2e7",
            "ABC-123",
            null,
            new ReleaseRequest.Images("acme/checkout:42", "acme/checkout-build:42"),
            skipCanary,
            false,
            0,
            null,
            null);
    return new PlanRequest(
        release,
        "arn:aws:states:us-east-1:1:execution:release:checkout-prod-42",
        "checkout-prod-42",
        START,
        null);
  }

  @Test
  void plan_shouldGiveTheManifestsStepEachClustersNamespaceAndTheAppsConfinement() {
    JsonNode settings = plans.plan(request("prod", false)).at("/manifests/settings");

    assertThat(settings.path("namespaces").toString())
        .isEqualTo("{\"core-1\":\"checkout\",\"edge-1\":\"checkout\",\"edge-2\":\"checkout\"}");
    // checkout has no confinement block: the strict defaults
    assertThat(settings.path("confinement").toString())
        .isEqualTo(
            "{\"allowedNamespaces\":[],\"allowedClusterKinds\":[],\"allowRbacWildcards\":false,"
                + "\"allowAdminBindings\":false}");
  }

  @Test
  void plan_shouldPassTheSeedWindowsToTheCanaryAndWaitForThem() throws Exception {
    String yaml = Files.readString(Path.of("../../events/config/slipway.yaml"));
    String anchor = "    canary:\n      config: config/canary/checkout.json\n";
    assertThat(yaml).contains(anchor);
    store.put(
        Keys.CONFIG,
        yaml.replace(anchor, anchor + "    release:\n      canary: {windows: seed}\n")
            .getBytes(StandardCharsets.UTF_8),
        "application/yaml");

    JsonNode core = plans.plan(request("prod", false)).at("/waves/0");

    assertThat(core.at("/canary/analysis/windows").asText()).isEqualTo("seed");
    // the experiment window starts 1 h after the rollout and lasts 30 minutes
    assertThat(core.path("bakeSeconds").asLong()).isEqualTo(90 * 60);
  }

  @Test
  void plan_shouldHoldEveryLaterStatesInput_inWaveOrder() {
    JsonNode plan = plans.plan(request("prod", false));

    assertThat(PlanService.clusterNames(plan)).containsExactly("core-1", "edge-1", "edge-2");
    assertThat(plan.at("/approval/required").asBoolean()).isTrue();
    assertThat(plan.at("/approval/configuredTimeoutSeconds").asInt()).isEqualTo(86_400);
    assertThat(plan.at("/manifests/templates").asText()).isEqualTo("templates/checkout/");
    assertThat(plan.at("/manifests/clusters").toString())
        .isEqualTo("[\"core-1\",\"edge-1\",\"edge-2\"]");
    JsonNode core = plan.at("/waves/0");
    assertThat(core.path("name").asText()).isEqualTo("core");
    assertThat(core.path("canaryGate").asBoolean()).isTrue();
    // the state machine builds each deploy item's manifestKey as the manifests step writes it
    assertThat(plan.path("manifestPrefix").asText() + "core-1.yaml")
        .isEqualTo(Keys.manifest("checkout", "42", "core-1"));
    // each cluster once, in its wave: no per-cluster deploy or rollback entries
    assertThat(core.at("/clusters/0/eks/cluster").asText()).isEqualTo("prod-core-1");
    assertThat(core.at("/clusters/0/prometheus").isMissingNode()).isTrue();
    assertThat(core.has("deploy")).isFalse();
    assertThat(core.path("force").asBoolean()).isFalse();
    assertThat(core.at("/canary/canaryConfigKey").asText())
        .isEqualTo("config/canary/checkout.json");
    assertThat(core.path("bakeSeconds").asLong()).isEqualTo(35 * 60);
    assertThat(plan.at("/waves/1/canaryGate").asBoolean()).isFalse();
    assertThat(plan.at("/waves/1/canary").isMissingNode()).isTrue();
    // rollback: reverse wave order, as indexes into waves (each wave's clusters at once)
    assertThat(plan.get("rollbackOrder").toString()).isEqualTo("[1,0]");
    assertThat(plan.has("rollback")).isFalse();
    // a rollback is polled as long as a rollout: the progress deadline (600) and the margin
    assertThat(plan.findValuesAsText("deadlineSeconds")).containsOnly("720");
    assertThat(plan.at("/lock/acquired").asBoolean()).isFalse();
    assertThat(plan.at("/annotation/annotationId").isNull()).isTrue();
  }

  @Test
  void plan_shouldSkipTheCanary_whenTheBuildSaysSo() {
    JsonNode plan = plans.plan(request("prod", true));
    assertThat(plan.at("/waves/0/canaryGate").asBoolean()).isFalse();
  }

  @Test
  void plan_shouldNameTheEnvironment_thatTheConfigDoesNotHave() {
    assertThatThrownBy(() -> plans.plan(request("qa", false)))
        .isInstanceOf(SlipwayException.class)
        .hasMessageStartingWith("Slipway.Plan.Invalid")
        .hasMessageContaining("no environment 'qa'");
  }

  @Test
  void plan_shouldReadTheReleaseRequestTheWebhookWrites() throws Exception {
    var input =
        Json.mapper()
            .readValue(
                """
                {"release": {"app": "checkout", "environment": "stg", "build_num": "7",
                  "git_repo": "https://github.com/acme/checkout", "images": {"runtime": "r:7"}},
                 "executionArn": "arn:x", "executionName": "checkout-stg-7"}
                """
                    .getBytes(UTF_8),
                PlanRequest.class);
    JsonNode plan = plans.plan(input);
    assertThat(PlanService.clusterNames(plan)).containsExactly("core-1");
    assertThat(plan.path("executionName").asText()).isEqualTo("checkout-stg-7");
  }

  private static PlanRequest withMachineTimeout(PlanRequest r, int seconds) {
    return new PlanRequest(r.release(), r.executionArn(), r.executionName(), START, seconds);
  }

  @Test
  void plan_shouldCloseEachGate_whenOnlyTheWorstCaseAfterItIsLeft() {
    JsonNode plan = plans.plan(withMachineTimeout(request("prod", false), 14_400));

    // after the deploy gate, worst case: core wave 600+120 deadline + 30 last wait + 120 last
    // poll; canary 5 min bake + 30 min window + 300 judge; the Marginal gate's 300 s minimum; edge
    // wave 870; rollback of each wave (its clusters at once) at 870; record 60, annotate 30,
    // unlock 30
    long afterDeployGate = 870 + 2400 + 300 + 870 + 2 * 870 + 120;
    assertThat(plan.at("/approval/closesAfterSeconds").asLong())
        .isEqualTo(14_400 - afterDeployGate);
    long afterMarginalGate = 870 + 2 * 870 + 120;
    assertThat(plan.at("/waves/0/marginal/closesAfterSeconds").asLong())
        .isEqualTo(14_400 - afterMarginalGate);
    assertThat(plan.at("/waves/0/marginal/configuredTimeoutSeconds").asLong()).isEqualTo(86_400);
    assertThat(plan.at("/waves/1/marginal").isMissingNode()).isTrue();
    // the lock queue leaves the deploy gate its 300 s minimum and what follows it
    assertThat(plan.at("/budget/lockClosesAfterSeconds").asLong())
        .isEqualTo(14_400 - 60 - 30 - 120 - 300 - 300 - afterDeployGate);
    assertThat(plan.at("/budget/machineTimeoutSeconds").asLong()).isEqualTo(14_400);
  }

  @Test
  void plan_shouldRefuseARelease_whoseWorstCaseDoesNotFitTheMachineTimeout() {
    // 60 plan + 510 before the gate + 300 gate + 6300 after it (the edge wave's two clusters
    // rolled back at once) = 7170 s
    assertThatThrownBy(() -> plans.plan(withMachineTimeout(request("prod", false), 7000)))
        .isInstanceOf(SlipwayException.class)
        .hasMessageStartingWith("Slipway.Plan.OverBudget")
        .hasMessageContaining("needs 7170 s, 170 s more than the state machine's TimeoutSeconds")
        .hasMessageContaining("release.progressDeadlineSeconds 600")
        .hasMessageContaining("release.canary.bakeDelay, release.canary.window")
        .hasMessageContaining("Nothing was locked or written");
  }

  /** The example configuration with prod's canary gate on the edge wave (two clusters). */
  private void gateOnEdge(String canaryClusters) throws Exception {
    String yaml = Files.readString(Path.of("../../events/config/slipway.yaml"));
    String prodGate =
        "          - name: edge\n            clusters: [edge-1, edge-2]\n        canaryGate: core\n";
    String canary = "    canary:\n      config: config/canary/checkout.json\n";
    assertThat(yaml).contains(prodGate).contains(canary);
    yaml =
        yaml.replaceFirst(
            java.util.regex.Pattern.quote(prodGate), prodGate.replace("core", "edge"));
    if (canaryClusters != null) {
      yaml = yaml.replace(canary, canary + "      clusters: " + canaryClusters + "\n");
    }
    store.put(Keys.CONFIG, yaml.getBytes(StandardCharsets.UTF_8), "application/yaml");
  }

  @Test
  void plan_shouldJudgeEveryClusterOfTheGateWave_whenTheConfigNamesNone() throws Exception {
    gateOnEdge(null);

    JsonNode plan = plans.plan(request("prod", false));

    assertThat(plan.at("/waves/0/canaryGate").asBoolean()).isFalse();
    JsonNode edge = plan.at("/waves/1");
    assertThat(edge.path("canaryGate").asBoolean()).isTrue();
    assertThat(edge.at("/canary/clusters").toString()).isEqualTo("[\"edge-1\",\"edge-2\"]");
    assertThat(edge.at("/canary/cluster").isMissingNode()).isTrue();
  }

  @Test
  void plan_shouldJudgeTheNamedSubset_inEachEnvironmentsGateWave() throws Exception {
    // core-1 is stg's gate wave, edge-2 one of prod's two
    gateOnEdge("[edge-2, core-1]");

    assertThat(plans.plan(request("prod", false)).at("/waves/1/canary/clusters").toString())
        .isEqualTo("[\"edge-2\"]");
    assertThat(plans.plan(request("stg", false)).at("/waves/0/canary/clusters").toString())
        .isEqualTo("[\"core-1\"]");
  }

  @Test
  void plan_shouldRefuseASubset_thatNamesAClusterOutsideTheGateWave() throws Exception {
    // core-1 is stg's gate, edge-2 prod's; edge-9 is no gate's cluster
    gateOnEdge("[core-1, edge-2, edge-9]");

    assertThatThrownBy(() -> plans.plan(request("prod", false)))
        .isInstanceOf(SlipwayException.class)
        .hasMessageStartingWith("Slipway.Config.Invalid")
        .hasMessageContaining("applications[0].canary.clusters[2]")
        .hasMessageContaining("'edge-9' is not a cluster of a canary gate wave")
        .hasMessageContaining("prod/edge: edge-1, edge-2");
  }

  @Test
  void plan_shouldRefuseASubset_thatLeavesAGateWithNothingToJudge() throws Exception {
    // edge-1 is prod's gate cluster; stg's gate wave (core-1) would judge nothing
    gateOnEdge("[edge-1]");

    assertThatThrownBy(() -> plans.plan(request("prod", false)))
        .isInstanceOf(SlipwayException.class)
        .hasMessageStartingWith("Slipway.Config.Invalid")
        .hasMessageContaining("applications[0].canary.clusters")
        .hasMessageContaining("names no cluster of environment 'stg''s gate wave 'core'");
  }

  private static PlanRequest recorded(ReleaseRequest.Source source) {
    ReleaseRequest r = request("prod", true).release();
    return new PlanRequest(
        r.again(r.rerun(), r.trigger(), source),
        "arn:aws:states:us-east-1:1:execution:release:checkout-prod-42-rollback",
        "checkout-prod-42-rollback",
        START,
        null);
  }

  @Test
  void plan_ofARollback_shouldReuseTheStoredManifests_withTheSameWavesAndGate() {
    JsonNode rollback =
        plans.plan(
            recorded(
                new ReleaseRequest.Source(
                    "rollback", "42", "prod", null, "arn:aws:iam::1:user/alice", "bad", null)));
    JsonNode fresh = plans.plan(request("prod", true));

    assertThat(rollback.at("/manifests/manifests").asText()).isEqualTo("stored");
    assertThat(rollback.at("/manifests/build_num").asText()).isEqualTo("42");
    assertThat(rollback.path("manifestPrefix").asText())
        .isEqualTo("artifacts/checkout/42/manifests/");
    assertThat(rollback.path("waves")).isEqualTo(fresh.path("waves"));
    // the same gate; who asked for it is the operator, not the build that made 42
    JsonNode rollbackGate = ((ObjectNode) rollback.path("approval").deepCopy()).without("trigger");
    JsonNode freshGate = ((ObjectNode) fresh.path("approval").deepCopy()).without("trigger");
    assertThat(rollbackGate).isEqualTo(freshGate);
    assertThat(rollback.at("/approval/trigger/source").asText()).isEqualTo("operator");
    assertThat(rollback.at("/approval/trigger/event").asText()).isEqualTo("rollback");
    assertThat(rollback.at("/approval/trigger/by").asText()).isEqualTo("arn:aws:iam::1:user/alice");
    assertThat(rollback.at("/approval/trigger/url").isNull()).isTrue();
    // a request that names neither a trigger nor a source (written by hand): null, not missing
    assertThat(fresh.at("/approval/trigger").isNull()).isTrue();
    assertThat(fresh.path("manifests").has("manifests")).isFalse();
  }

  @Test
  void plan_ofAPromotion_shouldRenderForTheTargetEnvironmentsClusters() {
    JsonNode promote =
        plans.plan(
            recorded(
                new ReleaseRequest.Source(
                    "promote", "42", "stg", null, "arn:aws:iam::1:user/alice", null, null)));

    assertThat(promote.at("/manifests/manifests").asText()).isEqualTo("render");
    assertThat(promote.at("/manifests/clusters").toString())
        .isEqualTo("[\"core-1\",\"edge-1\",\"edge-2\"]");
  }

  @Test
  void plan_shouldRefuseAHostileSource_beforeTheLock() {
    assertThatThrownBy(
            () ->
                plans.plan(
                    recorded(
                        new ReleaseRequest.Source(
                            "rollback", "../42", null, null, "alice", null, null))))
        .isInstanceOfSatisfying(
            SlipwayException.class,
            e -> {
              assertThat(e.errorName()).isEqualTo("Slipway.Release.InvalidSource");
              assertThat(e.getMessage()).contains("source.fromBuild").doesNotContain("../42");
            });
  }

  @Test
  void plan_ofTheRollbackSample_shouldReuseBuild141sStoredManifests() throws Exception {
    PlanRequest sample =
        Json.mapper()
            .readValue(Path.of("../../events/plan/rollback.json").toFile(), PlanRequest.class);

    JsonNode plan = plans.plan(sample);

    assertThat(plan.at("/manifests/manifests").asText()).isEqualTo("stored");
    assertThat(plan.path("manifestPrefix").asText()).isEqualTo("artifacts/checkout/141/manifests/");
    assertThat(plan.at("/waves/0/canaryGate").asBoolean()).isFalse();
    assertThat(plan.at("/approval/required").asBoolean()).isTrue();
  }
}
