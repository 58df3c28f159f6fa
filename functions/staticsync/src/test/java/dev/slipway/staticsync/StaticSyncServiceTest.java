package dev.slipway.staticsync;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.model.SlipwayException;
import dev.slipway.store.ArtifactErrors;
import dev.slipway.store.ArtifactStore;
import dev.slipway.store.EmbeddedS3;
import dev.slipway.store.S3ArtifactStore;
import dev.slipway.store.StoredObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The sync against a real S3 API (S3Proxy in-process), one client per region. */
class StaticSyncServiceTest {
  @RegisterExtension static final EmbeddedS3 s3 = EmbeddedS3.perClass();

  private final List<String> clientsBuilt = new ArrayList<>();
  private StaticSyncService service;
  private StaticSyncRequest.Location source;
  private StaticSyncRequest.Location eu;
  private StaticSyncRequest.Location us;

  @BeforeEach
  void setUp() {
    service =
        new StaticSyncService(
            new S3Buckets(
                region -> {
                  clientsBuilt.add(region);
                  return EmbeddedS3.client(s3.endpoint());
                }));
    source = new StaticSyncRequest.Location(s3.createBucket("src"), "eu-west-1", "static/142/");
    eu = new StaticSyncRequest.Location(s3.createBucket("eu"), "eu-west-1", "static/");
    us = new StaticSyncRequest.Location(s3.createBucket("us"), "us-east-1", "data/static/");
    put(source, "static/142/prices.json", "{\"sku-1\": 12.5}");
    put(source, "static/142/geo/regions.csv", "eu,us,ap\n");
    put(source, "static/142/img/logo.png", "\u0089PNG binary-ish");
    put(source, "static/1420/other.json", "not under the prefix");
  }

  private StaticSyncRequest request(boolean verifyOnly) {
    return new StaticSyncRequest("shop", source, List.of(eu, us), verifyOnly);
  }

  private static ArtifactStore store(StaticSyncRequest.Location location) {
    return new S3ArtifactStore(s3.client(), location.bucket());
  }

  private static void put(StaticSyncRequest.Location location, String key, String text) {
    store(location).put(key, text.getBytes(UTF_8), "application/octet-stream");
  }

  @Test
  void sync_shouldCopyEveryObjectToEveryDestination_andVerifyIt() {
    StaticSyncResult result = service.sync(request(false));

    assertThat(result.objects()).isEqualTo(3);
    assertThat(result.destinations().get(0).copied())
        .containsExactly("static/geo/regions.csv", "static/img/logo.png", "static/prices.json");
    assertThat(result.destinations().get(1).copied())
        .containsExactly(
            "data/static/geo/regions.csv", "data/static/img/logo.png", "data/static/prices.json");
    assertThat(result.destinations()).allSatisfy(d -> assertThat(d.verified()).isEqualTo(3));
    assertThat(store(us).get("data/static/prices.json").text()).isEqualTo("{\"sku-1\": 12.5}");
    assertThat(store(eu).list("")).doesNotContain("static/other.json");
    assertThat(clientsBuilt).containsExactlyInAnyOrder("eu-west-1", "us-east-1");
  }

  @Test
  void sync_shouldCopyNothing_whenTheDestinationIsAlreadyEqual() {
    service.sync(request(false));
    StaticSyncResult rerun = service.sync(request(false));

    assertThat(rerun.destinations())
        .allSatisfy(
            d -> {
              assertThat(d.copied()).isEmpty();
              assertThat(d.unchanged()).isEqualTo(3);
              assertThat(d.verified()).isEqualTo(3);
            });
  }

  @Test
  void sync_shouldCopyOnlyTheObjectsThatDiffer_onARerun() {
    service.sync(request(false));
    put(eu, "static/prices.json", "{\"sku-1\": 12.6}"); // one byte differs
    store(us).delete("data/static/geo/regions.csv"); // missing at the destination

    StaticSyncResult rerun = service.sync(request(false));

    assertThat(rerun.destinations().get(0).copied()).containsExactly("static/prices.json");
    assertThat(rerun.destinations().get(0).unchanged()).isEqualTo(2);
    assertThat(rerun.destinations().get(1).copied()).containsExactly("data/static/geo/regions.csv");
    assertThat(store(eu).get("static/prices.json").text()).isEqualTo("{\"sku-1\": 12.5}");
  }

  @Test
  void verify_shouldFailWithMismatchListingTheKeys_whenOneByteDiffersOrAnObjectIsMissing() {
    service.sync(request(false));
    put(eu, "static/prices.json", "{\"sku-1\": 12.6}");
    store(us).delete("data/static/img/logo.png");

    assertThatThrownBy(() -> service.sync(request(true)))
        .isInstanceOf(SlipwayException.class)
        .satisfies(
            e ->
                assertThat(((SlipwayException) e).errorName()).isEqualTo(StaticDataErrors.MISMATCH))
        .hasMessageContaining("2 static data object(s) differ")
        .hasMessageContaining("s3://" + eu.bucket() + "/static/prices.json has sha256 ")
        .hasMessageContaining("s3://" + us.bucket() + "/data/static/img/logo.png is missing");
    // verify-only never writes
    assertThat(store(us).find("data/static/img/logo.png")).isEmpty();
  }

  @Test
  void verify_shouldPass_whenEveryDestinationIsEqual() {
    service.sync(request(false));
    StaticSyncResult verified = service.sync(request(true));
    assertThat(verified.destinations())
        .allSatisfy(
            d -> {
              assertThat(d.copied()).isEmpty();
              assertThat(d.verified()).isEqualTo(3);
            });
  }

  @Test
  void sync_shouldFailWithMismatch_whenWhatArrivesIsNotWhatWasSent() {
    var corrupting =
        new StaticSyncService(
            (bucket, region) -> {
              ArtifactStore real = new S3ArtifactStore(s3.client(), bucket);
              return bucket.equals(us.bucket()) ? new FlipsLastByte(real) : real;
            });

    assertThatThrownBy(() -> corrupting.sync(request(false)))
        .isInstanceOf(SlipwayException.class)
        .hasMessageStartingWith(StaticDataErrors.MISMATCH + ": 3 static data object(s) differ")
        .hasMessageContaining("s3://" + us.bucket() + "/data/static/prices.json has sha256");
  }

  @Test
  void sync_shouldFailWithArtifactNotFound_whenTheSourcePrefixIsEmpty() {
    var empty = new StaticSyncRequest.Location(source.bucket(), "eu-west-1", "static/999/");
    assertThatThrownBy(() -> service.sync(new StaticSyncRequest("shop", empty, List.of(eu), false)))
        .isInstanceOf(SlipwayException.class)
        .hasMessageStartingWith(ArtifactErrors.NOT_FOUND)
        .hasMessageContaining("s3://" + source.bucket() + "/static/999/*");
  }

  @Test
  void sync_shouldFailWithInvalidRequest_whenADestinationLiesInsideTheSource() {
    var inside = new StaticSyncRequest.Location(source.bucket(), "eu-west-1", "static/142/copy/");
    assertThatThrownBy(
            () -> service.sync(new StaticSyncRequest("shop", source, List.of(inside), false)))
        .isInstanceOf(SlipwayException.class)
        .hasMessageStartingWith(StaticDataErrors.INVALID_REQUEST)
        .hasMessageContaining("lies inside the source");
  }

  /** A destination that corrupts what it stores, as a broken copy or another writer would. */
  private record FlipsLastByte(ArtifactStore delegate) implements ArtifactStore {
    @Override
    public Optional<StoredObject> find(String key) {
      return delegate.find(key);
    }

    @Override
    public String put(String key, byte[] body, String contentType) {
      byte[] copy = body.clone();
      copy[copy.length - 1] ^= 1;
      return delegate.put(key, copy, contentType);
    }

    @Override
    public Optional<String> putIfAbsent(String key, byte[] body, String contentType) {
      return delegate.putIfAbsent(key, body, contentType);
    }

    @Override
    public Optional<String> putIfMatch(String key, byte[] body, String contentType, String etag) {
      return delegate.putIfMatch(key, body, contentType, etag);
    }

    @Override
    public List<String> list(String prefix) {
      return delegate.list(prefix);
    }

    @Override
    public void delete(String key) {
      delegate.delete(key);
    }
  }
}
