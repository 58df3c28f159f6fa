package dev.slipway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.config.Application;
import dev.slipway.config.ConfigParser;
import dev.slipway.config.SlipwayConfig;
import dev.slipway.model.Json;
import dev.slipway.model.SlipwayException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The worst-case timeline Plan checks a release against. */
class ReleaseBudgetTest {
  static final Path ASL = Path.of("../../statemachines/release.asl.json");

  /** checkout's prod environment: the clusters, the waves, the canary gate, the release block. */
  private static final String CONFIG =
      """
      version: 1
      clusters:
      %s
      applications:
        - name: checkout
          repo: https://github.com/acme/checkout
          releaseBranches: [main]
          images: {runtime: registry.example.com/acme/checkout, tag: build}
          environments:
            - name: prod
              canaryGate: %s
              waves:
      %s
          canary: {config: config/canary/checkout.json}
          release:
      %s
      """;

  /** core (core-1) then edge (edge-1, edge-2), the canary after core. */
  private static ReleaseBudget budget(String release, long timeout) {
    return budget(
        List.of("core-1", "edge-1", "edge-2"),
        "          - {name: core, clusters: [core-1]}\n"
            + "          - {name: edge, clusters: [edge-1, edge-2]}",
        "core",
        release.indent(8).stripTrailing(),
        timeout);
  }

  private static ReleaseBudget budget(
      List<String> clusters, String waves, String canaryGate, String release, long timeout) {
    StringBuilder c = new StringBuilder();
    for (String name : clusters) {
      c.append("  - {name: ")
          .append(name)
          .append(", kubeconfig: {key: kubeconfigs/")
          .append(name)
          .append("}, namespace: checkout}\n");
    }
    SlipwayConfig cfg =
        ConfigParser.parse(
            "slipway.yaml",
            CONFIG.formatted(c.toString().stripTrailing(), canaryGate, waves, release));
    Application app = cfg.application("checkout").orElseThrow();
    return ReleaseBudget.of(
        app,
        app.environment("prod").orElseThrow(),
        false,
        false,
        ReleaseBudget.LockSchedule.DEFAULT,
        timeout);
  }

  @Test
  void lockSchedule_shouldAddUpEveryBackOffAndTry() {
    // 29 waits of 30, 60, 120, 240, then 300 (25 times) = 7,950 s, and 29 tries of 60 s
    assertThat(ReleaseBudget.LockSchedule.DEFAULT.worstCaseSeconds()).isEqualTo(7950 + 29 * 60);
  }

  @Test
  void budget_shouldFollowTheSettings_andCloseTheGatesInOrder() {
    ReleaseBudget fast =
        budget(
            """
            progressDeadlineSeconds: 300
            canary: {bakeDelay: 2m, window: 10m, onNoData: extend-window-once}
            """,
            14_400);
    // deadline 300 + 120; the core wave: 420 + 30 + 120 = 570; canary 120 + 600 + 300, extend
    // 600 + 300; edge 570; rollback of edge (its 2 clusters at once) 570, of core 570; the end 120
    long afterMarginal = 570 + 2 * 570 + 120;
    long afterDeploy = 570 + 1020 + 900 + 300 + afterMarginal;
    assertThat(fast.closesAfterSeconds("marginal-gate")).isEqualTo(14_400 - afterMarginal);
    assertThat(fast.closesAfterSeconds("deploy-gate")).isEqualTo(14_400 - afterDeploy);
    assertThat(fast.minimumSeconds()).isEqualTo(60 + 60 + 30 + 120 + 300 + 300 + afterDeploy);
    assertThat(fast.slackSeconds()).isEqualTo(14_400 - fast.minimumSeconds());
    assertThat(fast.terms())
        .extracting(ReleaseBudget.Term::name)
        .contains("wave core: one more window (onNoData: extend-window-once)");
  }

  @Test
  void budget_shouldWaitForTheSeedWindows_whenWindowsIsSeed() {
    String canaryTerm = "wave core: canary bake and window, then the judge";
    // the seed's experiment window starts 1 h after the rollout and lasts 30 minutes; + 300 s judge
    assertThat(seconds(budget("canary: {windows: seed}", 14_400), canaryTerm))
        .isEqualTo(3600 + 1800 + 300);
    assertThat(seconds(budget("canary: {windows: default}", 14_400), canaryTerm))
        .isEqualTo(300 + 1800 + 300);
    // explicit settings override the preset one by one
    assertThat(seconds(budget("canary: {windows: seed, bakeDelay: 10m}", 14_400), canaryTerm))
        .isEqualTo(600 + 1800 + 300);
    assertThat(ReleaseBudget.bakeSeconds(Json.mapper().createObjectNode().put("windows", "seed")))
        .isEqualTo(5400);
    assertThatThrownBy(
            () -> ReleaseBudget.bakeSeconds(Json.mapper().createObjectNode().put("windows", "1h")))
        .hasMessageContaining("release.canary.windows")
        .hasMessageContaining("use default or seed");
  }

  private static long seconds(ReleaseBudget b, String term) {
    return b.terms().stream()
        .filter(t -> t.name().equals(term))
        .findFirst()
        .orElseThrow()
        .seconds();
  }

  @Test
  void budget_shouldHaveNoMarginalGate_whenAMarginalVerdictFails() {
    ReleaseBudget b = budget("onMarginal: fail", 14_400);
    assertThat(b.terms()).extracting(ReleaseBudget.Term::id).doesNotContain("marginal-gate");
    assertThat(b.closesAfterSeconds("marginal-gate")).isEqualTo(14_400);
  }

  @Test
  void requireFits_shouldListEveryTermAndTheSettingToChange() {
    // each cluster polled 1800 + 120 s, then one more wait of 30 s and a last poll of 120 s
    ReleaseBudget b = budget("progressDeadlineSeconds: 1800", 7200);

    assertThat(b.fits()).isFalse();
    assertThatThrownBy(b::requireFits)
        .isInstanceOf(SlipwayException.class)
        .hasMessageStartingWith(ReleaseBudget.OVER_BUDGET + ": ")
        .hasMessageContaining("release.progressDeadlineSeconds 1800")
        .hasMessageContaining("rollback of wave edge (2 cluster(s)), 1 batch(es) at once 2070 s")
        .hasMessageContaining("deploy gate (RequestApproval) 300 s at least")
        .hasMessageContaining("machineTimeoutSeconds");
  }

  @Test
  void table_shouldShowEachTermTheTotalAndTheSlack() {
    String table = budget("", 14_400).table();

    assertThat(table)
        .contains("checkout → prod: worst case against the state machine's TimeoutSeconds of 14400")
        .contains("lock queue behind another release of checkout (at most 9690 s")
        .contains("   7170  total")
        .contains("   7230  slack");
    assertThat(budget("", 7000).table()).contains("   -170  OVER BUDGET: Slipway.Plan.OverBudget");
  }

  /** checkout's prod environment on {@code clusters} clusters in {@code waves} waves. */
  private static ReleaseBudget wide(int clusters, int waves, String release) {
    List<String> names = new ArrayList<>();
    StringBuilder w = new StringBuilder();
    int perWave = clusters / waves;
    for (int i = 0; i < waves; i++) {
      List<String> wave = new ArrayList<>();
      for (int n = i * perWave + 1; n <= (i + 1) * perWave; n++) {
        wave.add("c-" + n);
      }
      names.addAll(wave);
      w.append("          - {name: w")
          .append(i + 1)
          .append(", clusters: [")
          .append(String.join(", ", wave))
          .append("]}\n");
    }
    return budget(names, w.toString().stripTrailing(), "w1", "        " + release, 14_400);
  }

  @Test
  void rolloutPolls_shouldCountEveryPollBeforeTheDeadline() {
    // waits 5, 10, 15, 20, 25, then 30: polls at 0, 5, 15, 30, 50, 75, 105, ... 225 (11 before
    // the deadline of 240 s), and the one that finds it passed
    assertThat(ReleaseBudget.rolloutPolls(240)).isEqualTo(12);
    // each poll is the check and its Choice (7 events), each wait between two polls 2
    assertThat(ReleaseBudget.rolloutEvents(240)).isEqualTo(12 * 7 + 11 * 2);
    assertThat(ReleaseBudget.rolloutPolls(0)).isEqualTo(2);
  }

  @Test
  void budget_shouldRollEachWavesClustersBackAtOnce_soAHundredClustersFitFourHours() {
    // 10 waves of 10 clusters, 10 at once, deadline 120 + 120 s: each wave's deploy batch 300 s,
    // its rollback 300 s (the RollbackCluster timeout outlasts the 240 s deadline), each + 150
    ReleaseBudget b = wide(100, 10, "{progressDeadlineSeconds: 120, maxParallelClusters: 10}");

    assertThat(b.terms())
        .filteredOn(t -> t.name().startsWith("rollback of wave"))
        .hasSize(10)
        .allSatisfy(t -> assertThat(t.seconds()).isEqualTo(450));
    assertThat(b.fits()).as(b.table()).isTrue();
    assertThat(b.historyEvents()).isLessThan(ReleaseBudget.HISTORY_LIMIT);
    assertThat(b.table()).contains("history events at most");
  }

  @Test
  void requireFits_shouldRefuseAReleaseWhoseWorstCaseHistoryIsOverTheLimit() {
    // 100 clusters each rolled back and polled until the default deadline of 600 + 120 s: 28
    // polls, 261 events a cluster
    ReleaseBudget b = wide(100, 10, "{maxParallelClusters: 10}");

    assertThat(b.historyEvents()).isGreaterThan(ReleaseBudget.HISTORY_LIMIT);
    assertThat(b.fits()).isFalse();
    assertThatThrownBy(b::requireFits)
        .isInstanceOf(SlipwayException.class)
        .hasMessageStartingWith(ReleaseBudget.OVER_HISTORY + ": ")
        .hasMessageContaining("writes " + b.historyEvents() + " history events")
        .hasMessageContaining("rollback of wave w10: 10 cluster(s), each polled 2616")
        .hasMessageContaining("release.progressDeadlineSeconds 600");
    assertThat(b.table()).contains("OVER 25000, Slipway.Plan.OverHistory");
  }

  /** The budget's per-state constants are the ASL's TimeoutSeconds: change one, change both. */
  @Test
  void taskTimeouts_shouldBeTheStateMachines() throws Exception {
    JsonNode asl = Json.mapper().readTree(Files.readString(ASL));
    JsonNode states = asl.get("States");
    JsonNode wave = states.at("/Waves/ItemProcessor/States");
    JsonNode rollback =
        states.at("/Rollback/ItemProcessor/States/RollbackWave/ItemProcessor/States");
    List<Map.Entry<JsonNode, Long>> expected =
        List.of(
            Map.entry(states.at("/Plan/TimeoutSeconds"), ReleaseBudget.PLAN_SECONDS),
            Map.entry(states.at("/AcquireLock/TimeoutSeconds"), ReleaseBudget.LOCK_SECONDS),
            Map.entry(states.at("/AnnotateStart/TimeoutSeconds"), ReleaseBudget.ANNOTATE_SECONDS),
            Map.entry(
                states.at("/GenerateManifests/TimeoutSeconds"), ReleaseBudget.MANIFESTS_SECONDS),
            Map.entry(states.at("/Diff/TimeoutSeconds"), ReleaseBudget.DIFF_SECONDS),
            Map.entry(states.at("/StaticSync/TimeoutSeconds"), ReleaseBudget.STATIC_SYNC_SECONDS),
            Map.entry(
                wave.at("/DeployWave/ItemProcessor/States/Deploy/TimeoutSeconds"),
                ReleaseBudget.DEPLOY_SECONDS),
            Map.entry(wave.at("/CheckRollout/TimeoutSeconds"), ReleaseBudget.ROLLOUT_POLL_SECONDS),
            Map.entry(wave.at("/Canary/TimeoutSeconds"), ReleaseBudget.CANARY_SECONDS),
            Map.entry(
                rollback.at("/RollbackCluster/TimeoutSeconds"), ReleaseBudget.ROLLBACK_SECONDS),
            Map.entry(
                rollback.at("/CheckRollback/TimeoutSeconds"), ReleaseBudget.ROLLOUT_POLL_SECONDS),
            Map.entry(states.at("/RecordRelease/TimeoutSeconds"), ReleaseBudget.RECORD_SECONDS),
            Map.entry(states.at("/AnnotateEnd/TimeoutSeconds"), ReleaseBudget.ANNOTATE_SECONDS),
            Map.entry(states.at("/ReleaseLock/TimeoutSeconds"), ReleaseBudget.UNLOCK_SECONDS));
    expected.forEach(e -> assertThat(e.getKey().asLong()).isEqualTo(e.getValue()));
    // the rollback is polled for the plan's deadline, the one the budget counts
    assertThat(rollback.at("/CheckRollback/Parameters/deadlineSeconds.$").asText())
        .isEqualTo("$.deadlineSeconds");
  }

  @Test
  void budget_shouldCountTheCanaryAsOneCall_howeverManyGateClustersItJudges() {
    // the gate wave w1 of 1 cluster, then of 10 (every one judged): the canary's time and events
    // stay those of one Canary task; only the wave's deploys and rollbacks grow with its clusters
    ReleaseBudget one = wide(10, 10, "{progressDeadlineSeconds: 120, maxParallelClusters: 10}");
    ReleaseBudget ten = wide(100, 10, "{progressDeadlineSeconds: 120, maxParallelClusters: 10}");
    String canaryTerm = "wave w1: canary bake and window, then the judge";
    assertThat(seconds(ten, canaryTerm)).isEqualTo(seconds(one, canaryTerm)).isEqualTo(2100 + 300);
    long polled = ReleaseBudget.rolloutEvents(240);
    // per cluster more: its deploy (an iteration and a task), and its rollback (an iteration,
    // RollbackStarted, ClusterRolledBack, the task and the polls)
    long deploy = ReleaseBudget.ITERATION_EVENTS + ReleaseBudget.TASK_EVENTS;
    long rollback =
        ReleaseBudget.ITERATION_EVENTS
            + 2 * ReleaseBudget.STATE_EVENTS
            + ReleaseBudget.TASK_EVENTS
            + polled;
    assertThat(ten.historyEvents() - one.historyEvents()).isEqualTo(90 * (deploy + rollback));
    ReleaseBudget.HistoryTerm gate =
        ten.history().stream()
            .filter(h -> h.name().startsWith("wave w1:"))
            .findFirst()
            .orElseThrow();
    ReleaseBudget.HistoryTerm plain =
        ten.history().stream()
            .filter(h -> h.name().startsWith("wave w2:"))
            .findFirst()
            .orElseThrow();
    // Bake, Canary, Verdict?, and the Marginal gate (onMarginal: approve, the default)
    assertThat(gate.events() - plain.events())
        .isEqualTo(
            2 * ReleaseBudget.STATE_EVENTS
                + ReleaseBudget.TASK_EVENTS
                + 2 * ReleaseBudget.STATE_EVENTS
                + ReleaseBudget.CALLBACK_TASK_EVENTS);
  }
}
