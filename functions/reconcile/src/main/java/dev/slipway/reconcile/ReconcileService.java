package dev.slipway.reconcile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.annotate.AnnotateRequest;
import dev.slipway.annotate.AnnotateResult;
import dev.slipway.annotate.AnnotationService;
import dev.slipway.annotate.StoredAnnotationJournal;
import dev.slipway.config.Cluster;
import dev.slipway.config.ConfigLoader;
import dev.slipway.config.Environment;
import dev.slipway.config.SlipwayConfig;
import dev.slipway.deploy.ClusterRef;
import dev.slipway.deploy.RollbackService;
import dev.slipway.deploy.rollout.RolloutResult;
import dev.slipway.deploy.rollout.RolloutStatus;
import dev.slipway.model.Json;
import dev.slipway.model.SlipwayException;
import dev.slipway.model.TerminalStepException;
import dev.slipway.pipeline.AppLock;
import dev.slipway.pipeline.LockRecord;
import dev.slipway.pipeline.LockRequest;
import dev.slipway.pipeline.Notifier;
import dev.slipway.pipeline.ReleaseBudget;
import dev.slipway.pipeline.ReleaseRecords;
import dev.slipway.store.ArtifactStore;
import dev.slipway.store.Keys;
import dev.slipway.store.StoredObject;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.logging.Logger;

/**
 * Finishes a release whose execution ended where none of its own states could run: the state
 * machine's timeout, a Stop, or a failure outside a Catch ({@code States.DataLimitExceeded}). From
 * what the release left in S3, it rolls back every cluster that has a snapshot of this execution,
 * appends the release record (outcome {@code timed-out}, {@code aborted} or {@code failed}), closes
 * the Grafana annotation, releases the lock if this execution still holds it, and notifies.
 *
 * <p>Idempotent: a marker under the execution's journal is created conditionally first, so a second
 * delivery of the event does nothing; an execution whose own record state ran is left alone (its
 * lock released if it still held it); and it never rolls back over a release of the same app that
 * started later (one holds the lock, or the record has one that reached the waves).
 */
public final class ReconcileService {
  static final String INVALID_EVENT = "Slipway.Reconcile.InvalidEvent";

  /** A claim older than this is from an invocation that died (the function's timeout is 15 min). */
  static final Duration STALE_CLAIM = Duration.ofMinutes(16);

  /**
   * The longest reconcile waits for the rolled-back workloads to be ready again: the app's rollout
   * deadline (progress deadline + margin), at most this, so the wait ends well within the
   * function's 15 minutes.
   */
  static final Duration MAX_READY_WAIT = Duration.ofMinutes(10);

  /** Between two polls of the rolled-back workloads. */
  static final Duration READY_POLL = Duration.ofSeconds(10);

  /**
   * What reconcile keeps of its invocation's time for what comes after the wait: the record, the
   * lock, the annotation and the notification. A wait that ran into the function's timeout would
   * leave none of them written, and the retries would find the claim still fresh.
   */
  static final Duration AFTER_WAIT = Duration.ofSeconds(90);

  /** Lets time pass between two polls. */
  @FunctionalInterface
  public interface Sleeper {
    void sleep(Duration d) throws InterruptedException;
  }

  private static final Logger LOG = Logger.getLogger(ReconcileService.class.getName());
  private static final ObjectMapper MAPPER = Json.mapper();
  private static final String JSON = "application/json";
  private static final int MAX_TEXT = 300;

  /** The record's fields about the build's source, from the release request's (as the record's). */
  private static final Map<String, String> SOURCE_FIELDS =
      new TreeMap<>(
          Map.of(
              "commit",
              "commit",
              "gitRepo",
              "git_repo",
              "gitBranch",
              "git_branch",
              "ticket",
              "ticket"));

  private static final Map<String, String> OUTCOMES =
      Map.of("TIMED_OUT", "timed-out", "ABORTED", "aborted", "FAILED", "failed");

  private final ArtifactStore store;
  private final ConfigLoader config;
  private final RollbackService rollback;
  private final AnnotationService annotations;
  private final AppLock lock;
  private final ReleaseRecords records;
  private final Notifier notifier;
  private final ExecutionHistory history;
  private final Clock clock;
  private Sleeper sleeper;

  /** Waits between the polls of the rolled-back workloads on {@code clock} ({@link #onClock}). */
  public ReconcileService(
      ArtifactStore store,
      ConfigLoader config,
      RollbackService rollback,
      AnnotationService annotations,
      AppLock lock,
      ReleaseRecords records,
      Notifier notifier,
      ExecutionHistory history,
      Clock clock) {
    this.store = store;
    this.config = config;
    this.rollback = rollback;
    this.annotations = annotations;
    this.lock = lock;
    this.records = records;
    this.notifier = notifier;
    this.history = history;
    this.clock = clock;
    this.sleeper = onClock(clock);
  }

  /**
   * This service, letting time pass between two polls of the rolled-back workloads with {@code
   * sleeper} instead (tests: a step of the embedded cluster's controllers).
   */
  ReconcileService sleepingWith(Sleeper sleeper) {
    this.sleeper = sleeper;
    return this;
  }

  /**
   * Waits until {@code clock} has moved on by {@code d}, and at most {@code d} of real time (on
   * Lambda the two are one; a clock that stands still cannot hold reconcile up).
   */
  static Sleeper onClock(Clock clock) {
    return d -> {
      Instant until = clock.instant().plus(d);
      long realEnd = System.nanoTime() + d.toNanos();
      while (clock.instant().isBefore(until) && System.nanoTime() < realEnd) {
        Thread.sleep(Math.max(1, Math.min(20, d.toMillis())));
      }
    };
  }

  /** The release the execution ran, from its input. */
  private record Release(
      String arn,
      String execution,
      String app,
      String env,
      String build,
      JsonNode input,
      Instant startedAt,
      Instant stoppedAt) {
    String text(String field) {
      JsonNode v = input.get(field);
      return v == null || v.isNull() ? null : v.asText();
    }
  }

  /** Reconciles without a limit of its own (the wait is bounded by the app's deadline). */
  public ReconcileResult reconcile(StatusChangeEvent event) {
    return reconcile(event, null);
  }

  /**
   * Reconciles the execution {@code event} names.
   *
   * @param timeLeft what is left of the invocation (Lambda's remaining time), or null: the wait for
   *     the rolled-back workloads ends {@link #AFTER_WAIT} before it, so the record is written
   */
  public ReconcileResult reconcile(StatusChangeEvent event, Duration timeLeft) {
    Instant mustRecordBy = timeLeft == null ? null : clock.instant().plus(timeLeft);
    StatusChangeEvent.Detail d = event == null ? null : event.detail();
    if (d == null || blank(d.executionArn()) || blank(d.name()) || blank(d.status())) {
      throw new TerminalStepException(
          INVALID_EVENT,
          "the event has no detail.executionArn, detail.name or detail.status: reconcile takes"
              + " the EventBridge 'Step Functions Execution Status Change' event (events/reconcile/"
              + " has samples).");
    }
    String outcome = OUTCOMES.get(d.status());
    if (outcome == null) {
      return ReconcileResult.nothing(
          d.executionArn(),
          "ignored",
          "status " + d.status() + ": the execution ended through its own states");
    }
    Optional<Release> found = release(d);
    if (found.isEmpty()) {
      return ReconcileResult.nothing(
          d.executionArn(),
          "ignored",
          "the execution input names no app, environment and build_num: Plan refused it before"
              + " anything was written");
    }
    Release release = found.get();
    String marker = Keys.reconciled(release.app(), release.build(), release.execution());
    if (!claim(marker)) {
      return ReconcileResult.nothing(
          release.arn(), "duplicate", "already reconciled (or being reconciled): " + marker);
    }
    try {
      ReconcileResult result = reconcile(release, outcome, d, mustRecordBy);
      store.put(marker, json(Map.of("state", "done", "result", result)), JSON);
      return result;
    } catch (RuntimeException e) {
      // let the retry of this delivery start again
      store.delete(marker);
      throw e;
    }
  }

  private ReconcileResult reconcile(
      Release release, String outcome, StatusChangeEvent.Detail d, Instant mustRecordBy) {
    Optional<ObjectNode> record = readRecord(release);
    if (record.isPresent() && ownEntry(record.get(), release.arn()).isPresent()) {
      boolean unlocked = unlock(release);
      return new ReconcileResult(
          release.arn(),
          "already-recorded",
          null,
          Keys.release(release.app(), release.env()),
          null,
          null,
          null,
          null,
          false,
          unlocked,
          false,
          "the execution recorded itself; "
              + (unlocked ? "released the lock it still held" : "left alone"));
    }
    String lastState = history.lastStateEntered(release.arn()).orElse(null);
    List<String> snapshotted = snapshottedClusters(release);
    String newer = newerRelease(release, record);

    List<String> rolledBack = new ArrayList<>();
    List<String> failures = new ArrayList<>();
    ArrayNode rollbackLog = MAPPER.createArrayNode();
    String skipped = null;
    if (newer != null && !snapshotted.isEmpty()) {
      skipped =
          newer
              + ": rolling back "
              + String.join(", ", snapshotted)
              + " would undo it. Check those clusters by hand; the snapshots of this execution are"
              + " under snapshots/"
              + release.app()
              + "/.";
    } else {
      rollBack(release, snapshotted, rolledBack, failures, rollbackLog, mustRecordBy);
    }

    AnnotateResult annotation = closeAnnotation(release, outcome, snapshotted);
    ObjectNode entry =
        entry(release, outcome, d, lastState, rollbackLog, failures, skipped, annotation);
    String recordKey = records.append(release.app(), release.env(), entry);
    boolean unlocked = unlock(release);
    boolean notified = notify(release, outcome, entry, recordKey);
    LOG.info(() -> "reconciled " + release.arn() + " as " + outcome);
    return new ReconcileResult(
        release.arn(),
        "reconciled",
        outcome,
        recordKey,
        lastState,
        rolledBack,
        failures,
        skipped,
        annotation != null && annotation.ok() && annotation.annotationId() != null,
        unlocked,
        notified,
        entry.path("failure").path("cause").asText());
  }

  /** The execution input, from the event or (when it was too large for it) from Step Functions. */
  private Optional<Release> release(StatusChangeEvent.Detail d) {
    String text = d.input();
    if (blank(text)) {
      text = history.input(d.executionArn()).orElse(null);
    }
    JsonNode input;
    try {
      input = blank(text) ? null : MAPPER.readTree(text);
    } catch (IOException e) {
      input = null;
    }
    if (input == null || !input.isObject()) {
      return Optional.empty();
    }
    String app = input.path("app").asText("");
    String env = input.path("environment").asText("");
    String build = input.path("build_num").asText(input.path("build").asText(""));
    if (!segment(app) || !segment(env) || !segment(build) || !segment(d.name())) {
      return Optional.empty();
    }
    return Optional.of(
        new Release(
            d.executionArn(),
            d.name(),
            app,
            env,
            build,
            input,
            d.startDate() == null ? null : Instant.ofEpochMilli(d.startDate()),
            d.stopDate() == null ? clock.instant() : Instant.ofEpochMilli(d.stopDate())));
  }

  /** Creates the marker; false when another delivery holds a live claim or has finished. */
  private boolean claim(String marker) {
    byte[] mine = json(Map.of("state", "started", "at", clock.instant().toString()));
    if (store.putIfAbsent(marker, mine, JSON).isPresent()) {
      return true;
    }
    Optional<StoredObject> current = store.find(marker);
    if (current.isEmpty()) {
      return store.putIfAbsent(marker, mine, JSON).isPresent();
    }
    JsonNode claim = parse(current.get().body()).orElse(MAPPER.createObjectNode());
    if (!"started".equals(claim.path("state").asText())) {
      return false;
    }
    Instant at = instant(claim.path("at").asText(null));
    boolean stale = at == null || at.plus(STALE_CLAIM).isBefore(clock.instant());
    return stale && store.putIfMatch(marker, mine, JSON, current.get().etag()).isPresent();
  }

  private Optional<ObjectNode> readRecord(Release release) {
    return store
        .find(Keys.release(release.app(), release.env()))
        .flatMap(o -> parse(o.body()))
        .filter(ObjectNode.class::isInstance)
        .map(ObjectNode.class::cast);
  }

  private static Optional<JsonNode> ownEntry(ObjectNode record, String arn) {
    for (JsonNode e : record.path("history")) {
      if (arn.equals(e.path("executionArn").asText(null))) {
        return Optional.of(e);
      }
    }
    return Optional.empty();
  }

  /**
   * Why a later release of the app stands in the way, or null: another execution holds the lock now
   * (this one no longer runs, so it took the lock after this one held it, or this one never held
   * it), or the record has a release that started after this one and reached the waves.
   */
  private String newerRelease(Release release, Optional<ObjectNode> record) {
    Optional<LockRecord> held = readLock(release.app());
    if (held.isPresent()
        && held.get().holder() != null
        && !release.arn().equals(held.get().holder())) {
      return "another release of "
          + release.app()
          + " holds the lock ("
          + held.get().holder()
          + (held.get().acquiredAt() == null ? "" : ", since " + held.get().acquiredAt())
          + ")";
    }
    if (record.isEmpty() || release.startedAt() == null) {
      return null;
    }
    for (JsonNode e : record.get().path("history")) {
      Instant started = instant(e.path("startedAt").asText(null));
      boolean later = started != null && started.isAfter(release.startedAt());
      // a release that never reached the waves (lock busy, plan refused) wrote to no cluster
      boolean wrote = e.path("liveWhere").size() > 0 || e.has("rollback");
      if (later && wrote) {
        return "a later release of "
            + release.app()
            + " to "
            + release.env()
            + " (build "
            + e.path("build").asText("?")
            + ", "
            + e.path("executionArn").asText("?")
            + ", started "
            + started
            + ") already reached the clusters";
      }
    }
    return null;
  }

  private Optional<LockRecord> readLock(String app) {
    return store
        .find(Keys.lock(app))
        .flatMap(
            o -> {
              try {
                return Optional.of(MAPPER.readValue(o.body(), LockRecord.class));
              } catch (IOException e) {
                return Optional.empty();
              }
            });
  }

  /** Every cluster with a snapshot of this execution: the ones its deploys wrote to. */
  private List<String> snapshottedClusters(Release release) {
    String prefix = "snapshots/" + release.app() + "/";
    String suffix = "/" + release.execution();
    List<String> clusters = new ArrayList<>();
    for (String key : store.list(prefix)) {
      if (key.endsWith(suffix)) {
        String cluster = key.substring(prefix.length(), key.length() - suffix.length());
        if (!cluster.contains("/")) {
          clusters.add(cluster);
        }
      }
    }
    return clusters;
  }

  private void rollBack(
      Release release,
      List<String> snapshotted,
      List<String> rolledBack,
      List<String> failures,
      ArrayNode log,
      Instant mustRecordBy) {
    if (snapshotted.isEmpty()) {
      return;
    }
    List<Restored> restored = new ArrayList<>();
    SlipwayConfig cfg;
    try {
      cfg = config.current();
    } catch (RuntimeException e) {
      for (String cluster : snapshotted) {
        failures.add(cluster + ": config/slipway.yaml cannot be read (" + describe(e) + ")");
      }
      return;
    }
    for (String cluster : reverseWaveOrder(cfg, release, snapshotted)) {
      String key = Keys.snapshot(release.app(), cluster, release.execution());
      Optional<Cluster> configured = cfg.cluster(cluster);
      if (configured.isEmpty()) {
        failures.add(
            cluster
                + ": no longer in config/slipway.yaml, so Slipway cannot reach it; put it back by"
                + " hand from "
                + key);
        continue;
      }
      try {
        ClusterRef ref = ref(configured.get());
        RollbackService.Result r =
            rollback.rollback(
                new RollbackService.Request(release.app(), release.execution(), ref, key));
        rolledBack.add(cluster);
        ObjectNode c = log.addObject();
        c.put("cluster", cluster);
        c.put("restored", r.objects().size());
        c.put("deleted", r.deleted().size());
        c.put("unchanged", r.unchanged().size());
        c.put("message", r.message());
        restored.add(new Restored(c, ref, r));
      } catch (RuntimeException e) {
        failures.add(cluster + ": " + describe(e));
      }
    }
    awaitReady(restored, readyWait(cfg, release, mustRecordBy));
  }

  /** A cluster rolled back: its log entry, and what to poll there. */
  private record Restored(ObjectNode log, ClusterRef cluster, RollbackService.Result result) {}

  /**
   * The app's rollout deadline, at most {@link #MAX_READY_WAIT}, and at most what is left before
   * {@code mustRecordBy} less {@link #AFTER_WAIT} (never negative).
   */
  private Duration readyWait(SlipwayConfig cfg, Release release, Instant mustRecordBy) {
    Duration wait =
        cfg.application(release.app())
            .map(a -> Duration.ofSeconds(ReleaseBudget.waveDeadlineSeconds(a.releaseSettings())))
            .filter(d -> d.compareTo(MAX_READY_WAIT) < 0)
            .orElse(MAX_READY_WAIT);
    if (mustRecordBy != null) {
      Duration left = Duration.between(clock.instant(), mustRecordBy).minus(AFTER_WAIT);
      wait = left.isNegative() ? Duration.ZERO : left.compareTo(wait) < 0 ? left : wait;
    }
    return wait;
  }

  /**
   * Polls the re-applied workloads of every rolled-back cluster with the deploy's rollout check (as
   * the state machine's {@code CheckRollback} does) until each is DONE or FAILED, or {@code wait}
   * has passed; writes into each cluster's log entry whether it came back {@code ready}, and why
   * not.
   */
  private void awaitReady(List<Restored> restored, Duration wait) {
    List<Restored> pending = new ArrayList<>(restored);
    List<String> last = new ArrayList<>();
    Instant until = clock.instant().plus(wait);
    long polls = Math.max(1, wait.dividedBy(READY_POLL));
    for (long poll = 0; !pending.isEmpty(); poll++) {
      last.clear();
      for (var it = pending.iterator(); it.hasNext(); ) {
        Restored r = it.next();
        String why;
        try {
          RolloutResult rollout = rollback.readiness(r.cluster(), r.result());
          if (rollout.status() != RolloutStatus.IN_PROGRESS) {
            ready(r.log(), rollout);
            it.remove();
            continue;
          }
          why = rollout.message();
        } catch (RuntimeException ex) {
          why = describe(ex);
        }
        last.add(why);
      }
      if (pending.isEmpty() || poll + 1 >= polls || !clock.instant().isBefore(until)) {
        break;
      }
      try {
        sleeper.sleep(READY_POLL);
      } catch (InterruptedException ex) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    for (int i = 0; i < pending.size(); i++) {
      ObjectNode c = pending.get(i).log();
      c.put("ready", false);
      c.put(
          "notReady",
          shorten(
              "not ready after "
                  + wait.toSeconds()
                  + " s"
                  + (i < last.size() ? ": " + last.get(i) : "")));
    }
  }

  private static void ready(ObjectNode c, RolloutResult rollout) {
    boolean done = rollout.status() == RolloutStatus.DONE;
    c.put("ready", done);
    if (!done) {
      c.put("notReady", shorten(rollout.reason() + ": " + rollout.message()));
    }
  }

  /** The release's clusters last wave first, as the state machine's own rollback does. */
  private static List<String> reverseWaveOrder(
      SlipwayConfig cfg, Release release, List<String> snapshotted) {
    List<String> ordered = new ArrayList<>();
    List<Environment.Wave> waves =
        cfg.application(release.app())
            .flatMap(a -> a.environment(release.env()))
            .map(Environment::waves)
            .orElse(List.of());
    for (int i = waves.size() - 1; i >= 0; i--) {
      for (String c : waves.get(i).clusters()) {
        if (snapshotted.contains(c) && !ordered.contains(c)) {
          ordered.add(c);
        }
      }
    }
    snapshotted.stream().filter(c -> !ordered.contains(c)).forEach(ordered::add);
    return ordered;
  }

  private static ClusterRef ref(Cluster c) {
    return new ClusterRef(
        c.name(),
        c.eks() == null
            ? null
            : new ClusterRef.Eks(c.eks().cluster(), c.eks().region(), c.eks().roleArn()),
        c.kubeconfig() == null
            ? null
            : new ClusterRef.Kubeconfig(c.kubeconfig().key(), c.kubeconfig().context()),
        c.namespace());
  }

  /**
   * Ends the annotation the release opened (its id journaled at the start), or, when it rolled back
   * clusters but no id was journaled, draws the whole release as a region. Best effort.
   */
  private AnnotateResult closeAnnotation(Release release, String outcome, List<String> clusters) {
    Optional<Long> id =
        StoredAnnotationJournal.find(store, release.app(), release.build(), release.execution());
    if (id.isEmpty() && clusters.isEmpty()) {
      return null;
    }
    return annotations.annotate(
        new AnnotateRequest(
            "end",
            release.app(),
            release.text("git_repo"),
            release.text("git_branch"),
            release.build(),
            release.env(),
            clusters,
            release.arn(),
            outcome,
            id.orElse(null),
            release.startedAt(),
            null));
  }

  private boolean unlock(Release release) {
    return lock.release(new LockRequest(release.app(), release.arn(), 0)).acquired();
  }

  private ObjectNode entry(
      Release release,
      String outcome,
      StatusChangeEvent.Detail d,
      String lastState,
      ArrayNode rollbackLog,
      List<String> failures,
      String skipped,
      AnnotateResult annotation) {
    ObjectNode e = MAPPER.createObjectNode();
    e.put("executionArn", release.arn());
    e.put("build", release.build());
    SOURCE_FIELDS.forEach((field, input) -> e.put(field, release.text(input)));
    e.put("status", outcome);
    e.put("startedAt", release.startedAt() == null ? null : release.startedAt().toString());
    e.put("finishedAt", release.stoppedAt().toString());
    e.put("reconciledAt", clock.instant().toString());
    e.put("lastState", lastState);
    if ("aborted".equals(outcome) && (d.error() != null || d.cause() != null)) {
      ObjectNode stop = e.putObject("stoppedWith");
      stop.put("error", shorten(d.error()));
      stop.put("cause", shorten(d.cause()));
    }
    if (rollbackLog.size() > 0) {
      e.set("rollback", rollbackLog);
      boolean ready = true;
      for (JsonNode c : rollbackLog) {
        ready &= c.path("ready").asBoolean(false);
      }
      e.put("restoredReady", ready);
    }
    if (!failures.isEmpty()) {
      ArrayNode f = e.putArray("rollbackFailures");
      failures.forEach(f::add);
    }
    if (skipped != null) {
      e.put("rollbackSkipped", skipped);
    }
    if (annotation != null) {
      e.set("annotation", MAPPER.valueToTree(annotation));
    }
    ObjectNode failure = e.putObject("failure");
    failure.put("error", error(outcome, d, failures));
    failure.put("cause", cause(outcome, d, lastState, rollbackLog.size(), failures, skipped));
    return e;
  }

  private static String error(String outcome, StatusChangeEvent.Detail d, List<String> failures) {
    if (!failures.isEmpty()) {
      return "Slipway.Rollback.Failed";
    }
    return switch (outcome) {
      case "timed-out" -> "Slipway.Release.TimedOut";
      case "aborted" -> "Slipway.Release.Stopped";
      default -> blank(d.error()) ? "Slipway.Release.Failed" : shorten(d.error());
    };
  }

  private static String cause(
      String outcome,
      StatusChangeEvent.Detail d,
      String lastState,
      int rolledBack,
      List<String> failures,
      String skipped) {
    String where = lastState == null ? "" : " in state " + lastState;
    StringBuilder s =
        new StringBuilder(
            switch (outcome) {
              case "timed-out" ->
                  "the execution hit the state machine's timeout"
                      + where
                      + ", where no Catch can run.";
              case "aborted" -> "the execution was stopped" + where + ".";
              default ->
                  "the execution failed"
                      + where
                      + " outside any Catch"
                      + (blank(d.cause()) ? "" : " (" + shorten(d.cause()) + ")")
                      + ".";
            });
    s.append(" Slipway reconciled it: ");
    if (skipped != null) {
      s.append("nothing rolled back, because ").append(skipped);
    } else {
      s.append("rolled back ").append(rolledBack).append(" cluster(s)");
    }
    if (!failures.isEmpty()) {
      s.append("; could not put back ")
          .append(String.join("; ", failures))
          .append(
              ". Fix the cause, delete the reconciled marker under the build's executions/"
                  + " and send the event again (or restore from the snapshot by hand)");
    }
    return s.append('.').toString();
  }

  private boolean notify(Release release, String outcome, ObjectNode entry, String key) {
    String subject =
        "Slipway: "
            + release.app()
            + " build "
            + release.build()
            + " to "
            + release.env()
            + " "
            + outcome
            + " (reconciled)";
    String message =
        subject
            + "\nexecution: "
            + release.arn()
            + "\nrecord: "
            + key
            + "\nerror: "
            + entry.path("failure").path("error").asText()
            + "\ncause: "
            + entry.path("failure").path("cause").asText()
            + "\n";
    try {
      notifier.publish(subject, message);
      return true;
    } catch (RuntimeException e) {
      LOG.warning(() -> "notification not sent for " + key + ": " + e.getMessage());
      return false;
    }
  }

  private static String describe(RuntimeException e) {
    return e instanceof SlipwayException s
        ? s.errorName() + ": " + s.causeText()
        : e.getClass().getSimpleName() + ": " + e.getMessage();
  }

  /** A caller-supplied text (a Stop's cause) kept short in the record. */
  private static String shorten(String s) {
    if (s == null) {
      return null;
    }
    return s.length() <= MAX_TEXT ? s : s.substring(0, MAX_TEXT) + "…";
  }

  private static Optional<JsonNode> parse(byte[] body) {
    try {
      return Optional.ofNullable(MAPPER.readTree(body));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static Instant instant(String text) {
    try {
      return text == null ? null : Instant.parse(text);
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static byte[] json(Object value) {
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static boolean segment(String s) {
    return !blank(s) && !s.contains("/") && !s.equals(".") && !s.equals("..");
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
