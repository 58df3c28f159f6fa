package dev.slipway.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.model.RetryableStepException;
import dev.slipway.model.SlipwayException;
import dev.slipway.model.TerminalStepException;
import dev.slipway.store.Keys;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Deploys against the embedded API server over real HTTP. Its server-side apply is a shim
 * (create-or-merge, no field ownership); conflicts and other API errors are injected faults with
 * the API server's own Status bodies.
 */
class DeployServiceTest {
  private final ClusterFixture fixture = new ClusterFixture();
  private final DeployService service = fixture.module.deployService();

  @AfterEach
  void stop() {
    fixture.close();
  }

  @Test
  void deploy_shouldApplyEveryObjectInDependencyOrder_andSnapshotTheirAbsenceFirst() {
    var key = fixture.putManifest("b1", ClusterFixture.release("registry.example.com/web:1.0"));

    var result =
        service.deploy(new DeployService.Request("web", "exec-1", ClusterFixture.ref(), key, null));

    assertThat(result.objects())
        .extracting(AppliedObject::kind)
        .containsExactly("Namespace", "ServiceAccount", "ConfigMap", "Service", "Deployment");
    assertThat(result.objects())
        .allSatisfy(
            o -> {
              assertThat(o.created()).isTrue();
              assertThat(o.uid()).isNotBlank();
            });
    var web = result.objects().get(4);
    assertThat(web.namespace()).isEqualTo("shop");
    assertThat(web.generation()).isEqualTo(1);
    assertThat(result.objects().get(0).namespace()).isNull();
    assertThat(fixture.web().getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
        .isEqualTo("registry.example.com/web:1.0");
    assertThat(result.snapshotKey()).isEqualTo(Keys.snapshot("web", "embedded", "exec-1"));
    var snapshot = DeployService.read(fixture.store.get(result.snapshotKey()).body());
    assertThat(snapshot.objects()).hasSize(5).allSatisfy(e -> assertThat(e.live()).isNull());
  }

  @Test
  void deploy_shouldSnapshotTheLiveStateAndBumpTheGeneration_whenTheObjectsExist() {
    var v1 = fixture.putManifest("b1", ClusterFixture.release("registry.example.com/web:1.0"));
    service.deploy(new DeployService.Request("web", "exec-1", ClusterFixture.ref(), v1, null));
    var v2 = fixture.putManifest("b2", ClusterFixture.release("registry.example.com/web:1.1"));

    var result =
        service.deploy(new DeployService.Request("web", "exec-2", ClusterFixture.ref(), v2, false));

    var web =
        result.objects().stream()
            .filter(o -> o.kind().equals("Deployment"))
            .findFirst()
            .orElseThrow();
    assertThat(web.created()).isFalse();
    assertThat(web.generation()).isEqualTo(2);
    var snapshot = DeployService.read(fixture.store.get(result.snapshotKey()).body());
    var before =
        snapshot.objects().stream()
            .filter(e -> e.ref().kind().equals("Deployment"))
            .findFirst()
            .orElseThrow();
    assertThat(before.live().at("/spec/template/spec/containers/0/image").asText())
        .isEqualTo("registry.example.com/web:1.0");
  }

  @Test
  void deploy_shouldKeepTheFirstSnapshot_whenTheSameExecutionIsRetried() {
    var key = fixture.putManifest("b1", ClusterFixture.release("registry.example.com/web:1.0"));
    var request = new DeployService.Request("web", "exec-1", ClusterFixture.ref(), key, null);
    service.deploy(request);

    var retried = service.deploy(request);

    assertThat(retried.objects()).allSatisfy(o -> assertThat(o.created()).isTrue());
    var snapshot = DeployService.read(fixture.store.get(retried.snapshotKey()).body());
    assertThat(snapshot.objects()).allSatisfy(e -> assertThat(e.live()).isNull());
  }

  @Test
  void deploy_shouldNameTheOtherFieldManagerAndFields_onAnApplyConflict() {
    var key = webManifest();
    fixture
        .cluster
        .faults()
        .applyConflict(
            "/deployments/web",
            "kubectl-client-side-apply",
            "apps/v1",
            List.of(".spec.replicas", ".spec.template.spec.containers[name=\"app\"].image"),
            1);

    assertThatThrownBy(() -> deployExec1(key))
        .isInstanceOf(TerminalStepException.class)
        .hasMessageStartingWith("Slipway.Deploy.Conflict: ")
        .hasMessageContaining(
            "\"kubectl-client-side-apply\" owns .spec.replicas, .spec.template.spec.containers[name=\"app\"].image")
        .hasMessageContaining("force: true");
  }

  @Test
  void deploy_shouldSendForce_whenTheAppAsksForIt() {
    var key = webManifest();
    // only a non-forced apply meets the conflict
    fixture
        .cluster
        .faults()
        .applyConflict("force=false", "helm", "apps/v1", List.of(".spec.replicas"), 1);

    var result =
        service.deploy(new DeployService.Request("web", "exec-1", ClusterFixture.ref(), key, true));

    assertThat(result.objects()).hasSize(1);
  }

  @Test
  void deploy_shouldBeRejectedWithTheApiServersMessage_on422() {
    var key = webManifest();
    fixture
        .cluster
        .faults()
        .status(
            "PATCH",
            "/deployments/web",
            422,
            "Invalid",
            "Deployment.apps \"web\" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"x\"}: `selector` does not match template `labels`",
            1);

    assertThatThrownBy(() -> deployExec1(key))
        .isInstanceOf(TerminalStepException.class)
        .hasMessageStartingWith("Slipway.Deploy.Rejected: ")
        .hasMessageContaining("`selector` does not match template `labels`");
  }

  @Test
  void deploy_shouldSayWhatToCheck_on403() {
    var key = webManifest();
    fixture
        .cluster
        .faults()
        .forbidden(
            "PATCH",
            "/deployments/web",
            "arn:aws:sts::111122223333:assumed-role/slipway-deploy/fn",
            1);

    assertThatThrownBy(() -> deployExec1(key))
        .isInstanceOf(TerminalStepException.class)
        .hasMessageStartingWith("Slipway.Cluster.Unauthorized: ")
        .hasMessageContaining("cannot patch resource \"deployments\"")
        .hasMessageContaining("access entry")
        .hasMessageContaining("aws-auth");
  }

  @Test
  void deploy_shouldBeRetryable_on5xxAnd429() {
    var key = webManifest();
    fixture
        .cluster
        .faults()
        .status(
            "GET", "/deployments/web", 503, "ServiceUnavailable", "etcdserver: leader changed", 1);

    var e = catchSlipway(() -> deployExec1(key));
    assertThat(e).isInstanceOf(RetryableStepException.class);
    assertThat(e.errorName()).isEqualTo("Slipway.Cluster.Unavailable");
    assertThat(e.causeText()).contains("503").contains("etcdserver: leader changed");

    fixture
        .cluster
        .faults()
        .status("PATCH", "/deployments/web", 429, "TooManyRequests", "too many requests", 1);
    var throttled = catchSlipway(() -> deployExec1(key));
    assertThat(throttled).isInstanceOf(RetryableStepException.class);
    assertThat(throttled.causeText()).contains("429");
  }

  @Test
  void deploy_shouldTimeOut_whenTheApiServerIsTooSlow() {
    var key = webManifest();
    fixture.cluster.faults().slow("GET", "/deployments/web", Duration.ofSeconds(4), 1);

    var e = catchSlipway(() -> deployExec1(key));

    assertThat(e).isInstanceOf(RetryableStepException.class);
    assertThat(e.errorName()).isEqualTo("Slipway.Cluster.Timeout");
  }

  @Test
  void deploy_shouldBeUnreachable_whenNothingListens() {
    var kubeconfig =
        fixture.cluster.kubeconfig("gone").replace(fixture.cluster.url(), "http://127.0.0.1:1");
    fixture.store.put(
        Keys.kubeconfig("gone"), kubeconfig.getBytes(StandardCharsets.UTF_8), "application/yaml");
    var key = webManifest();

    var e =
        catchSlipway(
            () ->
                service.deploy(
                    new DeployService.Request(
                        "web", "exec-1", new ClusterRef("gone", null, null, "shop"), key, null)));

    assertThat(e).isInstanceOf(RetryableStepException.class);
    assertThat(e.errorName()).isEqualTo("Slipway.Cluster.Unreachable");
    assertThat(e.causeText())
        .contains("http://127.0.0.1:1")
        .doesNotContain(ClusterFixtureToken.TOKEN);
  }

  @Test
  void deploy_shouldRejectAnExecKubeconfig_sayingWhatToUseInstead() {
    fixture.store.put(
        Keys.kubeconfig("gke"),
        """
        apiVersion: v1
        kind: Config
        clusters: [{name: gke, cluster: {server: "https://34.1.2.3"}}]
        users: [{name: me, user: {exec: {apiVersion: client.authentication.k8s.io/v1beta1, command: gke-gcloud-auth-plugin}}}]
        contexts: [{name: gke, context: {cluster: gke, user: me}}]
        current-context: gke
        """
            .getBytes(StandardCharsets.UTF_8),
        "application/yaml");
    var key = webManifest();

    assertThatThrownBy(
            () ->
                service.deploy(
                    new DeployService.Request(
                        "web", "exec-1", new ClusterRef("gke", null, null, "shop"), key, null)))
        .isInstanceOf(TerminalStepException.class)
        .hasMessageStartingWith("Slipway.Cluster.UnsupportedKubeconfig: ")
        .hasMessageContaining("gke-gcloud-auth-plugin")
        .hasMessageContaining("bearer token");
  }

  @Test
  void deploy_shouldNameTheDocument_whenAManifestObjectHasNoKind() {
    var key =
        fixture.putManifest(
            "b1",
            ClusterFixture.deployment("web", "x:1", 1)
                + "---\napiVersion: v1\nmetadata: {name: broken}\n");

    assertThatThrownBy(() -> deployExec1(key))
        .hasMessageStartingWith("Slipway.Deploy.InvalidManifest: document 2 of the manifest");
    assertThat(fixture.store.find(Keys.snapshot("web", "embedded", "exec-1"))).isEmpty();
  }

  @Test
  void deploy_shouldApplyACustomResourceAfterItsDefinition_andRetryWhileItIsNotServedYet() {
    var key =
        fixture.putManifest(
            "b1",
            """
            apiVersion: example.com/v1
            kind: Canary
            metadata: {name: web}
            spec: {weight: 10}
            ---
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            metadata: {name: canaries.example.com}
            spec:
              group: example.com
              scope: Namespaced
              names: {kind: Canary, plural: canaries, singular: canary}
              versions: [{name: v1, served: true, storage: true, schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}}]
            """);
    var request = new DeployService.Request("web", "exec-1", ClusterFixture.ref(), key, null);
    fixture
        .cluster
        .faults()
        .status(
            "PATCH",
            "/apis/example.com/v1/namespaces/shop/canaries/web",
            404,
            "NotFound",
            "the server could not find the requested resource",
            1);

    var notYet = catchSlipway(() -> service.deploy(request));
    var result = service.deploy(request);

    assertThat(notYet).isInstanceOf(RetryableStepException.class);
    assertThat(notYet.causeText()).contains("not established");
    assertThat(result.objects())
        .extracting(AppliedObject::kind)
        .containsExactly("CustomResourceDefinition", "Canary");
    assertThat(result.objects().get(1).namespace()).isEqualTo("shop");
    assertThat(result.objects().get(0).namespace()).isNull();
  }

  private String webManifest() {
    return fixture.putManifest(
        "b1", ClusterFixture.deployment("web", "registry.example.com/web:1.0", 3));
  }

  private DeployService.Result deployExec1(String key) {
    return service.deploy(
        new DeployService.Request("web", "exec-1", ClusterFixture.ref(), key, null));
  }

  private static SlipwayException catchSlipway(Runnable r) {
    try {
      r.run();
    } catch (SlipwayException e) {
      return e;
    }
    throw new AssertionError("expected a Slipway error");
  }

  private static final class ClusterFixtureToken {
    static final String TOKEN = dev.slipway.local.cluster.EmbeddedCluster.TOKEN;
  }
}
