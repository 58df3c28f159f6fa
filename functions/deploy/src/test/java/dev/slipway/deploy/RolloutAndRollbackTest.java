package dev.slipway.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.deploy.rollout.RolloutResult;
import dev.slipway.deploy.rollout.RolloutStatus;
import dev.slipway.local.cluster.RolloutSimulator;
import dev.slipway.local.cluster.RolloutSimulator.Failure;
import dev.slipway.manifests.ObjectRef;
import dev.slipway.model.TerminalStepException;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Deploy, poll and roll back against the embedded API server, whose rollout simulator moves the
 * workloads' status as the controllers would (its apply is a create-or-merge shim, not real SSA).
 */
class RolloutAndRollbackTest {
  private final ClusterFixture fixture = new ClusterFixture();
  private final DeployService deploy = fixture.module.deployService();
  private final RolloutService rollout = fixture.module.rolloutService();
  private final RollbackService rollback = fixture.module.rollbackService();
  private final RolloutSimulator simulator = fixture.cluster.simulator();

  @AfterEach
  void stop() {
    fixture.close();
  }

  @Test
  void rollout_shouldGoFromInProgressToDone_asTheControllerProgresses() {
    var deployed = release("exec-1", "b1", "registry.example.com/web:1.0");

    var before = poll(deployed, null);
    simulator.tick();
    var during = poll(deployed, null);
    simulator.tick(4);
    var after = poll(deployed, null);

    assertThat(before.status()).isEqualTo(RolloutStatus.IN_PROGRESS);
    assertThat(before.message()).contains("Waiting for deployment spec update to be observed");
    assertThat(during.status()).isEqualTo(RolloutStatus.IN_PROGRESS);
    assertThat(during.message()).contains("new replicas have been updated");
    assertThat(after.status()).isEqualTo(RolloutStatus.DONE);
    assertThat(after.objects())
        .singleElement()
        .satisfies(o -> assertThat(o.name()).isEqualTo("web"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "CRASH_LOOP_BACK_OFF, CrashLoopBackOff, BackOff",
    "OOM_KILLED, OOMKilled, BackOff",
    "IMAGE_PULL_BACK_OFF, ImagePullBackOff, Failed",
    "ERR_IMAGE_PULL, ErrImagePull, Failed",
    "UNSCHEDULABLE, Unschedulable, FailedScheduling"
  })
  void rollout_shouldFailWithThePodsReason_whenTheProgressDeadlineIsExceeded(
      Failure failure, String podReason, String eventReason) {
    var deployed = release("exec-1", "b1", "registry.example.com/web:" + failure.tag());

    simulator.tick(3);
    var waiting = poll(deployed, null);
    simulator.tick(6); // progressDeadlineSeconds: 60, a tick is 10 s
    var failed = poll(deployed, null);

    assertThat(waiting.status()).isEqualTo(RolloutStatus.IN_PROGRESS);
    assertThat(waiting.message()).contains(podReason);
    assertThat(failed.status()).isEqualTo(RolloutStatus.FAILED);
    assertThat(failed.reason()).isEqualTo("Slipway.Deploy.ProgressDeadlineExceeded");
    assertThat(failed.message()).contains("exceeded its progress deadline").contains(podReason);
    assertThat(failed.objects().get(0).events()).extracting(e -> e.reason()).contains(eventReason);
  }

  @Test
  void rollout_shouldFailAtTheStateMachinesDeadline_beforeTheDeploymentsOwn() {
    var deployed = release("exec-1", "b1", "registry.example.com/web:crashloop");
    simulator.tick(2);

    var result = poll(deployed, ClusterFixture.NOW.minusSeconds(1));

    assertThat(result.status()).isEqualTo(RolloutStatus.FAILED);
    assertThat(result.reason()).isEqualTo("Slipway.Deploy.ProgressDeadlineExceeded");
    assertThat(result.message())
        .contains("not rolled out by the deadline")
        .contains("CrashLoopBackOff");
  }

  @Test
  void rollout_shouldFollowStatefulSetsAndDaemonSets() {
    var key =
        fixture.putManifest(
            "b1",
            """
            apiVersion: apps/v1
            kind: StatefulSet
            metadata: {name: db}
            spec:
              replicas: 2
              serviceName: db
              selector: {matchLabels: {app: db}}
              template:
                metadata: {labels: {app: db}}
                spec: {containers: [{name: db, image: "postgres:16.4"}]}
            ---
            apiVersion: apps/v1
            kind: DaemonSet
            metadata: {name: agent}
            spec:
              selector: {matchLabels: {app: agent}}
              template:
                metadata: {labels: {app: agent}}
                spec: {containers: [{name: agent, image: "registry.example.com/agent:2.0"}]}
            """);
    var deployed =
        deploy.deploy(new DeployService.Request("db", "exec-1", ClusterFixture.ref(), key, null));

    simulator.tick();
    var during = poll(deployed, null);
    simulator.tick(4);
    var done = poll(deployed, null);

    assertThat(during.status()).isEqualTo(RolloutStatus.IN_PROGRESS);
    assertThat(done.status()).as(done.message()).isEqualTo(RolloutStatus.DONE);
    assertThat(done.objects())
        .extracting(o -> o.kind())
        .containsExactlyInAnyOrder("StatefulSet", "DaemonSet");
  }

  @Test
  void rollback_shouldRestoreWhatChangedAndDeleteWhatWasCreated_thenRollOutTheOldVersion() {
    release("exec-1", "b1", "registry.example.com/web:1.0");
    simulator.tick(5);
    var v2 =
        fixture.putManifest(
            "b2",
            ClusterFixture.release("registry.example.com/web:crashloop")
                + "---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: feature-flags}\ndata: {NEW: \"1\"}\n");
    deploy.deploy(new DeployService.Request("web", "exec-2", ClusterFixture.ref(), v2, null));
    simulator.tick(3);

    var result =
        rollback.rollback(new RollbackService.Request("web", "exec-2", ClusterFixture.ref(), null));

    assertThat(result.deleted()).extracting(ObjectRef::name).containsExactly("feature-flags");
    assertThat(result.objects()).extracting(AppliedObject::name).contains("web");
    assertThat(image()).isEqualTo("registry.example.com/web:1.0");
    assertThat(
            fixture
                .cluster
                .client()
                .configMaps()
                .inNamespace("shop")
                .withName("feature-flags")
                .get())
        .isNull();
    simulator.tick(5);
    var back =
        rollout.check(new RolloutService.Request(ClusterFixture.ref(), result.objects(), null));
    assertThat(back.status()).as(back.message()).isEqualTo(RolloutStatus.DONE);
  }

  @Test
  void rollback_shouldBeHarmless_whenRunTwice() {
    release("exec-1", "b1", "registry.example.com/web:1.0");
    var v2 = fixture.putManifest("b2", ClusterFixture.release("registry.example.com/web:1.1"));
    deploy.deploy(new DeployService.Request("web", "exec-2", ClusterFixture.ref(), v2, null));
    var request = new RollbackService.Request("web", "exec-2", ClusterFixture.ref(), null);

    rollback.rollback(request);
    var generation = generation();
    var again = rollback.rollback(request);

    assertThat(image()).isEqualTo("registry.example.com/web:1.0");
    assertThat(generation()).isEqualTo(generation);
    assertThat(again.deleted()).isEmpty();
  }

  @Test
  void rollback_shouldDeleteEverything_whenTheReleaseWasTheFirst() {
    release("exec-1", "b1", "registry.example.com/web:1.0");

    var result =
        rollback.rollback(new RollbackService.Request("web", "exec-1", ClusterFixture.ref(), null));

    assertThat(result.deleted())
        .extracting(ObjectRef::kind)
        .containsExactly("Deployment", "Service", "ConfigMap", "ServiceAccount", "Namespace");
    assertThat(fixture.web()).isNull();
  }

  @Test
  void rollback_shouldDoNothing_whenTheDeployNeverWroteASnapshot() {
    var result =
        rollback.rollback(
            new RollbackService.Request("web", "never-deployed", ClusterFixture.ref(), null));

    assertThat(result.objects()).isEmpty();
    assertThat(result.message()).contains("nothing to roll back");
  }

  @Test
  void rollback_shouldNameTheClusterAndEveryObjectStillOnTheNewVersion_whenItFails() {
    release("exec-1", "b1", "registry.example.com/web:1.0");
    var v2 = fixture.putManifest("b2", ClusterFixture.release("registry.example.com/web:1.1"));
    deploy.deploy(new DeployService.Request("web", "exec-2", ClusterFixture.ref(), v2, null));
    fixture.cluster.faults().forbidden("PATCH", "/deployments/web", "slipway", 1);

    assertThatThrownBy(
            () ->
                rollback.rollback(
                    new RollbackService.Request("web", "exec-2", ClusterFixture.ref(), null)))
        .isInstanceOf(TerminalStepException.class)
        .hasMessageStartingWith(
            "Slipway.Rollback.Failed: cluster 'embedded': 1 object(s) could not be put back")
        .hasMessageContaining("Deployment/shop/web (Slipway.Cluster.Unauthorized");
    assertThat(image()).isEqualTo("registry.example.com/web:1.1");
  }

  private DeployService.Result release(String execution, String build, String image) {
    var key = fixture.putManifest(build, ClusterFixture.release(image));
    return deploy.deploy(
        new DeployService.Request("web", execution, ClusterFixture.ref(), key, null));
  }

  private RolloutResult poll(DeployService.Result deployed, Instant deadline) {
    return rollout.check(
        new RolloutService.Request(ClusterFixture.ref(), deployed.objects(), deadline));
  }

  private String image() {
    return fixture.web().getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
  }

  private long generation() {
    return fixture.web().getMetadata().getGeneration();
  }
}
