package dev.slipway.local.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.local.cluster.RolloutSimulator;
import dev.slipway.local.executor.Execution;
import dev.slipway.local.executor.ExecutionStatus;
import dev.slipway.local.executor.HistoryListener;
import dev.slipway.local.executor.LocalExecutor;
import dev.slipway.local.executor.WaitPacer;
import dev.slipway.model.Json;
import dev.slipway.model.TerminalStepException;
import dev.slipway.pipeline.ApprovalGate;
import dev.slipway.reconcile.ReconcileResult;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One release on a local environment: the release state machine on the local executor with the real
 * handlers, virtual time for its Waits, approvals answered as {@code slipway run (local)}.
 */
public final class ReleaseRun implements AutoCloseable {
  /** Who approves or rejects the manual gate in a local run. */
  public static final String APPROVER = "slipway-run (local)";

  /**
   * How long (real time) a task token may go unanswered before virtual time jumps to the task's
   * timeout: long enough for a slow first invocation elsewhere, short enough for an expiry test.
   */
  static final Duration CALLBACK_GRACE = Duration.ofSeconds(10);

  private final LocalEnvironment environment;
  private final LocalExecutor executor;
  private final LocalExecutions executions = new LocalExecutions();
  private final Meter meter = new Meter();
  private final String definition;
  private final RunOptions options;
  private final PrintStream out;
  private final boolean answerApprovals;
  private final LocalReconciler reconciler;
  private final LockWaitPacer lockWaits = new LockWaitPacer(executions);
  private volatile boolean paceLockWaits;

  /** The task tokens of the gates {@link #announceApprovals()} printed. */
  private final Set<String> announced = ConcurrentHashMap.newKeySet();

  /** The Wait state held until stopped ({@link #holdAt}); null: none. */
  private volatile String holdAt;

  private final ScheduledExecutorService approver =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "slipway-local-approver");
            t.setDaemon(true);
            return t;
          });

  /** What a run ended with. */
  public record Result(
      Execution execution,
      int transitions,
      List<Meter.Invocation> invocations,
      double stepFunctionsUsd,
      double lambdaUsd,
      Duration wallTime,
      ReconcileResult reconciliation) {

    /** What reconcile did after the execution ended TIMED_OUT, ABORTED or FAILED. */
    public Optional<ReconcileResult> reconciled() {
      return Optional.ofNullable(reconciliation);
    }
  }

  private ReleaseRun(
      RunOptions options,
      Path definitionFile,
      Instant start,
      PrintStream out,
      Consumer<LocalEnvironment> tweak,
      Duration callbackGrace,
      boolean answerApprovals)
      throws IOException {
    this.options = options;
    this.answerApprovals = answerApprovals;
    this.out = out;
    this.definition = withMachineTimeout(Files.readString(definitionFile), options.scenario());
    this.environment = LocalEnvironment.start(options, start);
    tweak.accept(environment);
    // the local EventBridge rule: an execution that ends TIMED_OUT, ABORTED or FAILED is reconciled
    this.reconciler =
        new LocalReconciler(
            LocalFunctions.reconcile(
                environment, executions, LocalReconciler.history(executions), meter),
            out,
            () -> environment.advanceTo(environment.clock().instant().plus(RolloutSimulator.TICK)));
    LocalExecutor.Builder b =
        LocalExecutor.builder()
            .stateMachineName("slipway-release")
            // each execution starts at the environment's virtual now, then keeps its own time
            .clock(environment.clock())
            .realTime(false)
            .callbackGrace(callbackGrace)
            .log(line -> {})
            .listener(listeners(out))
            .statusListener(reconciler)
            .waitPacer(
                (execution, state, input, wait) ->
                    state.equals(holdAt)
                        ? HELD
                        : paceLockWaits
                            ? lockWaits.begin(execution, state, input, wait)
                            : WaitPacer.Pace.NOW);
    for (Map.Entry<String, Object> f :
        LocalFunctions.handlers(environment, executions, meter).entrySet()) {
      b.function(f.getKey(), f.getValue());
    }
    this.executor = b.build();
  }

  /** Starts the environment of {@code options}; the release starts at {@code start}. */
  public static ReleaseRun prepare(
      RunOptions options, Path definitionFile, Instant start, PrintStream out) throws IOException {
    return prepare(options, definitionFile, start, out, e -> {});
  }

  /** As above, with a hook that adjusts the environment (faults) before the handlers are built. */
  public static ReleaseRun prepare(
      RunOptions options,
      Path definitionFile,
      Instant start,
      PrintStream out,
      Consumer<LocalEnvironment> tweak)
      throws IOException {
    return new ReleaseRun(
        options,
        definitionFile,
        start.truncatedTo(ChronoUnit.SECONDS),
        out,
        tweak,
        CALLBACK_GRACE,
        true);
  }

  /**
   * For tests of an unanswered gate: nobody answers approvals, and virtual time jumps to a waiting
   * task's timeout after {@code callbackGrace} of real time.
   */
  static ReleaseRun unattended(
      RunOptions options,
      Path definitionFile,
      Instant start,
      PrintStream out,
      Consumer<LocalEnvironment> tweak,
      Duration callbackGrace)
      throws IOException {
    return new ReleaseRun(
        options,
        definitionFile,
        start.truncatedTo(ChronoUnit.SECONDS),
        out,
        tweak,
        callbackGrace,
        false);
  }

  private HistoryListener listeners(PrintStream progressOut) {
    HistoryListener progress =
        progressOut == null ? HistoryListener.NONE : new Progress(progressOut);
    Optional<String> stopAt = options.scenario().stopAt();
    return (execution, event) -> {
      executions.onEvent(execution, event);
      environment.advanceTo(event.timestamp());
      progress.onEvent(execution, event);
      if (stopAt.isPresent()
          && event.type().endsWith("StateEntered")
          && stopAt.get().equals(event.details().path("name").asText())) {
        // on the execution's own thread, so virtual time cannot run past the state first
        execution.stop(
            STOPPED,
            "stopped by "
                + APPROVER
                + ": the "
                + options.scenario().id()
                + " scenario stops the release when it enters "
                + stopAt.get());
      }
    };
  }

  /** The error a scenario's StopExecution gives. */
  static final String STOPPED = "Slipway.Run.Stopped";

  /** The definition with the scenario's machine TimeoutSeconds, if it sets one. */
  private static String withMachineTimeout(String definition, Scenario scenario)
      throws IOException {
    if (scenario.machineTimeoutSeconds().isEmpty()) {
      return definition;
    }
    var asl = (ObjectNode) Json.mapper().readTree(definition);
    asl.put("TimeoutSeconds", scenario.machineTimeoutSeconds().get());
    return asl.toString();
  }

  /** What reconcile did for {@code execution}, once it ended TIMED_OUT, ABORTED or FAILED. */
  public Optional<ReconcileResult> reconciliation(Execution execution) {
    return reconciler.result(execution.executionArn());
  }

  public LocalEnvironment environment() {
    return environment;
  }

  public LocalExecutor executor() {
    return executor;
  }

  /** The state machine definition (ASL JSON text) this run executes. */
  public String definition() {
    return definition;
  }

  /**
   * StartExecution for executions others start (the webhook, through {@link LocalAwsEndpoint}):
   * each starts at the environment's virtual now (the latest time any execution reached) and then
   * lives on its own virtual clock, which its handlers read ({@link LocalFunctions}): a queued
   * release's lock waits move only its own time, never another release's deadlines.
   */
  public LocalExecutionStarter starter() {
    return new LocalExecutionStarter(executor, definition);
  }

  /**
   * Lets {@code d} of virtual time pass for the execution waiting on {@code token}, as while a
   * person takes their time to answer its gate (never past the gate task's own timeout); returns
   * the time the answer comes at (tests and scenarios of late answers).
   */
  Instant letTimePass(String token, Duration d) {
    return executor.taskTokens().letTimePass(token, d);
  }

  /**
   * From now on a release queued behind another of this run's releases waits for the holder's
   * progress ({@link LockWaitPacer}): what {@code slipway up} needs, where releases run at once.
   */
  void paceLockWaits() {
    this.paceLockWaits = true;
  }

  /** A Wait held until its execution is stopped. */
  private static final WaitPacer.Pace HELD = () -> false;

  /**
   * From now on every Wait state named {@code state} (e.g. {@code Bake}: the wave is live, its
   * canary not yet run) is held until its execution is stopped: a release that stays mid-wave, for
   * trying {@code slipway status} and {@code slipway stop} on it. Null holds nothing.
   */
  void holdAt(String state) {
    this.holdAt = state;
  }

  /** Starts the release (the options' input) without waiting for it to end. */
  public Execution start(String executionName) throws IOException {
    return executor.start(definition, Files.readString(options.releaseInput()), executionName);
  }

  /**
   * Answers the approval gates of every execution of this run's executor as they open (those the
   * webhook starts through {@link LocalAwsEndpoint} too), as {@link #run} does for its own, until
   * {@link #close()}.
   */
  public void answerApprovalsInBackground() {
    inBackground(this::answerApprovals);
  }

  /**
   * Leaves the approval gates to a person: prints each gate once as it opens, with the curl
   * commands that show, approve and reject it through its signed link, until {@link #close()}.
   */
  public void announceApprovalsInBackground() {
    inBackground(this::announceApprovals);
  }

  private void inBackground(Runnable gates) {
    approver.scheduleWithFixedDelay(
        () -> {
          try {
            if (executions.anyWaitingForTaskToken()) {
              gates.run();
            }
          } catch (RuntimeException e) { // keep answering the next gates
            if (out != null) {
              out.println("  could not answer an approval gate: " + e.getMessage());
            }
          }
        },
        20,
        20,
        TimeUnit.MILLISECONDS);
  }

  /** Runs the release to its end, answering approval gates per the scenario. */
  public Result run(String executionName) throws IOException {
    long wall = System.nanoTime();
    Execution execution = start(executionName);
    while (execution.status() == ExecutionStatus.RUNNING) {
      if (answerApprovals && execution.waitingForTaskToken()) {
        answerApprovals();
      }
      execution.await(Duration.ofMillis(20));
    }
    // the status is set before the status listeners (the local bus → reconcile) run; await
    // returns once they have
    execution.await(Duration.ofMinutes(10));
    return result(execution, Duration.ofNanos(System.nanoTime() - wall));
  }

  /** The result of an execution that ended. */
  public Result result(Execution execution, Duration wallTime) {
    int transitions = Billing.transitions(execution.history());
    List<Meter.Invocation> invocations = meter.invocations();
    double lambda = invocations.stream().mapToDouble(Meter.Invocation::usd).sum();
    return new Result(
        execution,
        transitions,
        invocations,
        Billing.stepFunctionsUsd(transitions),
        lambda,
        wallTime,
        reconciliation(execution).orElse(null));
  }

  /**
   * Answers every waiting task token: approve as {@link #APPROVER} unless the scenario rejects. The
   * approval request the pipeline wrote to the bucket (with its token) is printed first. A token
   * answered meanwhile by someone else (SendTaskSuccess through {@link LocalAwsEndpoint}) is left
   * alone.
   */
  void answerApprovals() {
    for (String token : executor.taskTokens().waiting()) {
      Optional<String> request = approvalRequestFor(token).map(Map.Entry::getKey);
      if (out != null) {
        out.println(
            "  approval requested"
                + request.map(k -> ": s3://" + environment.bucket() + "/" + k).orElse("")
                + (options.scenario().approve() ? " → approved by " : " → rejected by ")
                + APPROVER);
      }
      try {
        answer(token);
      } catch (TerminalStepException answeredElsewhere) {
        if (out != null) {
          out.println("  (the gate was answered or timed out first)");
        }
      }
    }
  }

  private void answer(String token) {
    Duration takes = options.scenario().approvalTakes();
    Instant at = takes.isZero() ? environment.clock().instant() : letTimePass(token, takes);
    if (options.scenario().approve()) {
      var decision = Json.mapper().createObjectNode();
      decision.put("decision", "approve");
      decision.put("by", APPROVER);
      decision.put("at", at.toString());
      executor.taskTokens().sendTaskSuccess(token, decision.toString());
    } else {
      executor
          .taskTokens()
          .sendTaskFailure(
              token,
              "Slipway.Approval.Rejected",
              "rejected by " + APPROVER + ": the approval-reject scenario rejects every gate");
    }
  }

  /** Prints each gate that opened since the last call, once its approval request is written. */
  void announceApprovals() {
    for (String token : executor.taskTokens().waiting()) {
      if (announced.contains(token)) {
        continue;
      }
      Optional<Map.Entry<String, JsonNode>> request = approvalRequestFor(token);
      if (request.isEmpty()) {
        continue; // the gate has not written it yet: the next round prints it
      }
      announced.add(token);
      if (out == null) {
        continue;
      }
      out.println(
          "  approval requested: s3://"
              + environment.bucket()
              + "/"
              + request.get().getKey()
              + " (waiting for you: --approvals manual)");
      JsonNode link = request.get().getValue().path("links").path(ApprovalGate.LINK);
      if (!link.isTextual()) {
        out.println(
            "    no approval link (the gate has no SLIPWAY_API_URL); answer the task token with"
                + " SendTaskSuccess or SendTaskFailure on the local AWS endpoint");
        continue;
      }
      String post =
          "    %s curl -X POST '" + link.asText() + "' -H 'Content-Type: application/json'";
      out.println("    open in a browser: " + link.asText());
      out.println("    show:    curl '" + link.asText() + "'");
      out.println(post.formatted("approve:") + " -d '{\"decision\":\"approve\",\"by\":\"you\"}'");
      out.println(post.formatted("reject: ") + " -d '{\"decision\":\"reject\",\"by\":\"you\"}'");
    }
  }

  private Optional<Map.Entry<String, JsonNode>> approvalRequestFor(String token) {
    for (String key : environment.store().list("artifacts/")) {
      if (!key.contains("/approvals/")) {
        continue;
      }
      try {
        JsonNode request = Json.mapper().readTree(environment.store().get(key).body());
        if (token.equals(request.path("taskToken").asText())) {
          return Optional.of(Map.entry(key, request));
        }
      } catch (IOException | RuntimeException e) {
        // not an approval request of ours: skip it
      }
    }
    return Optional.empty();
  }

  @Override
  public void close() {
    approver.shutdownNow();
    environment.close();
  }
}
