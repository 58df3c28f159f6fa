package dev.slipway.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.slipway.model.Json;
import dev.slipway.store.ArtifactStore;
import dev.slipway.store.Keys;
import dev.slipway.store.StoredObject;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;

/**
 * One running release per app (the seed's Jenkins {@code disableConcurrentBuilds}): a lock object
 * in S3 written with conditional writes, holding the holder's execution ARN. A busy lock tells the
 * caller how long to wait; a lock whose holder is no longer running is taken over.
 */
public final class AppLock {
  private static final Logger LOG = Logger.getLogger(AppLock.class.getName());
  private static final Set<String> ALIVE = Set.of("RUNNING", "PENDING_REDRIVE");
  private static final String JSON = "application/json";

  private final ArtifactStore store;
  private final ExecutionStatusLookup executions;
  private final Clock clock;
  private final int maxAttempts;
  private final int firstWaitSeconds;
  private final int maxWaitSeconds;

  /**
   * @param maxAttempts tries before giving up with {@code Slipway.Lock.Busy}
   * @param firstWaitSeconds the first back-off; it doubles up to {@code maxWaitSeconds}
   */
  public AppLock(
      ArtifactStore store,
      ExecutionStatusLookup executions,
      Clock clock,
      int maxAttempts,
      int firstWaitSeconds,
      int maxWaitSeconds) {
    this.store = store;
    this.executions = executions;
    this.clock = clock;
    this.maxAttempts = maxAttempts;
    this.firstWaitSeconds = firstWaitSeconds;
    this.maxWaitSeconds = maxWaitSeconds;
  }

  public LockResult acquire(LockRequest request) {
    String key = Keys.lock(request.app());
    byte[] mine = json(new LockRecord(request.app(), request.executionArn(), clock.instant()));
    int attempt = request.attempt() + 1;
    for (int race = 0; race < 3; race++) {
      if (store.putIfAbsent(key, mine, JSON).isPresent()) {
        return acquired(attempt, "acquired " + key);
      }
      Optional<StoredObject> current = store.find(key);
      if (current.isEmpty()) {
        continue; // released between our two calls: try again
      }
      Optional<LockRecord> held = read(current.get());
      String holder = held.map(LockRecord::holder).orElse(null);
      if (request.executionArn().equals(holder)) {
        return acquired(attempt, "already held by this execution");
      }
      Optional<String> status = holder == null ? Optional.empty() : executions.status(holder);
      if (status.isPresent() && ALIVE.contains(status.get())) {
        return busy(holder, attempt, request);
      }
      String why =
          holder == null
              ? "an unreadable lock"
              : "the lock of " + holder + " (" + status.orElse("no such execution") + ")";
      if (store.putIfMatch(key, mine, JSON, current.get().etag()).isPresent()) {
        LOG.warning(() -> request.executionArn() + " took over " + why);
        return acquired(attempt, "took over " + why);
      }
    }
    return busy(null, attempt, request);
  }

  /** Releases the lock if this execution holds it; anything else is reported, never thrown. */
  public LockResult release(LockRequest request) {
    String key = Keys.lock(request.app());
    Optional<StoredObject> current = store.find(key);
    if (current.isEmpty()) {
      return new LockResult(false, null, request.attempt(), 0, false, "no lock to release");
    }
    String holder = read(current.get()).map(LockRecord::holder).orElse(null);
    if (!request.executionArn().equals(holder)) {
      return new LockResult(
          false, holder, request.attempt(), 0, false, "held by another execution; left alone");
    }
    store.delete(key);
    return new LockResult(true, null, request.attempt(), 0, false, "released " + key);
  }

  private LockResult acquired(int attempt, String detail) {
    return new LockResult(true, null, attempt, 0, false, detail);
  }

  /**
   * The lock is held: wait and try again, with back-off, until the tries are used up or the plan's
   * budget for the queue is: the last wait ends at that deadline, so that a release that gives up
   * still has the time it needs to record and end as {@code Slipway.Lock.Busy}.
   */
  private LockResult busy(String holder, int attempt, LockRequest request) {
    long wait = Math.min((long) firstWaitSeconds << Math.min(attempt - 1, 20), maxWaitSeconds);
    Optional<Instant> deadline = request.deadline();
    long left =
        deadline.map(d -> Duration.between(clock.instant(), d).toSeconds()).orElse(Long.MAX_VALUE);
    boolean outOfTime = left < 1;
    boolean gaveUp = attempt >= maxAttempts || outOfTime;
    String detail;
    if (outOfTime) {
      detail =
          "still held by "
              + holder
              + " after "
              + attempt
              + " tries; the lock queue's budget ended at "
              + deadline.get();
    } else if (gaveUp) {
      detail = "still held by " + holder + " after " + attempt + " tries";
    } else {
      detail = "held by " + holder + "; try " + attempt + " of " + maxAttempts;
    }
    int waitSeconds = gaveUp ? 0 : (int) Math.min(wait, left);
    return new LockResult(false, holder, attempt, waitSeconds, gaveUp, detail);
  }

  private static Optional<LockRecord> read(StoredObject object) {
    try {
      return Optional.of(Json.mapper().readValue(object.body(), LockRecord.class));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static byte[] json(Object value) {
    try {
      return Json.mapper().writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
