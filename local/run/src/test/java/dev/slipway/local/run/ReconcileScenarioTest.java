package dev.slipway.local.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.local.executor.ExecutionStatus;
import dev.slipway.reconcile.ReconcileResult;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Executions that end outside their own record state (stopped, timed out) on the local executor:
 * the status-change bus invokes the real reconcile function, which puts the clusters back, writes
 * the record, closes the annotation and releases the lock.
 */
class ReconcileScenarioTest {

  @Test
  @DisplayName("stop-mid-wave: stopped in the core wave's bake → ABORTED, core-1 rolled back")
  void stopMidWave_shouldBeReconciled() throws Exception {
    var outcome =
        ReleaseScenarioTest.run(
            Scenario.STOP_MID_WAVE,
            env -> {},
            (env, result) -> {
              assertThat(result.execution().status()).isEqualTo(ExecutionStatus.ABORTED);
              assertThat(result.execution().error()).isEqualTo(ReleaseRun.STOPPED);
              // the core wave was live when the execution stopped
              assertThat(deployed(result, "core-1")).isTrue();
              reconciled(env, result, "aborted");
              assertThat(result.reconciled().orElseThrow().lastState()).isEqualTo("Bake");
            });
    assertThat(outcome.result().invocations()).anyMatch(i -> i.function().equals("reconcile"));
  }

  @Test
  @DisplayName("late-approval: approved late, the machine times out in the canary → reconciled")
  void lateApproval_shouldTimeOutAndBeReconciled() throws Exception {
    ReleaseScenarioTest.run(
        Scenario.LATE_APPROVAL,
        env -> {},
        (env, result) -> {
          assertThat(result.execution().status()).isEqualTo(ExecutionStatus.TIMED_OUT);
          assertThat(result.execution().error()).isEqualTo("States.Timeout");
          // the gate was approved (not expired): the timeout came later, outside any gate
          assertThat(result.execution().history())
              .anyMatch(
                  e ->
                      e.type().equals("TaskSucceeded")
                          && e.details().path("output").asText().contains("\"approve\""));
          assertThat(deployed(result, "core-1")).isTrue();
          reconciled(env, result, "timed-out");
          // the machine's timeout came in the core wave's canary gate, outside any approval gate
          assertThat(result.reconciled().orElseThrow().lastState()).isEqualTo("Bake");
        });
  }

  /** Whether a Deploy task wrote the release's objects to {@code cluster}. */
  private static boolean deployed(ReleaseRun.Result result, String cluster) {
    return result.execution().history().stream()
        .filter(e -> e.type().equals("LambdaFunctionSucceeded"))
        .map(e -> e.details().path("output").asText())
        .anyMatch(o -> o.contains("\"cluster\":\"" + cluster + "\""));
  }

  private static void reconciled(LocalEnvironment env, ReleaseRun.Result result, String outcome)
      throws Exception {
    ReconcileResult r = result.reconciled().orElseThrow();
    assertThat(r.action()).isEqualTo("reconciled");
    assertThat(r.outcome()).isEqualTo(outcome);
    assertThat(r.rolledBack()).containsExactly("core-1");
    assertThat(r.lockReleased()).isTrue();
    assertThat(r.annotationClosed()).isTrue();
    // core-1 is back to what it held before the release: no checkout-api (the demo's clusters
    // start without one); the edge wave was never reached
    assertThat(ReleaseScenarioTest.deployment(env, "core-1")).isNull();
    assertThat(ReleaseScenarioTest.deployment(env, "edge-1")).isNull();
    assertThat(env.store().get("releases/checkout/prod.json").text())
        .contains("\"" + outcome + "\"")
        .contains(result.execution().executionArn())
        // it waited for what it restored (here: nothing to wait for, checkout-api was deleted)
        .contains("\"restoredReady\" : true");
    assertThat(env.store().list("locks/")).isEmpty();
    assertThat(Summary.reconciled(r))
        .contains("record " + outcome)
        .contains("rolled back core-1")
        .contains("annotation closed")
        .contains("lock released");
  }
}
