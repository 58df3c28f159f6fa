package dev.slipway.staticsync;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.model.Json;
import dev.slipway.store.EmbeddedS3;
import dev.slipway.store.S3ArtifactStore;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The handler on the committed event, against S3Proxy with the event's buckets. */
class StaticSyncHandlerTest {

  @Test
  void handleRequest_shouldSyncTheCommittedEvent() throws Exception {
    try (var s3 = EmbeddedS3.start()) {
      for (String bucket :
          new String[] {"shop-static-source", "shop-static-eu-west-1", "shop-static-us-east-1"}) {
        s3.client().createBucket(r -> r.bucket(bucket));
      }
      var source = new S3ArtifactStore(s3.client(), "shop-static-source");
      source.put("static/142/prices.json", "{}".getBytes(UTF_8), "application/json");
      source.put("static/142/banner.txt", "spring sale".getBytes(UTF_8), "text/plain");
      var handler =
          new StaticSyncHandler(
              new StaticSyncService(new S3Buckets(region -> EmbeddedS3.client(s3.endpoint()))));

      var output = new ByteArrayOutputStream();
      try (InputStream event = Files.newInputStream(event("staticsync/sync.json"))) {
        handler.handleRequest(event, output, null);
      }

      var result = Json.mapper().readValue(output.toByteArray(), StaticSyncResult.class);
      assertThat(result.objects()).isEqualTo(2);
      assertThat(result.destinations())
          .allSatisfy(
              d ->
                  assertThat(d.copied())
                      .containsExactly("static/banner.txt", "static/prices.json"));
      assertThat(
              new S3ArtifactStore(s3.client(), "shop-static-us-east-1")
                  .get("static/banner.txt")
                  .text())
          .isEqualTo("spring sale");
    }
  }

  private static Path event(String relative) throws URISyntaxException {
    return Path.of(
        StaticSyncHandlerTest.class.getClassLoader().getResource("events/" + relative).toURI());
  }
}
