package dev.slipway.manifests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.model.Json;
import dev.slipway.model.SlipwayException;
import dev.slipway.store.InMemoryArtifactStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A release of a recorded build (a rollback): the manifests step reuses the manifests stored for
 * the build, after the same checks a rendered one gets, and refuses the release naming every
 * missing one.
 */
class StoredManifestsTest {
  private static final String CORE = "artifacts/shop/142/manifests/core-1.yaml";
  private static final String EDGE = "artifacts/shop/142/manifests/edge-1.yaml";

  private final InMemoryArtifactStore store = new InMemoryArtifactStore();
  private final ManifestService service = new ManifestService(store);

  @BeforeEach
  void renderBuild142() {
    Fixtures.uploadTemplates(store, "shop");
    service.generate(Fixtures.release());
  }

  private static ManifestRequest stored(String mode) {
    ObjectNode request = Json.mapper().valueToTree(Fixtures.release());
    request.put("manifests", mode);
    return Json.mapper().convertValue(request, ManifestRequest.class);
  }

  @Test
  void stored_shouldReuseTheBuildsManifestsAsTheyAre_withoutReadingTheTemplates() {
    String before = store.get(CORE).text();
    store.list("templates/shop/").forEach(store::delete); // templates changed since: not read

    ManifestResult result = service.generate(stored("stored"));

    assertThat(result.manifests())
        .extracting(ManifestResult.ClusterManifest::key)
        .containsExactly(CORE, EDGE);
    assertThat(result.manifests().get(0).objects())
        .extracting(ObjectRef::kind)
        .containsExactly("ServiceAccount", "ConfigMap", "Service", "Deployment", "ServiceMonitor");
    assertThat(result.manifests().get(0).objectCount()).isEqualTo(5);
    assertThat(store.get(CORE).text()).isEqualTo(before);
  }

  @Test
  void stored_shouldRefuseNamingEveryMissingManifest() {
    store.delete(CORE);
    store.delete(EDGE);

    assertThatThrownBy(() -> service.generate(stored("stored")))
        .isInstanceOfSatisfying(
            SlipwayException.class,
            e -> {
              assertThat(e.errorName()).isEqualTo("Slipway.Release.ManifestsMissing");
              assertThat(e.getMessage())
                  .contains("2 cluster(s) of prod")
                  .contains(CORE)
                  .contains(EDGE)
                  .contains("slipway releases --app shop --env prod");
            });
  }

  @Test
  void stored_shouldRefuseAManifestThatNoLongerRunsTheRecordedImage() {
    Fixtures.put(
        store,
        EDGE,
        store.get(EDGE).text().replace("shop:142", "shop:141")); // edited in the bucket since

    assertThatThrownBy(() -> service.generate(stored("stored")))
        .isInstanceOfSatisfying(
            SlipwayException.class,
            e -> assertThat(e.errorName()).isEqualTo(ManifestErrors.IMAGE_MISMATCH));
  }

  @Test
  void stored_shouldApplyTheConfinementAsConfiguredNow() {
    ObjectNode request = Json.mapper().valueToTree(stored("stored"));
    request.with("settings").with("namespaces").put("edge-1", "elsewhere");

    assertThatThrownBy(
            () -> service.generate(Json.mapper().convertValue(request, ManifestRequest.class)))
        .isInstanceOfSatisfying(
            SlipwayException.class,
            e -> assertThat(e.errorName()).isEqualTo(ManifestErrors.FORBIDDEN));
  }

  @Test
  void render_shouldRenderAsBefore_andAnUnknownModeIsRefused() {
    store.delete(CORE);
    service.generate(stored("render"));
    assertThat(store.find(CORE)).isPresent();

    assertThatThrownBy(() -> service.generate(stored("../stored")))
        .isInstanceOfSatisfying(
            SlipwayException.class,
            e -> {
              assertThat(e.errorName()).isEqualTo(ManifestErrors.INVALID_REQUEST);
              assertThat(e.getMessage()).doesNotContain("../stored");
            });
  }
}
