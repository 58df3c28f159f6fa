package dev.slipway.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.manifests.ManifestDiff.Change;
import dev.slipway.store.InMemoryArtifactStore;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ManifestDiffTest {
  private static final String DEPLOYMENT =
      """
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: shop-api
        namespace: shop
      spec:
        replicas: 6
        template:
          spec:
            containers:
              - name: api
                image: registry/shop:142
      """;

  private static ObjectNode parse(String yaml) {
    return Yaml.documents("test.yaml", yaml).get(0).object();
  }

  /** What a cluster returns: the applied fields plus what the server owns, in its own order. */
  private static ObjectNode asLive(ObjectNode rendered) {
    ObjectNode live = rendered.deepCopy();
    ObjectNode metadata = (ObjectNode) live.get("metadata");
    metadata.put("resourceVersion", "81723").put("uid", "5b1f").put("generation", 4);
    metadata.putArray("managedFields").addObject().put("manager", "slipway");
    metadata.withObject("/annotations").put("deployment.kubernetes.io/revision", "12");
    live.putObject("status").put("readyReplicas", 6);
    return live;
  }

  @Test
  void compare_shouldReportCreatedWithEveryLineAdded_whenThereIsNoLiveObject() {
    ObjectNode rendered = parse(DEPLOYMENT);
    var diff = ManifestDiff.compare(ObjectRef.of(rendered), rendered, Optional.empty());

    assertThat(diff.change()).isEqualTo(Change.CREATED);
    assertThat(diff.diff())
        .startsWith("--- /dev/null\n+++ rendered/apps/v1/Deployment/shop/shop-api\n@@ -0,0 +1,")
        .contains("+  replicas: 6")
        .doesNotContain("\n-");
  }

  @Test
  void compare_shouldReportUnchanged_whenOnlyServerOwnedFieldsDiffer() {
    ObjectNode rendered = parse(DEPLOYMENT);
    var diff =
        ManifestDiff.compare(ObjectRef.of(rendered), rendered, Optional.of(asLive(rendered)));

    assertThat(diff.change()).isEqualTo(Change.UNCHANGED);
    assertThat(diff.diff()).isEmpty();
  }

  @Test
  void compare_shouldWriteAUnifiedDiffOfTheChangedLines_whenTheObjectChanged() {
    ObjectNode live = asLive(parse(DEPLOYMENT.replace("replicas: 6", "replicas: 2")));
    ((ObjectNode) live.at("/spec/template/spec/containers/0")).put("image", "registry/shop:141");
    ObjectNode rendered = parse(DEPLOYMENT);

    var diff = ManifestDiff.compare(ObjectRef.of(rendered), rendered, Optional.of(live));

    assertThat(diff.change()).isEqualTo(Change.CHANGED);
    assertThat(diff.diff())
        .startsWith(
            "--- live/apps/v1/Deployment/shop/shop-api\n"
                + "+++ rendered/apps/v1/Deployment/shop/shop-api\n@@ ")
        .contains("-  replicas: 2\n+  replicas: 6")
        .contains("-      - image: registry/shop:141\n+      - image: registry/shop:142")
        .doesNotContain("resourceVersion")
        .doesNotContain("readyReplicas");
  }

  @Test
  void diff_shouldWriteTheClusterDiffToItsKey_andCountEachOutcome() {
    var store = new InMemoryArtifactStore();
    Fixtures.uploadTemplates(store, "shop");
    new ManifestService(store).generate(Fixtures.release());
    var rendered =
        Yaml.documents("m", store.get("artifacts/shop/142/manifests/core-1.yaml").text());
    JsonNode serviceAccount = rendered.get(0).object();
    ObjectNode deployment = rendered.get(3).object().deepCopy();
    ((ObjectNode) deployment.get("spec")).put("replicas", 2);
    var cluster =
        new InMemoryLiveObjectSource()
            .put("core-1", asLive((ObjectNode) serviceAccount))
            .put("core-1", asLive(deployment));

    var result = new ManifestDiffService(store).diff("shop", "142", "core-1", cluster);

    assertThat(result.key()).isEqualTo("artifacts/shop/142/diff/core-1.diff");
    assertThat(List.of(result.created(), result.changed(), result.unchanged()))
        .containsExactly(3, 1, 1);
    assertThat(result.objects())
        .extracting(ManifestDiff.ObjectDiff::change)
        .containsExactly(
            Change.UNCHANGED, Change.CREATED, Change.CREATED, Change.CHANGED, Change.CREATED);
    String text = store.get(result.key()).text();
    assertThat(text)
        .contains("+++ rendered/v1/ConfigMap/shop/shop-config")
        .contains("-  replicas: 2\n+  replicas: 6")
        .doesNotContain("ServiceAccount/shop/shop-api");
  }
}
