package dev.slipway.local.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.local.executor.ExecutionStatus;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.function.Consumer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The release state machine ({@code statemachines/release.asl.json}) end to end on the local
 * environment, with the real handlers, one test per outcome. Each asserts the final status and
 * error, what the clusters hold afterwards and what the bucket holds.
 */
class ReleaseScenarioTest {
  static final Path EVENTS = Path.of("../../events");
  static final Path ASL = Path.of("../../statemachines/release.asl.json");
  static final Instant START = Instant.parse("2026-11-27T09:00:00Z");

  record Outcome(ReleaseRun.Result result, String progress) {}

  static Outcome run(Scenario scenario, Consumer<LocalEnvironment> tweak, Inspect inspect)
      throws Exception {
    var progress = new ByteArrayOutputStream();
    try (var run =
        ReleaseRun.prepare(
            RunOptions.demo(EVENTS, scenario),
            ASL,
            START,
            new PrintStream(progress, true, StandardCharsets.UTF_8),
            tweak)) {
      var result = run.run("checkout-prod-" + scenario.id());
      inspect.check(run.environment(), result);
      return new Outcome(result, progress.toString(StandardCharsets.UTF_8));
    }
  }

  interface Inspect {
    void check(LocalEnvironment env, ReleaseRun.Result result) throws Exception;
  }

  static void noClusterWrite(LocalEnvironment env) {
    env.clusters()
        .forEach(
            (name, cluster) ->
                assertThat(cluster.client().apps().deployments().inAnyNamespace().list().getItems())
                    .as("deployments in %s", name)
                    .isEmpty());
  }

  @Test
  @DisplayName("invalid template: the release fails in GenerateManifests, before any cluster write")
  void invalidTemplate_shouldFailBeforeAnyClusterWrite() throws Exception {
    var outcome =
        run(
            Scenario.HEALTHY,
            env ->
                env.store()
                    .put(
                        "templates/checkout/deployment.yaml",
                        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: x\n  labels: ${no_such_parameter}\n"
                            .getBytes(StandardCharsets.UTF_8),
                        "application/yaml"),
            (env, result) -> {
              assertThat(result.execution().status()).isEqualTo(ExecutionStatus.FAILED);
              assertThat(result.execution().error()).isEqualTo("Slipway.Manifest.UnknownParameter");
              assertThat(result.execution().cause()).contains("no_such_parameter");
              noClusterWrite(env);
              assertThat(env.store().list("artifacts/checkout/101/manifests/")).isEmpty();
              assertThat(env.store().get("releases/checkout/prod.json").text())
                  .contains("Slipway.Manifest.UnknownParameter");
              assertThat(env.store().list("locks/")).isEmpty();
            });
    assertThat(outcome.progress()).contains("GenerateManifests").contains("FAILED");
    assertThat(outcome.result().transitions()).isPositive();
  }

  @Test
  @DisplayName("templates missing: the release fails with the artifact error, nothing deployed")
  void missingTemplates_shouldFailWithTheArtifactError() throws Exception {
    run(
        Scenario.HEALTHY,
        env -> env.store().list("templates/checkout/").forEach(k -> env.store().delete(k)),
        (env, result) -> {
          assertThat(result.execution().status()).isEqualTo(ExecutionStatus.FAILED);
          assertThat(result.execution().error()).isEqualTo("Slipway.Artifact.NotFound");
          assertThat(result.execution().cause()).contains("templates/checkout/");
          noClusterWrite(env);
          assertThat(env.store().find("releases/checkout/prod.json")).isPresent();
          assertThat(env.store().list("locks/")).isEmpty();
        });
  }

  static final String HOLDER =
      """
      {"StartAt": "Hold", "States": {"Hold": {
        "Type": "Task", "Resource": "arn:aws:states:::lambda:invoke.waitForTaskToken",
        "Parameters": {"FunctionName": "${AnnotateFunctionArn}",
          "Payload": {"phase": "start", "app": "checkout", "build": "100", "environment": "prod",
                      "clusters": ["core-1"], "status": "started", "token.$": "$$.Task.Token"}},
        "TimeoutSeconds": 86400, "End": true}}}
      """;

  @Test
  @DisplayName("two releases of one app: the second waits for the lock, then gives up as Lock.Busy")
  void secondRelease_shouldWaitForTheFirst_whileTheFirstHoldsTheLock() throws Exception {
    var progress = new ByteArrayOutputStream();
    try (var run =
        ReleaseRun.prepare(
            RunOptions.demo(EVENTS, Scenario.HEALTHY),
            ASL,
            START,
            new PrintStream(progress, true, StandardCharsets.UTF_8),
            env -> env.putFunctionEnvironment("SLIPWAY_LOCK_MAX_ATTEMPTS", "3"))) {
      var holder = firstReleaseHoldingTheLock(run);

      var result = run.run("checkout-prod-101");

      assertThat(holder.status())
          .as(holder.error() + ": " + holder.cause())
          .isEqualTo(ExecutionStatus.RUNNING);
      assertThat(result.execution().status()).isEqualTo(ExecutionStatus.FAILED);
      assertThat(result.execution().error()).isEqualTo("Slipway.Lock.Busy");
      assertThat(progress.toString(StandardCharsets.UTF_8)).contains("WaitForLock");
      assertThat(
              result.execution().history().stream()
                  .filter(e -> e.type().equals("TaskStateEntered"))
                  .filter(e -> e.details().path("name").asText().equals("AcquireLock"))
                  .count())
          .isEqualTo(3);
      assertThat(run.environment().store().get("locks/checkout.json").text())
          .contains(holder.executionArn());
      noClusterWrite(run.environment());
      holder.stop("Test.Done", "the first release ends");
    }
  }

  @Test
  @DisplayName("two releases of one app: the second queues, then goes ahead when the first ends")
  void secondRelease_shouldGoAhead_whenTheFirstEnds() throws Exception {
    var holderRef = new java.util.concurrent.atomic.AtomicReference<String>();
    var firstEnded = new java.util.concurrent.atomic.AtomicBoolean();
    var progress = new ByteArrayOutputStream();
    var envRef = new java.util.concurrent.atomic.AtomicReference<LocalEnvironment>();
    var tokens =
        new java.util.concurrent.atomic.AtomicReference<dev.slipway.local.executor.TaskTokens>();
    // the first release ends (answers its gate and gives its lock back) as soon as the second one
    // starts waiting for the lock
    var watcher =
        new java.io.OutputStream() {
          private final StringBuilder line = new StringBuilder();

          @Override
          public void write(int b) {
            progress.write(b);
            if (b != '\n') {
              line.append((char) b);
              return;
            }
            if (line.toString().contains("WaitForLock") && firstEnded.compareAndSet(false, true)) {
              tokens.get().sendTaskSuccess(holderRef.get(), "{}");
              envRef.get().store().delete("locks/checkout.json");
            }
            line.setLength(0);
          }
        };
    try (var run =
        ReleaseRun.prepare(
            RunOptions.demo(EVENTS, Scenario.HEALTHY),
            ASL,
            START,
            new PrintStream(watcher, true, StandardCharsets.UTF_8),
            env -> {})) {
      envRef.set(run.environment());
      tokens.set(run.executor().taskTokens());
      firstReleaseHoldingTheLock(run);
      holderRef.set(tokens.get().waiting().get(0));

      var result = run.run("checkout-prod-101");

      assertThat(firstEnded).as("the second release waited for the lock").isTrue();
      assertThat(result.execution().status())
          .as(result.execution().error() + ": " + result.execution().cause())
          .isEqualTo(ExecutionStatus.SUCCEEDED);
      assertThat(deployment(run.environment(), "edge-2")).isNotNull();
      assertThat(run.environment().store().list("locks/")).isEmpty();
    }
  }

  /** A first release of checkout, paused at a task token, holding the app's lock. */
  static dev.slipway.local.executor.Execution firstReleaseHoldingTheLock(ReleaseRun run) {
    var holder = run.executor().start(HOLDER, "{}", "checkout-prod-100");
    assertThat(holder.waitingForTaskToken()).as(holder.status() + " " + holder.cause()).isTrue();
    String lock =
        "{\"app\":\"checkout\",\"holder\":\""
            + holder.executionArn()
            + "\",\"acquiredAt\":\"2026-11-27T08:59:00Z\"}";
    run.environment()
        .store()
        .put("locks/checkout.json", lock.getBytes(StandardCharsets.UTF_8), "application/json");
    return holder;
  }

  static io.fabric8.kubernetes.api.model.apps.Deployment deployment(
      LocalEnvironment env, String cluster) {
    return env.clusters()
        .get(cluster)
        .client()
        .apps()
        .deployments()
        .inNamespace("checkout")
        .withName("checkout-api")
        .get();
  }

  @Test
  @DisplayName("healthy: every wave rolls out, the canary passes, the release is recorded")
  void healthy_shouldReleaseEveryWave() throws Exception {
    var outcome =
        run(
            Scenario.HEALTHY,
            env -> {},
            (env, result) -> {
              assertThat(result.execution().status()).isEqualTo(ExecutionStatus.SUCCEEDED);
              for (String c : new String[] {"core-1", "edge-1", "edge-2"}) {
                assertThat(
                        deployment(env, c)
                            .getSpec()
                            .getTemplate()
                            .getSpec()
                            .getContainers()
                            .get(0)
                            .getImage())
                    .isEqualTo("registry.example.com/acme/checkout:101");
              }
              var artifacts = env.store().list("artifacts/checkout/101/");
              assertThat(artifacts)
                  .contains(
                      "artifacts/checkout/101/manifests/edge-2.yaml",
                      "artifacts/checkout/101/diff/core-1.diff",
                      "artifacts/checkout/101/canary/core.json",
                      "artifacts/checkout/101/canary/core.html");
              assertThat(artifacts).anyMatch(k -> k.contains("/approvals/"));
              assertThat(env.store().get("artifacts/checkout/101/canary/core.json").text())
                  .contains("\"classification\" : \"Pass\"");
              assertThat(env.store().get("releases/checkout/prod.json").text()).contains("101");
              assertThat(env.store().list("locks/")).isEmpty();
              assertThat(env.grafana().orElseThrow().received()).hasSize(2);
              assertThat(result.transitions()).isBetween(30, 100);
            });
    assertThat(outcome.progress()).contains("Canary").contains("Released");
  }

  @Test
  @DisplayName("latency regression: the canary fails, the core wave is rolled back, edge untouched")
  void latencyRegression_shouldRollBack() throws Exception {
    run(
        Scenario.LATENCY_REGRESSION,
        env -> {},
        (env, result) -> {
          assertThat(result.execution().status()).isEqualTo(ExecutionStatus.FAILED);
          assertThat(result.execution().error()).isEqualTo("Slipway.Canary.Failed");
          assertThat(deployment(env, "core-1")).isNull();
          assertThat(deployment(env, "edge-1")).isNull();
          assertThat(env.store().get("artifacts/checkout/102/canary/core.json").text())
              .contains("\"classification\" : \"Fail\"");
          assertThat(env.store().get("releases/checkout/prod.json").text())
              .contains("Slipway.Canary.Failed");
          assertThat(env.store().list("locks/")).isEmpty();
        });
  }

  @Test
  @DisplayName("crashloop: the progress deadline passes, the cause names the pods' reason")
  void crashloop_shouldRollBackWithThePodsReason() throws Exception {
    run(
        Scenario.CRASHLOOP,
        env -> {},
        (env, result) -> {
          assertThat(result.execution().status()).isEqualTo(ExecutionStatus.FAILED);
          assertThat(result.execution().error())
              .isEqualTo("Slipway.Deploy.ProgressDeadlineExceeded");
          assertThat(result.execution().cause()).contains("CrashLoopBackOff");
          assertThat(deployment(env, "core-1")).isNull();
          assertThat(deployment(env, "edge-1")).isNull();
          // three manifests; only the core wave's deploy ran (its applied objects beside them)
          assertThat(env.store().list("artifacts/checkout/103/manifests/"))
              .containsExactlyInAnyOrder(
                  "artifacts/checkout/103/manifests/core-1.applied.json",
                  "artifacts/checkout/103/manifests/core-1.yaml",
                  "artifacts/checkout/103/manifests/edge-1.yaml",
                  "artifacts/checkout/103/manifests/edge-2.yaml");
          assertThat(env.store().list("artifacts/checkout/103/canary/")).isEmpty();
          assertThat(env.store().get("releases/checkout/prod.json").text())
              .contains("ProgressDeadlineExceeded");
          // a rollout polled until its deadline, then every wave rolled back: no more history
          // than the worst case Plan derives from the time budget
          long bound =
              ReleaseStateSizeTest.historyBound(EVENTS.resolve("demo/config/slipway.yaml"));
          System.out.printf(
              "crashloop: %d history events, worst case %d%n",
              result.execution().history().size(), bound);
          assertThat((long) result.execution().history().size()).isLessThanOrEqualTo(bound);
        });
  }

  @Test
  @DisplayName("approval rejected: the release ends Approval.Rejected before any cluster write")
  void approvalRejected_shouldEndBeforeAnyClusterWrite() throws Exception {
    run(
        Scenario.APPROVAL_REJECT,
        env -> {},
        (env, result) -> {
          assertThat(result.execution().status()).isEqualTo(ExecutionStatus.FAILED);
          assertThat(result.execution().error()).isEqualTo("Slipway.Approval.Rejected");
          assertThat(result.execution().cause()).contains(ReleaseRun.APPROVER);
          noClusterWrite(env);
          assertThat(env.store().list("artifacts/checkout/104/"))
              .anyMatch(k -> k.contains("/approvals/"));
          assertThat(env.store().list("locks/")).isEmpty();
        });
  }

  @Test
  @DisplayName("Prometheus unreachable: MetricsUnavailable, the core wave is rolled back")
  void prometheusUnreachable_shouldRollBack() throws Exception {
    run(
        Scenario.HEALTHY,
        env -> env.putFunctionEnvironment("SLIPWAY_PROMETHEUS_URL", "http://127.0.0.1:9"),
        (env, result) -> {
          assertThat(result.execution().status()).isEqualTo(ExecutionStatus.FAILED);
          assertThat(result.execution().error()).isEqualTo("Slipway.Canary.MetricsUnavailable");
          assertThat(deployment(env, "core-1")).isNull();
          assertThat(deployment(env, "edge-1")).isNull();
          assertThat(env.store().find("releases/checkout/prod.json")).isPresent();
        });
  }

  @Test
  @DisplayName("Grafana down: the release still succeeds, the annotation failure is recorded")
  void grafanaDown_shouldStillRelease() throws Exception {
    run(
        Scenario.HEALTHY,
        env -> env.putFunctionEnvironment("SLIPWAY_GRAFANA_URL", "http://127.0.0.1:9"),
        (env, result) -> {
          assertThat(result.execution().status()).isEqualTo(ExecutionStatus.SUCCEEDED);
          assertThat(deployment(env, "edge-2")).isNotNull();
          assertThat(env.grafana().orElseThrow().received()).isEmpty();
          assertThat(env.store().get("releases/checkout/prod.json").text())
              .containsIgnoringCase("annotat");
        });
  }

  @Test
  @DisplayName("approval expired: nobody answers the gate; it times out, nothing is deployed")
  void approvalExpired_shouldEndBeforeAnyClusterWrite() throws Exception {
    try (var run =
        ReleaseRun.unattended(
            RunOptions.demo(EVENTS, Scenario.HEALTHY),
            ASL,
            START,
            null,
            env -> {},
            java.time.Duration.ofMillis(300))) {
      var result = run.run("checkout-prod-expired");

      assertThat(result.execution().status()).isEqualTo(ExecutionStatus.FAILED);
      assertThat(result.execution().error()).isEqualTo("Slipway.Approval.Expired");
      // the default 24-hour gate closes when only the worst case after it is left, so that the
      // release ends as Expired before the machine's own timeout
      assertThat(result.execution().stopDate())
          .isAfterOrEqualTo(START.plus(java.time.Duration.ofMinutes(80)))
          .isBefore(ReleaseBudgetScenarioTest.machineDeadline());
      noClusterWrite(run.environment());
      assertThat(run.environment().store().list("artifacts/checkout/101/"))
          .anyMatch(k -> k.contains("/approvals/"));
      assertThat(run.environment().store().list("locks/")).isEmpty();
    }
  }

  @Test
  @DisplayName("cluster timeout: the call is retried with back-off, then everything rolls back")
  void clusterTimeout_shouldBeRetriedThenRolledBack() throws Exception {
    run(
        Scenario.HEALTHY,
        env -> {
          env.putFunctionEnvironment("SLIPWAY_K8S_READ_TIMEOUT", "1");
          env.clusters()
              .get("core-1")
              .faults()
              .slowApply("/deployments/checkout-api", java.time.Duration.ofSeconds(3), 50);
        },
        (env, result) -> {
          assertThat(result.execution().status()).isEqualTo(ExecutionStatus.FAILED);
          assertThat(result.execution().error()).isEqualTo("Slipway.Cluster.Timeout");
          // the diff's dry runs go through; the deploy writes the ConfigMap and the Service to
          // core-1, then its Deployment write times out: tried 5 times in all (4 retries)
          var timeouts =
              result.execution().history().stream()
                  .filter(e -> e.type().equals("LambdaFunctionFailed"))
                  .map(e -> e.details().path("cause").asText())
                  .filter(c -> c.contains("Cluster.Timeout"))
                  .toList();
          assertThat(timeouts)
              .hasSize(5)
              .allMatch(c -> c.contains("PATCH /apis/apps/v1/namespaces/checkout/deployments/"))
              .noneMatch(c -> c.contains("dryRun"));
          // then everything rolls back: on core-1 the two objects the deploy wrote are deleted
          var core1Rollback =
              result.execution().history().stream()
                  .filter(e -> e.type().equals("LambdaFunctionSucceeded"))
                  .map(e -> e.details().path("output").asText())
                  .filter(o -> o.contains("\"snapshotKey\":\"snapshots/checkout/core-1/"))
                  .findFirst()
                  .orElseThrow();
          assertThat(core1Rollback)
              .contains("\"kind\":\"ConfigMap\"")
              .contains("\"kind\":\"Service\"")
              .contains("deleted 2");
          var core1 = env.clusters().get("core-1").client();
          assertThat(core1.configMaps().inNamespace("checkout").withName("checkout-config").get())
              .isNull();
          assertThat(core1.services().inNamespace("checkout").withName("checkout-api").get())
              .isNull();
          long timeoutCount = timeouts.size();
          assertThat(result.transitions())
              .isGreaterThanOrEqualTo(
                  (int)
                          result.execution().history().stream()
                              .filter(e -> e.type().endsWith("StateEntered"))
                              .count()
                      + (int) timeoutCount
                      - 1);
          assertThat(deployment(env, "edge-1")).isNull();
          assertThat(env.store().get("releases/checkout/prod.json").text())
              .contains("Slipway.Cluster.Timeout");
          assertThat(env.store().list("locks/")).isEmpty();
        });
  }
}
