package dev.slipway.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.model.Json;
import dev.slipway.store.EmbeddedS3;
import dev.slipway.store.S3ArtifactStore;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The handler on the committed event, against a real S3 API (S3Proxy in-process). */
class ManifestsHandlerTest {
  @RegisterExtension static final EmbeddedS3 s3 = EmbeddedS3.perClass();

  @Test
  void handleRequest_shouldRenderTheCommittedEvent_andWriteManifestsToS3() throws Exception {
    var store = new S3ArtifactStore(s3.client(), s3.createBucket("artifacts"));
    Fixtures.uploadTemplates(store, "shop");
    var handler = new ManifestsHandler(new ManifestService(store));

    var output = new ByteArrayOutputStream();
    try (InputStream event = Files.newInputStream(Fixtures.events("manifests/release.json"))) {
      handler.handleRequest(event, output, null);
    }

    var result = Json.mapper().readValue(output.toByteArray(), ManifestResult.class);
    assertThat(result.app()).isEqualTo("shop");
    assertThat(result.buildNum()).isEqualTo("142");
    assertThat(result.manifests()).hasSize(2);
    for (var manifest : result.manifests()) {
      String text = store.get(manifest.key()).text();
      assertThat(text).startsWith("---\n").contains("app.kubernetes.io/version: \"142\"");
      assertThat(Yaml.documents(manifest.key(), text)).hasSize(manifest.objectCount());
    }
    // the state carries the key and the count, never the object list (it grew the state by about
    // 265 bytes per object and cluster): the deploy reads the manifest from S3
    assertThat(Json.mapper().readTree(output.toByteArray()).at("/manifests/0"))
        .hasToString(
            "{\"cluster\":\"core-1\",\"key\":\"artifacts/shop/142/manifests/core-1.yaml\","
                + "\"objectCount\":"
                + result.manifests().get(0).objectCount()
                + "}");
  }
}
