package dev.slipway.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code slipway config validate}: the configuration's time budget, per app and environment. */
class ConfigCommandTest {
  static final Path DEMO = Path.of("../../events/demo/config/slipway.yaml");
  static final Path ASL = Path.of("../../statemachines/release.asl.json");

  @TempDir Path dir;

  @Test
  void validate_shouldPrintTheBudgetTable_ofTheDemo() {
    var run =
        JudgeCommandTest.run("config", "validate", DEMO.toString(), "--definition", ASL.toString());

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("slipway.yaml: valid")
        .contains("checkout → prod: worst case against the state machine's TimeoutSeconds of")
        .contains("wave core: canary bake and window, then the judge")
        .contains("rollback of wave edge (2 cluster(s))")
        .contains("deploy gate (RequestApproval) (at most 86400 s; ends by start + ")
        .contains("total: the fixed terms and each gate's minimum")
        .contains("slack: what the lock queue, then the gates, may use");
  }

  @Test
  void validate_shouldExitOne_whenAReleaseWouldBeRefused() throws Exception {
    var run = validateWithProgressDeadline(3600);

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.out())
        .contains("release.progressDeadlineSeconds 3600")
        .contains("OVER BUDGET: Slipway.Plan.OverBudget refuses this release");
    assertThat(run.err()).contains("1 release(s) over budget");
  }

  @Test
  void validate_shouldNameOverHistory_whenTheWorstCaseWritesTooManyEvents() throws Exception {
    // a deadline of ~2 days: every rollout and rollback is polled every 30 s until it, far more
    // than 25,000 history events (and far more than 4 h: both refusals are named)
    var run = validateWithProgressDeadline(200000);

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.out()).contains("OVER 25000, Slipway.Plan.OverHistory");
    assertThat(run.err())
        .contains("over AWS's history limit of 25000 events")
        .contains("Slipway.Plan.OverHistory")
        .contains("shorten release.progressDeadlineSeconds")
        .contains("over budget");
  }

  @Test
  void validate_shouldNameTheError_ofAnInvalidFile() throws Exception {
    Path config = dir.resolve("slipway.yaml");
    Files.writeString(config, "version: 1\napplications: [{name: x}]\n");

    var run =
        JudgeCommandTest.run(
            "config", "validate", config.toString(), "--definition", ASL.toString());

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).startsWith("slipway: Slipway.Config.Invalid");
  }

  @Test
  void validate_shouldListEveryProblem_eachWithLineAndColumn() throws Exception {
    Path config = dir.resolve("slipway.yaml");
    Files.writeString(
        config,
        Files.readString(DEMO)
            .replace(
                "    namespace: checkout\n  - name: edge-1",
                "    namespace: Checkout\n  - name: edge-1")
            .replace(
                "    triggers: [jenkins, build, github-push]\n    images:\n      runtime: registry.example.com/acme/checkout",
                "    triggers: [jenkins, gitlab]\n    images:\n      runtime: registry.example.com/acme/checkout")
            .replace(
                "            clusters: [edge-1, edge-2]\n        canaryGate: core\n    canary:\n      config: config/canary/checkout.json",
                "            clusters: [edge-1, edge-3]\n        canaryGate: core\n    canary:\n      config: config/canary/checkout.json")
            .replace(
                "    canary:\n      config: config/canary/checkout.json\n",
                "    canary:\n      config: config/canary/checkout.json\n"
                    + "    release:\n      progressDeadlineSeconds: soon\n"));

    var run =
        JudgeCommandTest.run(
            "config", "validate", config.toString(), "--definition", ASL.toString());

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.out()).doesNotContain("worst case");
    assertThat(run.err().lines().toList())
        .as(run.err())
        .startsWith("slipway: Slipway.Config.Invalid: 4 problems in " + config + ":")
        .containsSubsequence(
            "  "
                + config
                + ":13:5 clusters[0].namespace: 'Checkout' must be lower-case letters,"
                + " digits and '-' (a DNS label, ≤ 63 chars)",
            "  "
                + config
                + ":28:25 applications[0].triggers[1]: 'gitlab' is not one of: jenkins,"
                + " build, github-push, github-release, github-workflow-run,"
                + " github-registry-package",
            "  "
                + config
                + ":39:32 applications[0].environments[0].waves[1].clusters[1]: no cluster"
                + " named 'edge-3' (defined: core-1, edge-1, edge-2)",
            "  "
                + config
                + ":44:7 applications[0].release.progressDeadlineSeconds: must be an"
                + " integer, was the string 'soon'");
  }

  /** {@code slipway config validate} of the demo with its app's progress deadline set. */
  private JudgeCommandTest.Run validateWithProgressDeadline(int seconds) throws Exception {
    Path config = dir.resolve("slipway.yaml");
    Files.writeString(
        config,
        Files.readString(DEMO)
            .replace(
                "    canary:\n      config: config/canary/checkout.json\n",
                "    canary:\n      config: config/canary/checkout.json\n"
                    + "    release:\n      progressDeadlineSeconds: "
                    + seconds
                    + "\n"));
    return JudgeCommandTest.run(
        "config", "validate", config.toString(), "--definition", ASL.toString());
  }
}
