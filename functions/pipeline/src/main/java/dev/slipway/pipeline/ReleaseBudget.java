package dev.slipway.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.config.Application;
import dev.slipway.config.Environment;
import dev.slipway.config.ReleaseSettings;
import dev.slipway.model.CanaryWindowPreset;
import dev.slipway.model.Durations;
import dev.slipway.model.TerminalStepException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A release's worst-case timeline, laid out from the configuration before anything is locked or
 * written: every state the release can pass through, in order, each at the longest it can take (the
 * Task states' {@code TimeoutSeconds} in statemachines/release.asl.json, the rollout deadlines and
 * their poll schedule, the canary's bake and windows, the rollback of every cluster), and the
 * <em>elastic</em> terms — the lock queue and the manual gates — that get what is left.
 *
 * <p>Each elastic term closes at a fixed offset from the execution's start: the state machine's
 * timeout less the worst case of everything after it (the later gates at their minimum). So a gate
 * that nobody answers, or a lock that never frees, always ends the release by its own named error
 * with enough time left to roll back, record and unlock — never as a timed-out execution. A release
 * whose fixed terms and gate minimums do not fit the timeout is refused by {@code Plan} with {@code
 * Slipway.Plan.OverBudget}.
 */
public final class ReleaseBudget {
  public static final String OVER_BUDGET = "Slipway.Plan.OverBudget";

  public static final String OVER_HISTORY = "Slipway.Plan.OverHistory";

  /** AWS's limit on one standard execution's history: an execution past it fails. */
  public static final long HISTORY_LIMIT = 25_000;

  /** The least time a manual gate is given; a release that cannot give it that is refused. */
  public static final long MIN_GATE_SECONDS = 300;

  // The Task states' TimeoutSeconds in statemachines/release.asl.json (ReleaseBudgetAslTest checks
  // that they match): a call can take this long before the state fails.
  static final long PLAN_SECONDS = 60;
  static final long LOCK_SECONDS = 60;
  static final long ANNOTATE_SECONDS = 30;
  static final long MANIFESTS_SECONDS = 120;
  static final long DIFF_SECONDS = 300;
  static final long STATIC_SYNC_SECONDS = 900;
  static final long DEPLOY_SECONDS = 300;
  static final long ROLLOUT_POLL_SECONDS = 120;
  static final long CANARY_SECONDS = 300;
  static final long ROLLBACK_SECONDS = 300;
  static final long RECORD_SECONDS = 60;
  static final long UNLOCK_SECONDS = 30;

  /** The rollout poll's longest interval (its nextPollSeconds grows 5, 10, … 30). */
  static final long LAST_POLL_WAIT_SECONDS = 30;

  /** The rollout poll's first interval: the k-th wait is {@code min(5 k, 30)} s (WaveRollout). */
  static final long FIRST_POLL_WAIT_SECONDS = 5;

  // History events per state, as Step Functions writes them (and the local executor does):
  // a Lambda task is Entered, Scheduled, Started, Succeeded|Failed|TimedOut, Exited; a callback
  // task adds Submitted; Pass, Choice, Wait and Succeed are Entered and Exited; a Map is Entered,
  // Started, Succeeded|Failed, Exited, and each iteration Started and Succeeded|Failed. Retries are
  // not counted, as the time budget does not count them.
  static final long TASK_EVENTS = 5;
  static final long CALLBACK_TASK_EVENTS = 6;
  static final long STATE_EVENTS = 2;
  static final long MAP_EVENTS = 4;
  static final long ITERATION_EVENTS = 2;
  static final long EXECUTION_EVENTS = 2;

  /** Extra time the state machine polls a wave beyond the Deployments' own progress deadline. */
  static final int ROLLOUT_MARGIN_SECONDS = 120;

  /** What a term is: a fixed worst case, the lock queue, or a manual gate. */
  public enum Kind {
    FIXED,
    LOCK,
    GATE
  }

  /**
   * One line of the timeline.
   *
   * @param id {@code lock}, {@code deploy-gate}, {@code marginal-gate}, or the state's name
   * @param name what it is, e.g. {@code wave core: rollout}
   * @param seconds its worst case (FIXED), or the least it is given (LOCK: 0, GATE: {@link
   *     #MIN_GATE_SECONDS} or less when configured shorter)
   * @param maxSeconds the most an elastic term may use as configured (FIXED: = seconds)
   * @param setting where to change it
   * @param closesAfterSeconds for an elastic term: when it must end, in seconds after the
   *     execution's start (for a FIXED term: 0)
   */
  public record Term(
      String id,
      String name,
      Kind kind,
      long seconds,
      long maxSeconds,
      String setting,
      long closesAfterSeconds) {}

  /**
   * How a release queues behind another one of the same app (PipelineConfig's lock settings).
   *
   * @param maxAttempts tries before {@code Slipway.Lock.Busy}
   * @param firstWaitSeconds the first back-off, doubling up to {@code maxWaitSeconds}
   */
  public record LockSchedule(int maxAttempts, int firstWaitSeconds, int maxWaitSeconds) {
    public static final LockSchedule DEFAULT = new LockSchedule(30, 30, 300);

    /** The longest the queue can take with these settings: every back-off, every try. */
    public long worstCaseSeconds() {
      long total = 0;
      for (int attempt = 1; attempt < maxAttempts; attempt++) {
        long wait = (long) firstWaitSeconds << Math.min(attempt - 1, 20);
        total += Math.min(wait, maxWaitSeconds) + LOCK_SECONDS;
      }
      return total;
    }
  }

  /**
   * One line of the history's worst case.
   *
   * @param name what it is, e.g. {@code rollback of wave edge}
   * @param events the most history events it writes
   * @param setting where to change it
   */
  public record HistoryTerm(String name, long events, String setting) {}

  private final String app;
  private final String environment;
  private final long machineTimeoutSeconds;
  private final List<Term> terms;
  private final List<HistoryTerm> history;

  private ReleaseBudget(
      String app,
      String environment,
      long machineTimeoutSeconds,
      List<Term> terms,
      List<HistoryTerm> history) {
    this.app = app;
    this.environment = environment;
    this.machineTimeoutSeconds = machineTimeoutSeconds;
    this.terms = List.copyOf(terms);
    this.history = List.copyOf(history);
  }

  /**
   * The timeline of a release of {@code app} into {@code env}.
   *
   * @param skipCanary the release request's {@code skip_canary}
   * @param staticSync whether the release copies static data first
   */
  public static ReleaseBudget of(
      Application app,
      Environment env,
      boolean skipCanary,
      boolean staticSync,
      LockSchedule lock,
      long machineTimeoutSeconds) {
    ReleaseSettings s = app.releaseSettings();
    List<Term> t = new ArrayList<>();
    t.add(fixed("Plan", PLAN_SECONDS, "(the Plan state's TimeoutSeconds)"));
    t.add(
        new Term(
            "lock",
            "lock queue behind another release of " + app.name(),
            Kind.LOCK,
            0,
            lock.worstCaseSeconds(),
            "SLIPWAY_LOCK_MAX_ATTEMPTS "
                + lock.maxAttempts()
                + ", SLIPWAY_LOCK_FIRST_WAIT_SECONDS "
                + lock.firstWaitSeconds()
                + ", SLIPWAY_LOCK_MAX_WAIT_SECONDS "
                + lock.maxWaitSeconds(),
            0));
    t.add(fixed("AcquireLock (the last try)", LOCK_SECONDS, "(the state's TimeoutSeconds)"));
    t.add(fixed("AnnotateStart", ANNOTATE_SECONDS, "(the state's TimeoutSeconds)"));
    t.add(fixed("GenerateManifests", MANIFESTS_SECONDS, "(the state's TimeoutSeconds)"));
    t.add(fixed("Diff", DIFF_SECONDS, "(the state's TimeoutSeconds)"));
    if (staticSync) {
      t.add(fixed("StaticSync", STATIC_SYNC_SECONDS, "release.staticSync"));
    }
    long configuredGate = s.approvalTimeout() * 3600L;
    if (env.approvalRequired()) {
      t.add(gate("deploy-gate", "deploy gate (RequestApproval)", configuredGate));
    }
    long deadline = waveDeadlineSeconds(s);
    for (Environment.Wave wave : env.waves()) {
      int batches = Math.max(1, ceilDiv(wave.clusters().size(), s.parallelClusters()));
      long rollout =
          Math.max(batches * DEPLOY_SECONDS, deadline)
              + LAST_POLL_WAIT_SECONDS
              + ROLLOUT_POLL_SECONDS;
      t.add(
          fixed(
              "wave " + wave.name() + ": deploy and rollout (" + batches + " deploy batch(es))",
              rollout,
              "release.progressDeadlineSeconds " + s.progressDeadline()));
      if (wave.name().equals(env.canaryGate()) && !skipCanary) {
        // one Canary call judges every gate cluster at once (analysis' CanaryService): its
        // TimeoutSeconds whatever the gate's size
        JsonNode canary = s.canary();
        long window = duration(canary, "window", preset(canary).window());
        t.add(
            fixed(
                "wave " + wave.name() + ": canary bake and window, then the judge",
                bakeSeconds(canary) + CANARY_SECONDS,
                "release.canary.bakeDelay, release.canary.window"));
        if (canary != null && "extend-window-once".equals(canary.path("onNoData").asText())) {
          t.add(
              fixed(
                  "wave " + wave.name() + ": one more window (onNoData: extend-window-once)",
                  window + CANARY_SECONDS,
                  "release.canary.onNoData"));
        }
        if ("approve".equals(s.marginal())) {
          t.add(
              gate(
                  "marginal-gate",
                  "Marginal canary gate (ApproveMarginal) after " + wave.name(),
                  configuredGate));
        }
      }
    }
    for (int i = env.waves().size() - 1; i >= 0; i--) {
      Environment.Wave wave = env.waves().get(i);
      // the wave's clusters are rolled back at once, maxParallelClusters at a time
      int batches = Math.max(1, ceilDiv(wave.clusters().size(), s.parallelClusters()));
      long perCluster =
          Math.max(ROLLBACK_SECONDS, deadline) + LAST_POLL_WAIT_SECONDS + ROLLOUT_POLL_SECONDS;
      t.add(
          fixed(
              "rollback of wave "
                  + wave.name()
                  + " ("
                  + wave.clusters().size()
                  + " cluster(s)), "
                  + batches
                  + " batch(es) at once",
              perCluster * batches,
              "release.progressDeadlineSeconds "
                  + s.progressDeadline()
                  + ", release.maxParallelClusters "
                  + s.parallelClusters()));
    }
    t.add(fixed("RecordRelease", RECORD_SECONDS, "(the state's TimeoutSeconds)"));
    t.add(fixed("AnnotateEnd", ANNOTATE_SECONDS, "(the state's TimeoutSeconds)"));
    t.add(fixed("ReleaseLock", UNLOCK_SECONDS, "(the state's TimeoutSeconds)"));
    return new ReleaseBudget(
        app.name(),
        env.name(),
        machineTimeoutSeconds,
        closing(t, machineTimeoutSeconds),
        history(app, env, skipCanary, staticSync, lock));
  }

  /**
   * The history of the same worst case as the timeline: the lock's every try, every wave deployed
   * and polled to its deadline, the canary judged twice (onNoData: extend-window-once) and sent to
   * the Marginal gate, then the last wave failing at its deadline and every cluster of every wave
   * rolled back, each polled to its deadline, and the record, annotation and unlock.
   */
  private static List<HistoryTerm> history(
      Application app, Environment env, boolean skipCanary, boolean staticSync, LockSchedule lock) {
    ReleaseSettings s = app.releaseSettings();
    String deadlineSetting = "release.progressDeadlineSeconds " + s.progressDeadline();
    long polled = rolloutEvents(waveDeadlineSeconds(s));
    List<HistoryTerm> h = new ArrayList<>();
    h.add(new HistoryTerm("the execution's start and end", EXECUTION_EVENTS, "—"));
    // Plan; AnnotateStart, GenerateManifests, Diff; StaticSync? and NeedsApproval?
    h.add(
        new HistoryTerm(
            "Plan, AnnotateStart, GenerateManifests, Diff" + (staticSync ? ", StaticSync" : ""),
            4 * TASK_EVENTS + 2 * STATE_EVENTS + (staticSync ? TASK_EVENTS : 0),
            "—"));
    // each try: AcquireLock and LockAcquired?; between two tries a WaitForLock
    h.add(
        new HistoryTerm(
            "lock queue: " + lock.maxAttempts() + " tries",
            lock.maxAttempts() * (TASK_EVENTS + STATE_EVENTS)
                + (lock.maxAttempts() - 1L) * STATE_EVENTS,
            "SLIPWAY_LOCK_MAX_ATTEMPTS " + lock.maxAttempts()));
    if (env.approvalRequired()) {
      h.add(
          new HistoryTerm(
              "deploy gate (ApprovalWindow, RequestApproval)",
              STATE_EVENTS + CALLBACK_TASK_EVENTS,
              "—"));
    }
    h.add(new HistoryTerm("Waves (the Map)", MAP_EVENTS, "—"));
    for (Environment.Wave wave : env.waves()) {
      int clusters = wave.clusters().size();
      // the iteration, WaveStarted, the DeployWave Map and each cluster's iteration and Deploy,
      // the rollout's polls, CanaryGate? and WaveDone
      long events =
          ITERATION_EVENTS
              + STATE_EVENTS
              + MAP_EVENTS
              + clusters * (ITERATION_EVENTS + TASK_EVENTS)
              + polled
              + 2 * STATE_EVENTS;
      String canary = "";
      if (wave.name().equals(env.canaryGate()) && !skipCanary) {
        // Bake, Canary, Verdict?; extend: NoData?, ExtendWindow, WaitForMoreData, Canary, Verdict?;
        // Marginal?, MarginalWindow, ApproveMarginal. The Canary is one task however many gate
        // clusters it judges (no Map: the clusters are judged inside the call)
        events += 2 * STATE_EVENTS + TASK_EVENTS;
        if (s.canary() != null
            && "extend-window-once".equals(s.canary().path("onNoData").asText())) {
          events += 4 * STATE_EVENTS + TASK_EVENTS;
        }
        if ("approve".equals(s.marginal())) {
          events += 2 * STATE_EVENTS + CALLBACK_TASK_EVENTS;
        }
        canary = ", canary";
      }
      h.add(
          new HistoryTerm(
              "wave " + wave.name() + ": " + clusters + " deploy(s), rollout polls" + canary,
              events,
              deadlineSetting));
    }
    h.add(new HistoryTerm("Rollback (the Map) and RollbackDone", MAP_EVENTS + STATE_EVENTS, "—"));
    for (int i = env.waves().size() - 1; i >= 0; i--) {
      Environment.Wave wave = env.waves().get(i);
      int clusters = wave.clusters().size();
      // the wave's iteration and RollbackWave Map; per cluster its iteration, RollbackStarted,
      // RollbackCluster, the polls and ClusterRolledBack
      long events =
          ITERATION_EVENTS
              + MAP_EVENTS
              + clusters * (ITERATION_EVENTS + 2 * STATE_EVENTS + TASK_EVENTS + polled);
      h.add(
          new HistoryTerm(
              "rollback of wave " + wave.name() + ": " + clusters + " cluster(s), each polled",
              events,
              deadlineSetting + ", the wave's clusters"));
    }
    // RecordRelease, LockHeld?, AnnotateEnd, ReleaseLock, Outcome?, the end state
    h.add(
        new HistoryTerm(
            "RecordRelease, AnnotateEnd, ReleaseLock", 3 * TASK_EVENTS + 3 * STATE_EVENTS, "—"));
    return h;
  }

  /**
   * The most history events one rollout (or a cluster's rollback) is polled with before its
   * deadline fails it: each poll is the check and its Choice, each wait between two polls a Wait.
   */
  static long rolloutEvents(long deadlineSeconds) {
    long polls = rolloutPolls(deadlineSeconds);
    return polls * (TASK_EVENTS + STATE_EVENTS) + (polls - 1) * STATE_EVENTS;
  }

  /**
   * The most polls before a deadline of {@code deadlineSeconds}: the k-th wait is {@code min(5 k,
   * 30)} s, and a poll follows each that started before the deadline had passed. Counted as if the
   * first poll came at once and each poll took no time: an upper bound.
   */
  static long rolloutPolls(long deadlineSeconds) {
    long polls = 1;
    long waited = 0;
    for (long k = 1; waited <= deadlineSeconds; k++) {
      polls++;
      waited += Math.min(FIRST_POLL_WAIT_SECONDS * k, LAST_POLL_WAIT_SECONDS);
    }
    return polls;
  }

  /** How long a wave's rollout (and a cluster's rollback) is polled before it fails. */
  public static long waveDeadlineSeconds(ReleaseSettings s) {
    return s.progressDeadline() + ROLLOUT_MARGIN_SECONDS;
  }

  /** Each elastic term closes when only the worst case of what follows it is left. */
  private static List<Term> closing(List<Term> terms, long timeout) {
    List<Term> out = new ArrayList<>(terms);
    long after = 0;
    for (int i = terms.size() - 1; i >= 0; i--) {
      Term term = terms.get(i);
      if (term.kind() != Kind.FIXED) {
        out.set(
            i,
            new Term(
                term.id(),
                term.name(),
                term.kind(),
                term.seconds(),
                term.maxSeconds(),
                term.setting(),
                timeout - after));
      }
      after += term.seconds();
    }
    return out;
  }

  private static Term fixed(String name, long seconds, String setting) {
    return new Term(name, name, Kind.FIXED, seconds, seconds, setting, 0);
  }

  private static Term gate(String id, String name, long configured) {
    return new Term(
        id,
        name,
        Kind.GATE,
        Math.min(MIN_GATE_SECONDS, configured),
        configured,
        "release.approvalTimeoutHours",
        0);
  }

  private static int ceilDiv(int a, int b) {
    return b <= 0 ? a : (a + b - 1) / b;
  }

  /** The state machine's Bake after the canary wave's rollout: the bake delay, then one window. */
  static long bakeSeconds(JsonNode canary) {
    CanaryWindowPreset preset = preset(canary);
    return duration(canary, "bakeDelay", preset.bakeDelay())
        + duration(canary, "window", preset.window());
  }

  /** {@code release.canary.windows}: the preset the explicit durations override. */
  private static CanaryWindowPreset preset(JsonNode canary) {
    JsonNode v = canary == null ? null : canary.get("windows");
    String name = v == null || v.isNull() ? null : v.isTextual() ? v.textValue() : v.toString();
    return CanaryWindowPreset.fromJson(name)
        .orElseThrow(
            () ->
                PlanService.invalid(
                    "release.canary.windows in config/slipway.yaml is not a window preset; "
                        + CanaryWindowPreset.choices()));
  }

  private static long duration(JsonNode canary, String field, Duration fallback) {
    JsonNode v = canary == null ? null : canary.get(field);
    if (v == null || v.isNull()) {
      return fallback.toSeconds();
    }
    try {
      return Durations.parse(v.asText()).toSeconds();
    } catch (IllegalArgumentException e) {
      throw PlanService.invalid(
          "release.canary." + field + " in config/slipway.yaml: " + e.getMessage());
    }
  }

  public String app() {
    return app;
  }

  public String environment() {
    return environment;
  }

  public long machineTimeoutSeconds() {
    return machineTimeoutSeconds;
  }

  public List<Term> terms() {
    return terms;
  }

  /** The worst case's history, term by term. */
  public List<HistoryTerm> history() {
    return history;
  }

  /** The most history events a release can write: its worst case, from the same timeline. */
  public long historyEvents() {
    return history.stream().mapToLong(HistoryTerm::events).sum();
  }

  /** The fixed terms plus each gate's minimum: what the release needs at least. */
  public long minimumSeconds() {
    return terms.stream().mapToLong(Term::seconds).sum();
  }

  /** Time the lock queue, then the gates, may use beyond their minimum (negative: over budget). */
  public long slackSeconds() {
    return machineTimeoutSeconds - minimumSeconds();
  }

  /** Whether Plan lets the release run: its worst case fits the timeout and the history limit. */
  public boolean fits() {
    return slackSeconds() >= 0 && historyEvents() <= HISTORY_LIMIT;
  }

  /**
   * When an elastic term must end, in seconds after the execution's start: {@code lock}, {@code
   * deploy-gate} or {@code marginal-gate}; the machine's timeout when the release has no such term.
   */
  public long closesAfterSeconds(String id) {
    return terms.stream()
        .filter(t -> t.id().equals(id))
        .mapToLong(Term::closesAfterSeconds)
        .findFirst()
        .orElse(machineTimeoutSeconds);
  }

  /**
   * Refuses the release when its worst case does not fit the state machine's timeout, or would
   * write more history events than AWS allows one execution.
   */
  public void requireFits() {
    if (historyEvents() > HISTORY_LIMIT) {
      List<String> lines = new ArrayList<>();
      for (HistoryTerm h : history) {
        lines.add(h.name() + " " + h.events() + " [" + h.setting() + "]");
      }
      throw new TerminalStepException(
          OVER_HISTORY,
          "the worst case of a release of "
              + app
              + " to "
              + environment
              + " writes "
              + historyEvents()
              + " history events, more than the "
              + HISTORY_LIMIT
              + " Step Functions allows one execution (the execution would fail where no Catch"
              + " sees it). Nothing was locked or written. Each cluster's rollback is polled until"
              + " the progress deadline: shorten release.progressDeadlineSeconds, or put fewer"
              + " clusters in this environment (split it into two). "
              + String.join("; ", lines));
    }
    if (slackSeconds() < 0) {
      throw new TerminalStepException(
          OVER_BUDGET,
          "the worst case of a release of "
              + app
              + " to "
              + environment
              + " needs "
              + minimumSeconds()
              + " s, "
              + (-slackSeconds())
              + " s more than the state machine's TimeoutSeconds of "
              + machineTimeoutSeconds
              + ". Nothing was locked or written. Shorten a term below (the setting to change is"
              + " named), split the environment's waves, or raise TimeoutSeconds at the top of"
              + " statemachines/release.asl.json together with the Plan state's"
              + " machineTimeoutSeconds. "
              + String.join("; ", lines()));
    }
  }

  /** The table {@code slipway config validate} prints. */
  public String table() {
    StringBuilder b =
        new StringBuilder()
            .append(app)
            .append(" → ")
            .append(environment)
            .append(": worst case against the state machine's TimeoutSeconds of ")
            .append(machineTimeoutSeconds)
            .append(" s\n");
    List<String> names = new ArrayList<>();
    for (Term t : terms) {
      names.add(
          t.kind() == Kind.FIXED
              ? t.name()
              : t.name()
                  + " (at most "
                  + t.maxSeconds()
                  + " s; ends by start + "
                  + t.closesAfterSeconds()
                  + " s)");
    }
    int width = names.stream().mapToInt(String::length).max().orElse(4);
    String row = "  %7s  %-" + width + "s  %s%n";
    b.append(String.format(Locale.ROOT, row, "seconds", "term", "setting"));
    for (int i = 0; i < terms.size(); i++) {
      Term t = terms.get(i);
      String seconds = t.kind() == Kind.FIXED ? Long.toString(t.seconds()) : "≥" + t.seconds();
      b.append(String.format(Locale.ROOT, row, seconds, names.get(i), t.setting()));
    }
    b.append(
        String.format(
            Locale.ROOT,
            "  %7d  %s%n",
            minimumSeconds(),
            "total: the fixed terms and each gate's minimum"));
    b.append(
        String.format(
            Locale.ROOT,
            "  %7d  %s%n",
            slackSeconds(),
            slackSeconds() >= 0
                ? "slack: what the lock queue, then the gates, may use beyond their minimum"
                : "OVER BUDGET: "
                    + OVER_BUDGET
                    + " refuses this release before it takes the lock"));
    b.append(
        String.format(
            Locale.ROOT,
            "  %7d  %s%n",
            historyEvents(),
            historyEvents() <= HISTORY_LIMIT
                ? "history events at most (Step Functions allows " + HISTORY_LIMIT + ")"
                : "history events: OVER "
                    + HISTORY_LIMIT
                    + ", "
                    + OVER_HISTORY
                    + " refuses this release before it takes the lock"));
    return b.toString();
  }

  private List<String> lines() {
    List<String> out = new ArrayList<>();
    for (Term t : terms) {
      out.add(
          t.name()
              + " "
              + t.seconds()
              + " s"
              + (t.kind() == Kind.FIXED ? "" : " at least")
              + " ["
              + t.setting()
              + "]");
    }
    return out;
  }
}
