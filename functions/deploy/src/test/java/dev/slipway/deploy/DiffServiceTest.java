package dev.slipway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.store.Keys;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The diff against the embedded API server: a server-side dry-run apply, never a write. */
class DiffServiceTest {
  private final ClusterFixture fixture = new ClusterFixture();
  private final DiffService diff = fixture.module.diffService();
  private final DeployService deploy = fixture.module.deployService();

  @AfterEach
  void stop() {
    fixture.close();
  }

  private DiffService.Result diff(String build) {
    return diff.diff(new DiffService.Request("web", build, null, List.of(ClusterFixture.ref())));
  }

  static final String LEGACY =
      """
      ---
      apiVersion: v1
      kind: ConfigMap
      metadata: {name: web-legacy}
      data: {MODE: old}
      """;

  /** b1 with a ConfigMap web-legacy deployed and recorded as live in prod; b2 drops it. */
  private void liveReleaseWithALegacyObject() {
    String v1 =
        fixture.putManifest("b1", ClusterFixture.release("registry.example.com/web:1.0") + LEGACY);
    deploy.deploy(new DeployService.Request("web", "exec-1", ClusterFixture.ref(), v1, null));
    fixture.store.put(
        Keys.release("web", "prod"),
        "{\"app\":\"web\",\"live\":{\"build\":\"b1\",\"status\":\"SUCCEEDED\"}}"
            .getBytes(java.nio.charset.StandardCharsets.UTF_8),
        "application/json");
    fixture.putManifest("b2", ClusterFixture.release("registry.example.com/web:1.1"));
  }

  @Test
  void diff_shouldNameTheObjectsTheLiveReleaseRenderedAndThisOneDoesNot_leavingThemRunning() {
    liveReleaseWithALegacyObject();

    DiffService.Result r =
        diff.diff(new DiffService.Request("web", "b2", "prod", List.of(ClusterFixture.ref())));

    assertThat(r.left()).isEqualTo(1);
    assertThat(r.clusters()).extracting(DiffService.ClusterSummary::left).containsExactly(1);
    assertThat(r.changed()).isEqualTo(1);
    String text = fixture.store.get(Keys.diff("web", "b2", ClusterFixture.CLUSTER)).text();
    assertThat(text)
        .contains("# Left in the cluster: rendered by build b1, not by this one.")
        .contains("#   v1 ConfigMap/web-legacy");
    assertThat(
            fixture.cluster.client().configMaps().inNamespace("shop").withName("web-legacy").get())
        .as("Slipway deletes nothing")
        .isNotNull();
  }

  @Test
  void diff_shouldLeaveNothingToName_withoutTheEnvironment_orWhenTheObjectIsAlreadyGone() {
    liveReleaseWithALegacyObject();
    assertThat(diff("b2").left()).as("no environment: only the cluster is compared").isZero();

    fixture.cluster.client().configMaps().inNamespace("shop").withName("web-legacy").delete();
    DiffService.Result r =
        diff.diff(new DiffService.Request("web", "b2", "prod", List.of(ClusterFixture.ref())));
    assertThat(r.left()).isZero();
    assertThat(fixture.store.get(Keys.diff("web", "b2", ClusterFixture.CLUSTER)).text())
        .doesNotContain("Left in the cluster");
  }

  @Test
  void diff_shouldShowEverythingCreated_onAClusterWithoutTheApp() {
    fixture.putManifest("b1", ClusterFixture.release("registry.example.com/web:1.0"));

    DiffService.Result r = diff("b1");

    assertThat(r.created()).isEqualTo(5);
    assertThat(r.changed()).isZero();
    assertThat(r.keys()).containsExactly("artifacts/web/b1/diff/embedded.diff");
    assertThat(fixture.web()).as("the dry run stored nothing").isNull();
  }

  @Test
  void diff_shouldShowTheImageChange_andLeaveTheLiveObjectAlone() {
    String v1 = fixture.putManifest("b1", ClusterFixture.release("registry.example.com/web:1.0"));
    deploy.deploy(new DeployService.Request("web", "exec-1", ClusterFixture.ref(), v1, null));
    fixture.putManifest("b2", ClusterFixture.release("registry.example.com/web:1.1"));

    DiffService.Result r = diff("b2");

    assertThat(r.changed()).isEqualTo(1);
    assertThat(r.unchanged()).isEqualTo(4);
    String text = fixture.store.get(Keys.diff("web", "b2", ClusterFixture.CLUSTER)).text();
    assertThat(text)
        .contains("-      - image: registry.example.com/web:1.0")
        .contains("+      - image: registry.example.com/web:1.1");
    assertThat(fixture.web().getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
        .isEqualTo("registry.example.com/web:1.0");
  }
}
