package dev.slipway.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.model.SlipwayException;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ArtifactStore} must do. Each implementation runs the same tests through a
 * subclass: in memory, S3Proxy (a real S3 API in-process) and LocalStack (where Docker exists).
 */
abstract class ArtifactStoreContract {
  /** Larger than the S3 store's multipart threshold in the subclasses that configure one. */
  static final int LARGE_OBJECT_BYTES = 11 * 1024 * 1024 + 7;

  /** How many writers race for one key in the many-writer tests, and how many times. */
  static final int WRITERS = 16;

  static final int ROUNDS = 4;

  private ExecutorService pool;
  protected ArtifactStore store;

  /** A store over an empty bucket. */
  protected abstract ArtifactStore newStore();

  @BeforeEach
  void setUp() {
    store = newStore();
    pool = Executors.newFixedThreadPool(2);
  }

  @AfterEach
  void tearDown() throws InterruptedException {
    pool.shutdownNow();
    assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void put_shouldRoundTripBytesContentTypeAndEtag() {
    byte[] body = randomBytes(4096, 1);
    String etag = store.put("artifacts/app/1/manifests/core.yaml", body, "application/yaml");

    StoredObject read = store.get("artifacts/app/1/manifests/core.yaml");
    assertThat(read.body()).isEqualTo(body);
    assertThat(read.etag()).isEqualTo(etag).isNotBlank();
    assertThat(read.contentType()).isEqualTo("application/yaml");
    assertThat(read.key()).isEqualTo("artifacts/app/1/manifests/core.yaml");
  }

  @Test
  void put_shouldReplaceTheObjectAndItsEtag_whenTheKeyExists() {
    String first = store.put("k", "one".getBytes(UTF_8), "text/plain");
    String second = store.put("k", "two".getBytes(UTF_8), "text/plain");
    assertThat(second).isNotEqualTo(first);
    assertThat(store.get("k").text()).isEqualTo("two");
  }

  @Test
  void put_shouldStoreAnEmptyBody() {
    store.put("empty", new byte[0], "application/octet-stream");
    assertThat(store.get("empty").body()).isEmpty();
  }

  @Test
  void find_shouldBeEmpty_whenTheKeyIsMissing() {
    assertThat(store.find("artifacts/app/1/nothing.yaml")).isEmpty();
  }

  @Test
  void get_shouldFailWithNotFoundNamingTheKey_whenTheKeyIsMissing() {
    assertThatThrownBy(() -> store.get("templates/shop/deployment.yaml"))
        .isInstanceOf(SlipwayException.class)
        .satisfies(
            e -> assertThat(((SlipwayException) e).errorName()).isEqualTo(ArtifactErrors.NOT_FOUND))
        .hasMessageContaining("templates/shop/deployment.yaml");
  }

  @Test
  void putIfAbsent_shouldWriteOnce_andRefuseTheSecondWriter() {
    assertThat(store.putIfAbsent("locks/shop.json", "a".getBytes(UTF_8), "text/plain")).isPresent();
    assertThat(store.putIfAbsent("locks/shop.json", "b".getBytes(UTF_8), "text/plain")).isEmpty();
    assertThat(store.get("locks/shop.json").text()).isEqualTo("a");
  }

  @Test
  void putIfAbsent_shouldLetExactlyOneOfTwoConcurrentWritersWin() throws Exception {
    for (int round = 0; round < 8; round++) {
      String key = "locks/race-" + round + ".json";
      List<Optional<String>> results =
          race(
              () -> store.putIfAbsent(key, "writer-a".getBytes(UTF_8), "text/plain"),
              () -> store.putIfAbsent(key, "writer-b".getBytes(UTF_8), "text/plain"));

      assertRaceOutcome(results, store.get(key).text(), "writer-a", "writer-b");
    }
  }

  @Test
  void putIfMatch_shouldWrite_onlyWhileTheEtagIsCurrent() {
    String stale = store.put("releases/shop/prod.json", "1".getBytes(UTF_8), "application/json");
    String current = store.put("releases/shop/prod.json", "2".getBytes(UTF_8), "application/json");

    assertThat(
            store.putIfMatch(
                "releases/shop/prod.json", "3".getBytes(UTF_8), "application/json", stale))
        .isEmpty();
    assertThat(store.get("releases/shop/prod.json").text()).isEqualTo("2");

    Optional<String> written =
        store.putIfMatch(
            "releases/shop/prod.json", "3".getBytes(UTF_8), "application/json", current);
    assertThat(written).isPresent();
    assertThat(store.get("releases/shop/prod.json").text()).isEqualTo("3");
    assertThat(store.get("releases/shop/prod.json").etag()).isEqualTo(written.get());
  }

  @Test
  void putIfMatch_shouldBeEmpty_whenTheKeyIsMissing() {
    assertThat(store.putIfMatch("nothing", "x".getBytes(UTF_8), "text/plain", "\"abc\"")).isEmpty();
    assertThat(store.find("nothing")).isEmpty();
  }

  @Test
  void putIfMatch_shouldLetExactlyOneOfTwoConcurrentUpdatersWin() throws Exception {
    for (int round = 0; round < 8; round++) {
      String key = "releases/race-" + round + ".json";
      String etag = store.put(key, "base".getBytes(UTF_8), "text/plain");
      List<Optional<String>> results =
          race(
              () -> store.putIfMatch(key, "update-a".getBytes(UTF_8), "text/plain", etag),
              () -> store.putIfMatch(key, "update-b".getBytes(UTF_8), "text/plain", etag));

      assertRaceOutcome(results, store.get(key).text(), "update-a", "update-b");
    }
  }

  @Test
  void putIfMatch_shouldLetExactlyOneOfManyConcurrentUpdatersWin() throws Exception {
    for (int round = 0; round < ROUNDS; round++) {
      String key = "approvals/many-" + round + ".json";
      String etag = store.put(key, "pending".getBytes(UTF_8), "application/json");
      List<Optional<String>> results =
          raceMany(
              i ->
                  () ->
                      store.putIfMatch(
                          key, ("decided-" + i).getBytes(UTF_8), "application/json", etag));

      int winner = onlyWinner(results);
      StoredObject stored = store.get(key);
      assertThat(stored.text()).isEqualTo("decided-" + winner);
      assertThat(stored.etag()).isEqualTo(results.get(winner).get());
    }
  }

  @Test
  void putIfAbsent_shouldLetExactlyOneOfManyConcurrentCreatorsWin() throws Exception {
    for (int round = 0; round < ROUNDS; round++) {
      String key = "deliveries/many-" + round + ".json";
      List<Optional<String>> results =
          raceMany(i -> () -> store.putIfAbsent(key, ("first-" + i).getBytes(UTF_8), "text/plain"));

      int winner = onlyWinner(results);
      assertThat(store.get(key).text()).isEqualTo("first-" + winner);
    }
  }

  @Test
  void put_shouldRoundTripALargeObject() {
    byte[] body = randomBytes(LARGE_OBJECT_BYTES, 2);
    String etag = store.put("artifacts/app/1/big.bin", body, "application/octet-stream");
    StoredObject read = store.get("artifacts/app/1/big.bin");
    assertThat(read.body()).isEqualTo(body);
    assertThat(read.etag()).isEqualTo(etag);
  }

  @Test
  void putIfAbsent_shouldRefuseALargeObject_whenTheKeyExists() {
    byte[] body = randomBytes(LARGE_OBJECT_BYTES, 3);
    assertThat(store.putIfAbsent("big", body, "application/octet-stream")).isPresent();
    assertThat(store.putIfAbsent("big", randomBytes(LARGE_OBJECT_BYTES, 4), "x")).isEmpty();
    assertThat(store.get("big").body()).isEqualTo(body);
  }

  @Test
  void putStream_shouldRoundTripALargeObjectThroughStreams() throws Exception {
    byte[] body = randomBytes(LARGE_OBJECT_BYTES, 7);
    store.putStream(
        "static/big.bin", new ByteArrayInputStream(body), body.length, "application/x-tar");

    try (var stream = store.openStream("static/big.bin").orElseThrow()) {
      assertThat(stream.length()).isEqualTo(body.length);
      assertThat(stream.contentType()).isEqualTo("application/x-tar");
      assertThat(stream.body().readAllBytes()).isEqualTo(body);
    }
  }

  @Test
  void putStream_shouldStoreNothing_whenTheStreamIsShorterThanItsLength() {
    byte[] body = randomBytes(LARGE_OBJECT_BYTES, 8);
    assertThatThrownBy(
            () ->
                store.putStream(
                    "static/cut.bin", new ByteArrayInputStream(body), body.length + 10L, "x"))
        .isInstanceOf(RuntimeException.class)
        .hasMessageContaining("static/cut.bin");
    assertThat(store.find("static/cut.bin")).isEmpty();
  }

  @Test
  void openStream_shouldBeEmpty_whenTheKeyIsMissing() {
    assertThat(store.openStream("static/none.bin")).isEmpty();
  }

  @Test
  void list_shouldReturnKeysUnderThePrefixInOrder_andNothingFromASiblingPrefix() {
    for (String key :
        List.of(
            "artifacts/shop/2/manifests/edge.yaml",
            "artifacts/shop/1/manifests/core.yaml",
            "artifacts/shop/1/diff/core.diff",
            "artifacts/shopfront/1/manifests/core.yaml",
            "templates/shop/deployment.yaml")) {
      store.put(key, key.getBytes(UTF_8), "text/plain");
    }
    assertThat(store.list("artifacts/shop/"))
        .containsExactly(
            "artifacts/shop/1/diff/core.diff",
            "artifacts/shop/1/manifests/core.yaml",
            "artifacts/shop/2/manifests/edge.yaml");
    assertThat(store.list("artifacts/shop/1/manifests/"))
        .containsExactly("artifacts/shop/1/manifests/core.yaml");
    assertThat(store.list("nothing/")).isEmpty();
  }

  @Test
  void list_shouldReturnEveryKey_whenThereAreMoreThanOnePage() {
    var expected = new ArrayList<String>();
    for (int i = 0; i < 25; i++) {
      String key = String.format("static/data/%03d.bin", i);
      store.put(key, new byte[] {(byte) i}, "application/octet-stream");
      expected.add(key);
    }
    assertThat(store.list("static/")).containsExactlyElementsOf(expected);
  }

  @Test
  void delete_shouldRemoveTheObject_andIgnoreAMissingKey() {
    store.put("k", "v".getBytes(UTF_8), "text/plain");
    store.delete("k");
    assertThat(store.find("k")).isEmpty();
    store.delete("k");
    assertThat(store.list("")).isEmpty();
  }

  private void assertRaceOutcome(
      List<Optional<String>> results, String stored, String bodyA, String bodyB) {
    var winners = new ArrayList<String>();
    if (results.get(0).isPresent()) {
      winners.add(bodyA);
    }
    if (results.get(1).isPresent()) {
      winners.add(bodyB);
    }
    assertThat(winners).isNotEmpty();
    assertThat(stored).isIn(winners);
    assertThat(winners).as("exactly one writer wins").hasSize(1);
  }

  /** The index of the one present result; fails unless exactly one writer won. */
  private static int onlyWinner(List<Optional<String>> results) {
    List<Integer> winners = new ArrayList<>();
    for (int i = 0; i < results.size(); i++) {
      if (results.get(i).isPresent()) {
        winners.add(i);
      }
    }
    assertThat(winners).as("the writers that won, of " + results.size()).hasSize(1);
    return winners.get(0);
  }

  /**
   * Runs {@link #WRITERS} writers, released together by one barrier on their own threads, and
   * returns their results in order.
   */
  private static <T> List<T> raceMany(IntFunction<Callable<T>> writer) throws Exception {
    ExecutorService many = Executors.newFixedThreadPool(WRITERS);
    try {
      var barrier = new CyclicBarrier(WRITERS);
      List<Future<T>> futures = new ArrayList<>();
      for (int i = 0; i < WRITERS; i++) {
        Callable<T> task = writer.apply(i);
        futures.add(many.submit(() -> awaitThen(barrier, task)));
      }
      List<T> results = new ArrayList<>();
      for (Future<T> f : futures) {
        results.add(f.get(60, TimeUnit.SECONDS));
      }
      return results;
    } finally {
      many.shutdownNow();
    }
  }

  /** Runs both writers at the same instant on two threads and returns their results in order. */
  private <T> List<T> race(Callable<T> a, Callable<T> b) throws Exception {
    var barrier = new CyclicBarrier(2);
    Future<T> fa = pool.submit(() -> awaitThen(barrier, a));
    Future<T> fb = pool.submit(() -> awaitThen(barrier, b));
    return List.of(fa.get(30, TimeUnit.SECONDS), fb.get(30, TimeUnit.SECONDS));
  }

  private static <T> T awaitThen(CyclicBarrier barrier, Callable<T> task) throws Exception {
    barrier.await(10, TimeUnit.SECONDS);
    return task.call();
  }

  static byte[] randomBytes(int size, long seed) {
    byte[] bytes = new byte[size];
    var random = new SplittableRandom(seed);
    for (int i = 0; i < size; i++) {
      bytes[i] = (byte) random.nextInt(256);
    }
    return bytes;
  }
}
