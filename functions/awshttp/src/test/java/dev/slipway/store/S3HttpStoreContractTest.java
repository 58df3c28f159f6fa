package dev.slipway.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.awshttp.AwsCredentials;
import dev.slipway.awshttp.AwsHttp;
import dev.slipway.awshttp.CredentialSource;
import dev.slipway.awshttp.S3HttpStore;
import dev.slipway.model.SlipwayException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The store contract on {@link S3HttpStore} against S3Proxy, which checks the SigV4 signature of
 * every request: a wrong byte in our signing fails every test here.
 */
class S3HttpStoreContractTest extends ArtifactStoreContract {
  @RegisterExtension static final EmbeddedS3 s3 = EmbeddedS3.perClass();

  static AwsHttp http(String secretKey) {
    return new AwsHttp(
        CredentialSource.fixed(AwsCredentials.of(EmbeddedS3.ACCESS_KEY, secretKey)),
        EmbeddedS3.REGION,
        Clock.systemUTC(),
        new AwsHttp.Settings(
            Duration.ofSeconds(2),
            Duration.ofSeconds(10),
            2,
            Duration.ZERO,
            Duration.ofSeconds(30)),
        d -> {});
  }

  @Override
  protected ArtifactStore newStore() {
    String bucket = s3.createBucket("http");
    // 10 keys a page, so that the 25-key listing goes over three pages
    return new S3HttpStore(
        http(EmbeddedS3.SECRET_KEY), bucket, Optional.of(s3.endpoint()), d -> {}, 10);
  }

  @Test
  void everyCall_shouldBeAccessDenied_whenTheSignatureIsWrong() {
    String bucket = s3.createBucket("denied");
    S3HttpStore wrong = new S3HttpStore(http("not-the-secret"), bucket, Optional.of(s3.endpoint()));

    assertThatThrownBy(() -> wrong.find("config/slipway.yaml"))
        .isInstanceOfSatisfying(
            SlipwayException.class,
            e -> assertThat(e.errorName()).isEqualTo(ArtifactErrors.ACCESS_DENIED))
        .hasMessageContaining("GetObject on s3://" + bucket + "/config/slipway.yaml")
        .hasMessageNotContaining("not-the-secret");
    assertThatThrownBy(() -> wrong.put("k", new byte[] {1}, "x"))
        .isInstanceOfSatisfying(
            SlipwayException.class,
            e -> assertThat(e.errorName()).isEqualTo(ArtifactErrors.ACCESS_DENIED));
  }

  @Test
  void find_shouldNameTheBucket_whenItDoesNotExist() {
    S3HttpStore missing =
        new S3HttpStore(
            http(EmbeddedS3.SECRET_KEY), "no-such-bucket-here", Optional.of(s3.endpoint()));
    assertThatThrownBy(() -> missing.find("k"))
        .isInstanceOfSatisfying(
            SlipwayException.class,
            e -> assertThat(e.errorName()).isEqualTo(ArtifactErrors.BUCKET_NOT_FOUND))
        .hasMessageContaining("no-such-bucket-here");
  }

  @Test
  void keys_shouldRoundTrip_withCharactersThatNeedEncoding() {
    String key = "approvals/shop/1/a b+c%d~e/é中😀=&?.json";
    store.put(key, "x".getBytes(StandardCharsets.UTF_8), "application/json");
    assertThat(store.find(key)).get().extracting(StoredObject::text).isEqualTo("x");
    assertThat(store.list("approvals/shop/1/")).containsExactly(key);
    store.delete(key);
    assertThat(store.find(key)).isEmpty();
  }
}
