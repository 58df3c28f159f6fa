package dev.slipway.pipeline;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.store.InMemoryArtifactStore;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AppLockTest {
  private static final String FIRST = "arn:aws:states:us-east-1:1:execution:release:checkout-41";
  private static final String SECOND = "arn:aws:states:us-east-1:1:execution:release:checkout-42";

  private final InMemoryArtifactStore store = new InMemoryArtifactStore();
  private final Map<String, String> statuses = new ConcurrentHashMap<>();
  private final AppLock lock =
      new AppLock(
          store,
          arn -> Optional.ofNullable(statuses.get(arn)),
          Clock.fixed(Instant.parse("2026-11-26T21:00:00Z"), ZoneOffset.UTC),
          5,
          10,
          60);

  @Test
  void acquire_shouldMakeTheSecondReleaseWait_whileTheFirstRuns() {
    statuses.put(FIRST, "RUNNING");
    assertThat(lock.acquire(new LockRequest("checkout", FIRST, 0)).acquired()).isTrue();

    LockResult second = lock.acquire(new LockRequest("checkout", SECOND, 0));

    assertThat(second.acquired()).isFalse();
    assertThat(second.holder()).isEqualTo(FIRST);
    assertThat(second.attempt()).isEqualTo(1);
    assertThat(second.waitSeconds()).isEqualTo(10);
    assertThat(second.gaveUp()).isFalse();
    assertThat(store.get("locks/checkout.json").text()).contains(FIRST);
  }

  @ParameterizedTest(name = "{0} s left of the queue's budget: waits {1} s, gave up: {2}")
  @CsvSource({"600, 10, false", "7, 7, false", "0, 0, true", "-30, 0, true"})
  void acquire_shouldEndTheQueue_whenThePlansBudgetForItIsUsedUp(
      long left, int wait, boolean gaveUp) {
    statuses.put(FIRST, "RUNNING");
    lock.acquire(new LockRequest("checkout", FIRST, 0));
    Instant now = Instant.parse("2026-11-26T21:00:00Z");
    Instant started = now.minusSeconds(1000);

    LockResult r = lock.acquire(new LockRequest("checkout", SECOND, 0, started, 1000 + left));

    assertThat(r.acquired()).isFalse();
    assertThat(r.waitSeconds()).isEqualTo(wait);
    assertThat(r.gaveUp()).isEqualTo(gaveUp);
    if (gaveUp) {
      assertThat(r.detail()).contains("budget ended at " + started.plusSeconds(1000 + left));
    }
  }

  @ParameterizedTest(name = "attempt {0} waits {1}s, gave up: {2}")
  @CsvSource({"0, 10, false", "1, 20, false", "2, 40, false", "3, 60, false", "4, 0, true"})
  void acquire_shouldBackOffUpToALimit_thenGiveUp(int previous, int wait, boolean gaveUp) {
    statuses.put(FIRST, "RUNNING");
    lock.acquire(new LockRequest("checkout", FIRST, 0));
    LockResult r = lock.acquire(new LockRequest("checkout", SECOND, previous));
    assertThat(r.waitSeconds()).isEqualTo(wait);
    assertThat(r.gaveUp()).isEqualTo(gaveUp);
  }

  @ParameterizedTest
  @CsvSource({"SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED"})
  void acquire_shouldTakeOver_whenTheHolderIsNoLongerRunning(String status) {
    statuses.put(FIRST, "RUNNING");
    lock.acquire(new LockRequest("checkout", FIRST, 0));
    statuses.put(FIRST, status);

    LockResult r = lock.acquire(new LockRequest("checkout", SECOND, 0));

    assertThat(r.acquired()).isTrue();
    assertThat(r.detail()).contains("took over").contains(status);
    assertThat(store.get("locks/checkout.json").text()).contains(SECOND);
  }

  @Test
  void acquire_shouldTakeOver_whenTheHolderExecutionDoesNotExist() {
    store.put("locks/checkout.json", ("{\"holder\":\"" + FIRST + "\"}").getBytes(UTF_8), "x");
    assertThat(lock.acquire(new LockRequest("checkout", SECOND, 0)).acquired()).isTrue();
  }

  @Test
  void acquire_shouldTakeOver_anUnreadableLock() {
    store.put("locks/checkout.json", "not json".getBytes(UTF_8), "x");
    LockResult r = lock.acquire(new LockRequest("checkout", SECOND, 0));
    assertThat(r.acquired()).isTrue();
    assertThat(r.detail()).contains("unreadable");
  }

  @Test
  void acquire_shouldBeReentrant_forTheHoldingExecution() {
    statuses.put(FIRST, "RUNNING");
    lock.acquire(new LockRequest("checkout", FIRST, 0));
    assertThat(lock.acquire(new LockRequest("checkout", FIRST, 0)).acquired()).isTrue();
  }

  @Test
  void acquire_shouldGrantTheLockToExactlyOne_ofManyConcurrentReleases() throws Exception {
    int n = 16;
    var pool = Executors.newFixedThreadPool(n);
    var start = new CountDownLatch(1);
    List<Future<LockResult>> results = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String arn = "arn:aws:states:us-east-1:1:execution:release:r" + i;
      statuses.put(arn, "RUNNING");
      results.add(
          pool.submit(
              () -> {
                start.await();
                return lock.acquire(new LockRequest("checkout", arn, 0));
              }));
    }
    start.countDown();
    int acquired = 0;
    for (var f : results) {
      acquired += f.get().acquired() ? 1 : 0;
    }
    pool.shutdown();
    assertThat(acquired).isEqualTo(1);
  }

  @Test
  void release_shouldOnlyReleaseTheHoldersLock() {
    statuses.put(FIRST, "RUNNING");
    lock.acquire(new LockRequest("checkout", FIRST, 0));

    LockResult notMine = lock.release(new LockRequest("checkout", SECOND, 0));
    assertThat(notMine.acquired()).isFalse();
    assertThat(store.find("locks/checkout.json")).isPresent();

    LockResult mine = lock.release(new LockRequest("checkout", FIRST, 0));
    assertThat(mine.acquired()).isTrue();
    assertThat(store.find("locks/checkout.json")).isEmpty();

    assertThat(lock.release(new LockRequest("checkout", FIRST, 0)).detail())
        .isEqualTo("no lock to release");
  }

  @Test
  void locks_shouldBePerApp() {
    Map<String, Boolean> got = new HashMap<>();
    statuses.put(FIRST, "RUNNING");
    statuses.put(SECOND, "RUNNING");
    got.put("checkout", lock.acquire(new LockRequest("checkout", FIRST, 0)).acquired());
    got.put("search", lock.acquire(new LockRequest("search", SECOND, 0)).acquired());
    assertThat(got).containsEntry("checkout", true).containsEntry("search", true);
  }
}
