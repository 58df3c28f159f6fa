package dev.slipway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.deploy.rollout.RolloutStatus;
import dev.slipway.model.Json;
import dev.slipway.store.Keys;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A wave's clusters polled in one call; the wave is as far as its slowest or broken cluster. */
class WaveRolloutTest {
  private final ClusterFixture fixture = new ClusterFixture();
  private final DeployService deploy = fixture.module.deployService();
  private final WaveRollout wave = fixture.module.waveRollout();
  // a second cluster name for the same API server: the two clusters of one wave
  private final ClusterRef edge = new ClusterRef("edge", null, null, "shop");

  WaveRolloutTest() {
    fixture.store.put(
        Keys.kubeconfig("edge"),
        fixture.cluster.kubeconfig("edge").getBytes(StandardCharsets.UTF_8),
        "application/yaml");
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  private DeployService.Result deployTo(ClusterRef cluster, String name, String image) {
    String key = Keys.manifest("web", "b1", cluster.name());
    fixture.store.put(
        key,
        ClusterFixture.deployment(name, image, 2).getBytes(StandardCharsets.UTF_8),
        "application/yaml");
    return deploy.deploy(new DeployService.Request("web", "exec-1", cluster, key, null));
  }

  private WaveRollout.Request request(List<DeployService.Result> deployed, int attempt) {
    return new WaveRollout.Request(
        List.of(ClusterFixture.ref(), edge), deployed, null, ClusterFixture.NOW, 3600L, attempt);
  }

  @Test
  void manyWorkloads_shouldStayOutOfTheState_andTheRolloutReadsThemFromS3() throws Exception {
    int count = DeployService.WORKLOADS_IN_STATE + 5;
    StringBuilder manifest = new StringBuilder();
    for (int i = 0; i < count; i++) {
      manifest
          .append("---\n")
          .append(ClusterFixture.deployment("w" + i, "registry.example.com/w:1.0", 1));
    }
    String key = Keys.manifest("web", "b1", "embedded");
    fixture.store.put(
        key, manifest.toString().getBytes(StandardCharsets.UTF_8), "application/yaml");
    var result =
        deploy.deploy(new DeployService.Request("web", "exec-1", ClusterFixture.ref(), key, null));

    // the state, as the state machine carries it: counts and keys, no object list
    String json = Json.mapper().writeValueAsString(result);
    assertThat(json).doesNotContain("\"objects\"").doesNotContain("\"workloads\"");
    assertThat(result.applied()).isEqualTo(count);
    assertThat(fixture.store.get(result.appliedKey()).text()).contains("\"name\":\"w24\"");
    var fromState = Json.mapper().readValue(json, DeployService.Result.class);

    var request =
        new WaveRollout.Request(
            List.of(ClusterFixture.ref()), List.of(fromState), null, ClusterFixture.NOW, 3600L, 0);
    WaveRollout.Result first = wave.check(request);
    fixture.cluster.simulator().tick(10);
    WaveRollout.Result last = wave.check(request);

    assertThat(first.status()).isEqualTo(RolloutStatus.IN_PROGRESS);
    assertThat(first.clusters().get(0).rollout().objects()).hasSize(count);
    assertThat(last.status()).isEqualTo(RolloutStatus.DONE);
    assertThat(Json.mapper().writeValueAsString(first)).doesNotContain("\"clusters\"");
  }

  @Test
  void check_shouldWaitForTheSlowestCluster_thenBeDone() {
    var core = deployTo(ClusterFixture.ref(), "web", "registry.example.com/web:1.0");
    var other = deployTo(edge, "api", "registry.example.com/api:1.0");

    WaveRollout.Result first = wave.check(request(List.of(core, other), 0));
    fixture.cluster.simulator().tick(10);
    WaveRollout.Result last = wave.check(request(List.of(core, other), first.attempt()));

    assertThat(first.status()).isEqualTo(RolloutStatus.IN_PROGRESS);
    assertThat(first.clusters())
        .extracting(WaveRollout.ClusterRollout::cluster)
        .containsExactly("embedded", "edge");
    assertThat(first.error()).isNull();
    assertThat(last.status()).isEqualTo(RolloutStatus.DONE);
    assertThat(last.checkedAt()).isEqualTo(ClusterFixture.NOW);
  }

  @Test
  void check_shouldFailTheWave_whenOneClusterFails_namingTheClusterAndTheError() {
    var core = deployTo(ClusterFixture.ref(), "web", "registry.example.com/web:1.0");
    var broken = deployTo(edge, "api", "registry.example.com/api:crashloop");
    fixture.cluster.simulator().tick(10);

    WaveRollout.Result r = wave.check(request(List.of(core, broken), 4));

    assertThat(r.status()).isEqualTo(RolloutStatus.FAILED);
    assertThat(r.error()).isEqualTo("Slipway.Deploy.ProgressDeadlineExceeded");
    assertThat(r.message()).startsWith("cluster edge: ").contains("CrashLoopBackOff");
  }

  @Test
  void check_shouldPollLessOften_asTheWaveTakesLonger() {
    var core = deployTo(ClusterFixture.ref(), "web", "registry.example.com/web:1.0");
    int[] waits = new int[8];
    int attempt = 0;
    for (int i = 0; i < waits.length; i++) {
      WaveRollout.Result r =
          wave.check(
              new WaveRollout.Request(
                  List.of(ClusterFixture.ref()), List.of(core), null, null, null, attempt));
      waits[i] = r.nextPollSeconds();
      attempt = r.attempt();
    }
    assertThat(waits).containsExactly(5, 10, 15, 20, 25, 30, 30, 30);
  }

  @Test
  void request_shouldAlsoReadTheOneClusterShape() throws Exception {
    var r =
        Json.mapper()
            .readValue(
                """
                {"cluster": {"name": "embedded", "namespace": "shop"},
                 "objects": [], "deadline": "2026-11-27T09:30:00Z"}
                """,
                WaveRollout.Request.class);
    assertThat(r.clusters()).extracting(ClusterRef::name).containsExactly("embedded");
    assertThat(r.deployed())
        .singleElement()
        .extracting(DeployService.Result::cluster)
        .isEqualTo("embedded");
    assertThat(r.attempt()).isZero();
  }
}
