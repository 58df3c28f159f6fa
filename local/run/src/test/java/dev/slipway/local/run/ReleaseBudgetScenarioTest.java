package dev.slipway.local.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.local.executor.Execution;
import dev.slipway.local.executor.ExecutionStatus;
import dev.slipway.model.ApprovalRequest;
import dev.slipway.model.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14's reproductions of a release that ran out of time, end to end on the local environment
 * with the real handlers: a gate answered late, a Marginal gate nobody answers, a release queued
 * behind another. Each must end with its own named error (or succeed), rolled back and recorded,
 * before the state machine's own timeout — never as a timed-out execution.
 */
class ReleaseBudgetScenarioTest {
  static final Path EVENTS = ReleaseScenarioTest.EVENTS;
  static final Path ASL = ReleaseScenarioTest.ASL;
  static final Instant START = ReleaseScenarioTest.START;

  @TempDir Path dir;

  /** The state machine's own timeout, as the definition declares it. */
  static Instant machineDeadline() throws IOException {
    long seconds = Json.mapper().readTree(Files.readString(ASL)).get("TimeoutSeconds").asLong();
    return START.plusSeconds(seconds);
  }

  /**
   * Runs the release; at each gate that opens, {@code approver} says how long the person takes
   * (empty: never answers). An answer after the gate's expiry is refused, as the approval API
   * refuses it (410 Slipway.Approval.Expired): the task token is not answered.
   */
  private static Execution release(
      ReleaseRun run, String name, Function<ApprovalRequest, Optional<Duration>> approver)
      throws Exception {
    Execution execution = run.start(name);
    java.util.Set<String> seen = new java.util.HashSet<>();
    while (execution.status() == ExecutionStatus.RUNNING) {
      for (String token : run.executor().taskTokens().waiting()) {
        Optional<ApprovalRequest> gate = request(run.environment(), token);
        if (gate.isEmpty() || !seen.add(token)) {
          continue;
        }
        Optional<Duration> takes = approver.apply(gate.get());
        if (takes.isEmpty()) {
          continue;
        }
        Instant at = run.letTimePass(token, takes.get());
        if (!gate.get().expiredAt(at)) {
          var decision = Json.mapper().createObjectNode();
          decision.put("decision", "approve").put("by", "late approver").put("at", at.toString());
          run.executor().taskTokens().sendTaskSuccess(token, decision.toString());
        }
      }
      execution.await(Duration.ofMillis(20));
    }
    return execution;
  }

  private static Optional<ApprovalRequest> request(LocalEnvironment env, String token) {
    for (String key : env.store().list("artifacts/")) {
      if (key.contains("/approvals/")) {
        try {
          ApprovalRequest r =
              Json.mapper().readValue(env.store().get(key).body(), ApprovalRequest.class);
          if (token.equals(r.taskToken())) {
            return Optional.of(r);
          }
        } catch (IOException e) {
          // not an approval request: skip it
        }
      }
    }
    return Optional.empty();
  }

  /**
   * The release ended with {@code error} before the machine's timeout, recorded it and gave the
   * lock back.
   */
  private static void endedBefore(ReleaseRun run, Execution e, String error) throws IOException {
    assertThat(e.status()).as(e.error() + ": " + e.cause()).isEqualTo(ExecutionStatus.FAILED);
    assertThat(e.error()).isEqualTo(error);
    assertThat(e.stopDate()).isBefore(machineDeadline());
    assertThat(run.environment().store().get("releases/checkout/prod.json").text()).contains(error);
    assertThat(run.environment().store().list("locks/")).isEmpty();
  }

  /** The demo with release settings for checkout added to its configuration. */
  private RunOptions demoWith(Scenario scenario, String releaseSettings) throws IOException {
    Path config = dir.resolve("slipway.yaml");
    String canary = "    canary:\n      config: config/canary/checkout.json\n";
    String demo = Files.readString(EVENTS.resolve("demo/config/slipway.yaml"));
    assertThat(demo).contains(canary);
    Files.writeString(
        config, demo.replace(canary, canary + releaseSettings), StandardCharsets.UTF_8);
    return new RunOptions(EVENTS, scenario, null, config, null, null, null, null, null);
  }

  private static ReleaseRun unattended(RunOptions options, Duration grace) throws IOException {
    return ReleaseRun.unattended(options, ASL, START, null, env -> {}, grace);
  }

  @Test
  @DisplayName(
      "approved at minute 85 (the end of the old 90-minute gate): the release completes before"
          + " the machine's timeout, never TIMED_OUT in Bake with core-1 on the new build")
  void lateApproval_shouldStillLeaveTheWavesTheirTime() throws Exception {
    try (var run = unattended(RunOptions.demo(EVENTS, Scenario.HEALTHY), Duration.ofSeconds(5))) {
      Execution e =
          release(
              run,
              "checkout-prod-late",
              gate -> Optional.of(Duration.between(gate.createdAt(), START.plusSeconds(85 * 60))));

      assertThat(e.status()).as(e.error() + ": " + e.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
      assertThat(e.stopDate()).isBefore(machineDeadline());
      assertThat(ReleaseScenarioTest.deployment(run.environment(), "edge-2")).isNotNull();
      assertThat(run.environment().store().list("locks/")).isEmpty();
    }
  }

  @Test
  @DisplayName(
      "approved after the gate closed: refused, the gate ends as Approval.Expired in time,"
          + " nothing deployed, recorded and unlocked")
  void approvalAfterTheGateClosed_shouldEndAsExpired() throws Exception {
    try (var run = unattended(RunOptions.demo(EVENTS, Scenario.HEALTHY), Duration.ofSeconds(1))) {
      var expiry = new java.util.concurrent.atomic.AtomicReference<Instant>();
      Execution e =
          release(
              run,
              "checkout-prod-too-late",
              gate -> {
                expiry.set(gate.expiresAt());
                return Optional.of(
                    Duration.between(gate.createdAt(), gate.expiresAt()).plusMinutes(5));
              });

      endedBefore(run, e, "Slipway.Approval.Expired");
      // the gate closed when only the worst case of the waves, the canary, the Marginal gate and
      // the rollback of every cluster was left
      assertThat(expiry.get()).isBefore(machineDeadline().minus(Duration.ofHours(1)));
      assertThat(e.stopDate()).isAfterOrEqualTo(expiry.get());
      ReleaseScenarioTest.noClusterWrite(run.environment());
    }
  }

  @Test
  @DisplayName(
      "a Marginal verdict nobody answers: Approval.Expired and the core wave rolled back, before"
          + " the machine's timeout")
  void unansweredMarginalGate_shouldExpireAndRollBack() throws Exception {
    // the latency regression's score (60) is Marginal with a marginal threshold of 50
    RunOptions options =
        demoWith(Scenario.LATENCY_REGRESSION, "    release:\n      canary: {marginal: 50}\n");
    try (var run = unattended(options, Duration.ofMillis(500))) {
      Execution e =
          release(
              run,
              "checkout-prod-marginal",
              gate -> "deploy".equals(gate.gate()) ? Optional.of(Duration.ZERO) : Optional.empty());

      endedBefore(run, e, "Slipway.Approval.Expired");
      assertThat(run.environment().store().list("artifacts/checkout/102/approvals/"))
          .anyMatch(k -> k.endsWith("-canary-marginal.json"));
      // core-1 had the new build; the rollback deleted what the release created
      assertThat(ReleaseScenarioTest.deployment(run.environment(), "core-1")).isNull();
      assertThat(ReleaseScenarioTest.deployment(run.environment(), "edge-1")).isNull();
    }
  }

  @Test
  @DisplayName(
      "queued behind a release that never ends: Lock.Busy with time left, not a timed-out"
          + " execution after 30 tries")
  void queuedRelease_shouldGiveUpAsLockBusy_beforeTheMachineTimesOut() throws Exception {
    // a grace longer than the test: the holder's token must not time out meanwhile
    try (var run = unattended(RunOptions.demo(EVENTS, Scenario.HEALTHY), Duration.ofMinutes(30))) {
      var holder = ReleaseScenarioTest.firstReleaseHoldingTheLock(run);

      Execution e = release(run, "checkout-prod-101", gate -> Optional.of(Duration.ZERO));

      assertThat(holder.status()).isEqualTo(ExecutionStatus.RUNNING);
      assertThat(e.status()).isEqualTo(ExecutionStatus.FAILED);
      assertThat(e.error()).isEqualTo("Slipway.Lock.Busy");
      assertThat(e.stopDate()).isBefore(machineDeadline());
      assertThat(run.environment().store().get("locks/checkout.json").text())
          .contains(holder.executionArn());
      ReleaseScenarioTest.noClusterWrite(run.environment());
      holder.stop("Test.Done", "the first release ends");
    }
  }

  @Test
  @DisplayName(
      "a release whose worst case does not fit: Plan.OverBudget before the lock, nothing written"
          + " to a cluster, the record names the settings")
  void overBudgetRelease_shouldBeRefusedBeforeTheLock() throws Exception {
    String slow = "    release:\n      progressDeadlineSeconds: 3600\n";
    try (var run = unattended(demoWith(Scenario.HEALTHY, slow), Duration.ofSeconds(1))) {
      Execution e = release(run, "checkout-prod-over", gate -> Optional.of(Duration.ZERO));

      endedBefore(run, e, "Slipway.Plan.OverBudget");
      assertThat(e.cause()).contains("release.progressDeadlineSeconds 3600");
      assertThat(e.history())
          .noneMatch(
              h -> h.details() != null && h.details().path("name").asText().equals("AcquireLock"));
      ReleaseScenarioTest.noClusterWrite(run.environment());
      // nothing of the release; only the marker of the local bus's reconcile (already-recorded)
      assertThat(run.environment().store().list("artifacts/checkout/101/"))
          .containsExactly("artifacts/checkout/101/executions/checkout-prod-over/reconciled.json");
    }
  }
}
