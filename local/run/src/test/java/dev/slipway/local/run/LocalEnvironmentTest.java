package dev.slipway.local.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.model.Json;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local environment of {@code slipway run}, with the real handlers invoked one by one against
 * it as the release state machine would: the seeded bucket, the embedded clusters behind their
 * kubeconfigs, the Prometheus replay and the Grafana recorder.
 */
class LocalEnvironmentTest {
  static final Path EVENTS = Path.of("../../events");
  static final Instant START = Instant.parse("2026-11-27T09:00:00Z");

  @Test
  @DisplayName(
      "the demo is seeded, every configured cluster is up with its kubeconfig in the bucket")
  void start_shouldSeedTheDemoAndStartOneClusterPerConfiguredCluster() {
    try (var env = LocalEnvironment.start(RunOptions.demo(EVENTS, Scenario.HEALTHY), START)) {
      assertThat(env.store().list("templates/checkout/"))
          .containsExactly(
              "templates/checkout/configmap.yaml",
              "templates/checkout/deployment.yaml",
              "templates/checkout/service.yaml");
      assertThat(env.store().list("config/"))
          .containsExactly(
              "config/canary/catalog.json",
              "config/canary/checkout.json",
              "config/seed/canary.json", // the seed scenario's; its slipway.yaml is not uploaded
              "config/slipway.yaml");
      assertThat(env.store().list("releases/")).isEmpty();
      assertThat(env.clusters()).containsOnlyKeys("core-1", "edge-1", "edge-2");
      assertThat(env.store().get("kubeconfigs/edge-2").text())
          .contains("server: " + env.clusters().get("edge-2").url());
      assertThat(env.functionEnvironment())
          .containsEntry("SLIPWAY_BUCKET", RunOptions.DEFAULT_BUCKET)
          .containsEntry("AWS_REGION", "us-east-1")
          .containsEntry("SLIPWAY_S3_ENDPOINT", env.s3Endpoint().toString())
          .containsKeys("SLIPWAY_PROMETHEUS_URL", "SLIPWAY_GRAFANA_URL");
    }
  }

  @Test
  @DisplayName("--kubeconfig is uploaded as every configured cluster's kubeconfig, no embedded one")
  void start_shouldUploadTheGivenKubeconfigForEveryCluster(@TempDir Path dir) throws Exception {
    Path kubeconfig = dir.resolve("kubeconfig");
    Files.writeString(kubeconfig, "apiVersion: v1\nkind: Config\n# the real one\n");
    var options =
        new RunOptions(EVENTS, Scenario.HEALTHY, null, null, kubeconfig, null, null, null, null);
    try (var env = LocalEnvironment.start(options, START)) {
      assertThat(env.clusters()).isEmpty();
      for (String c : new String[] {"core-1", "edge-1", "edge-2"}) {
        assertThat(env.store().get("kubeconfigs/" + c).text()).contains("# the real one");
      }
    }
  }

  @Test
  @DisplayName("manifests, deploy, rollout, canary, annotate: the real handlers on the environment")
  void handlers_shouldReleaseToAnEmbeddedCluster_whenInvokedOneByOne() throws Exception {
    try (var env = LocalEnvironment.start(RunOptions.demo(EVENTS, Scenario.HEALTHY), START)) {
      var meter = new Meter();
      Map<String, Object> fns = LocalFunctions.handlers(env, new LocalExecutions(), meter);

      JsonNode manifests = invoke(fns, "ManifestsFunctionArn", manifestRequest());
      assertThat(env.store().list("artifacts/checkout/101/manifests/"))
          .contains("artifacts/checkout/101/manifests/core-1.yaml");
      assertThat(manifests.toString()).contains("core-1");

      JsonNode deployed = invoke(fns, "DeployFunctionArn", deployRequest("core-1"));
      assertThat(
              ReleaseScenarioTest.deployment(env, "core-1")
                  .getSpec()
                  .getTemplate()
                  .getSpec()
                  .getContainers()
                  .get(0)
                  .getImage())
          .isEqualTo("registry.example.com/acme/checkout:101");

      String status = pollRollout(env, fns, deployed);
      assertThat(status).isEqualTo("DONE");

      Instant rolledOut = env.clock().instant();
      env.advanceTo(rolledOut.plus(Duration.ofMinutes(36)));
      JsonNode canary = invoke(fns, "CanaryFunctionArn", canaryInput(rolledOut));
      assertThat(canary.path("verdict").asText()).isEqualTo("Pass");
      assertThat(env.store().find(canary.path("reportKey").asText())).isPresent();

      invoke(fns, "AnnotateFunctionArn", Files.readString(EVENTS.resolve("annotate/start.json")));
      assertThat(env.grafana().orElseThrow().received()).hasSize(1);

      assertThat(meter.invocations())
          .extracting(Meter.Invocation::function)
          .contains("manifests", "deploy", "rollout", "canary", "annotate");
    }
  }

  @Test
  @DisplayName(
      "crashloop: the rollout fails with the pods' reason, rollback removes a first release")
  void handlers_shouldFailTheRolloutAndRollBack_whenThePodsCrashLoop() throws Exception {
    try (var env = LocalEnvironment.start(RunOptions.demo(EVENTS, Scenario.CRASHLOOP), START)) {
      Map<String, Object> fns = LocalFunctions.handlers(env, new LocalExecutions(), new Meter());
      invoke(fns, "ManifestsFunctionArn", manifestRequest());
      JsonNode deployed = invoke(fns, "DeployFunctionArn", deployRequest("core-1"));

      String status = pollRollout(env, fns, deployed);

      assertThat(status).isEqualTo("FAILED");
      assertThat(lastRollout.toString()).contains("CrashLoopBackOff");
      invoke(fns, "RollbackFunctionArn", deployRequest("core-1"));
      assertThat(ReleaseScenarioTest.deployment(env, "core-1")).isNull();
    }
  }

  private JsonNode lastRollout;

  private String pollRollout(LocalEnvironment env, Map<String, Object> fns, JsonNode deployed)
      throws Exception {
    ObjectNode request = Json.mapper().createObjectNode();
    request.set("cluster", cluster("core-1"));
    request.set(
        "objects", deployed.path("workloads")); // the deploy keeps only workloads in the state
    for (int poll = 0; poll < 60; poll++) {
      env.advanceTo(env.clock().instant().plus(Duration.ofSeconds(10)));
      lastRollout = invoke(fns, "RolloutFunctionArn", request.toString());
      String status = lastRollout.path("status").asText();
      if (!status.equals("IN_PROGRESS")) {
        return status;
      }
    }
    return "IN_PROGRESS";
  }

  static JsonNode cluster(String name) {
    ObjectNode c = Json.mapper().createObjectNode();
    c.put("name", name);
    c.putObject("kubeconfig").put("key", "kubeconfigs/" + name);
    c.put("namespace", "checkout");
    return c;
  }

  static String manifestRequest() throws Exception {
    ObjectNode r =
        (ObjectNode) Json.mapper().readTree(EVENTS.resolve("demo/releases/healthy.json").toFile());
    r.putArray("clusters").add("core-1").add("edge-1").add("edge-2");
    r.put("execution_arn", "arn:aws:states:us-east-1:123456789012:execution:slipway:demo-101");
    // what Plan passes on from config/slipway.yaml: each cluster's namespace (the confinement's)
    ObjectNode namespaces = r.putObject("settings").putObject("namespaces");
    List.of("core-1", "edge-1", "edge-2").forEach(c -> namespaces.put(c, "checkout"));
    return r.toString();
  }

  static String deployRequest(String cluster) {
    ObjectNode r = Json.mapper().createObjectNode();
    r.put("app", "checkout");
    r.put("execution", "demo-101");
    r.set("cluster", cluster(cluster));
    r.put("manifestKey", "artifacts/checkout/101/manifests/" + cluster + ".yaml");
    return r.toString();
  }

  static String canaryInput(Instant rolledOut) {
    ObjectNode r = Json.mapper().createObjectNode();
    r.put("app", "checkout");
    r.put("build", "101");
    r.put("wave", "core");
    r.put("cluster", "core-1");
    r.put("version", "101");
    r.put("releaseStartedAt", START.toString());
    r.put("rolloutFinishedAt", rolledOut.toString());
    r.put("canaryConfigKey", "config/canary/checkout.json");
    ObjectNode a = r.putObject("analysis");
    a.put("window", "30m");
    a.put("step", "60s");
    a.put("bakeDelay", "5m");
    return r.toString();
  }

  static JsonNode invoke(Map<String, Object> fns, String placeholder, String input)
      throws Exception {
    var out = new ByteArrayOutputStream();
    ((RequestStreamHandler) fns.get(placeholder))
        .handleRequest(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), out, null);
    return Json.mapper().readTree(out.toByteArray());
  }
}
