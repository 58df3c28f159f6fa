package dev.slipway.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.model.SlipwayException;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StoreConfigTest {

  @Test
  void from_shouldReadBucketRegionAndOptionalEndpoint() {
    var config =
        StoreConfig.from(
            Map.of(
                "SLIPWAY_BUCKET", "artifacts",
                "AWS_REGION", "eu-west-1",
                "SLIPWAY_S3_ENDPOINT", "http://127.0.0.1:9000"));
    assertThat(config.bucket()).isEqualTo("artifacts");
    assertThat(config.region()).isEqualTo("eu-west-1");
    assertThat(config.endpoint()).contains(URI.create("http://127.0.0.1:9000"));
    assertThat(StoreConfig.from(Map.of("SLIPWAY_BUCKET", "b", "AWS_REGION", "r")).endpoint())
        .isEmpty();
  }

  @Test
  void from_shouldFailWithNotConfiguredNamingTheVariable_whenTheBucketIsMissing() {
    assertThatThrownBy(() -> StoreConfig.from(Map.of("AWS_REGION", "eu-west-1")))
        .isInstanceOf(SlipwayException.class)
        .hasMessageStartingWith(ArtifactErrors.NOT_CONFIGURED)
        .hasMessageContaining("SLIPWAY_BUCKET");
  }
}
