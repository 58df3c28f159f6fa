package dev.slipway.local.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The embedded API server over real HTTP. Its server-side apply is a shim (create-or-merge), not
 * real SSA: these tests check the shim's promises, not Kubernetes' field ownership.
 */
class EmbeddedClusterTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static EmbeddedCluster cluster;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() {
    cluster = EmbeddedCluster.start();
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  @Test
  void apply_shouldCreateThenMergeAndBumpGeneration_onlyWhenSpecChanges() throws Exception {
    var path = "/apis/apps/v1/namespaces/shop/deployments/web?fieldManager=slipway&force=false";

    var created = apply(path, deployment("web", "registry.example.com/web:1.0", 2));
    var relabelled =
        apply(
            path,
            "{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{\"name\":\"web\",\"labels\":{\"team\":\"shop\"}}}");
    var changed = apply(path, deployment("web", "registry.example.com/web:1.1", 2));

    assertThat(created.path("metadata").path("generation").asLong()).isEqualTo(1);
    assertThat(created.path("metadata").path("uid").asText()).isNotEmpty();
    assertThat(relabelled.path("metadata").path("generation").asLong()).isEqualTo(1);
    assertThat(relabelled.path("metadata").path("labels").path("team").asText()).isEqualTo("shop");
    assertThat(changed.path("metadata").path("generation").asLong()).isEqualTo(2);
    assertThat(changed.at("/spec/template/spec/containers/0/image").asText()).endsWith(":1.1");
  }

  @Test
  void simulator_shouldRollADeploymentOutStepByStep() throws Exception {
    apply(
        "/apis/apps/v1/namespaces/shop/deployments/api?fieldManager=slipway",
        deployment("api", "registry.example.com/api:2.0", 3));

    cluster.simulator().tick();
    var first = get("/apis/apps/v1/namespaces/shop/deployments/api");
    cluster.simulator().tick(4);
    var done = get("/apis/apps/v1/namespaces/shop/deployments/api");

    assertThat(first.at("/status/observedGeneration").asLong()).isEqualTo(1);
    assertThat(first.at("/status/updatedReplicas").asInt()).isEqualTo(1);
    assertThat(first.at("/status/availableReplicas").asInt()).isZero();
    assertThat(done.at("/status/updatedReplicas").asInt()).isEqualTo(3);
    assertThat(done.at("/status/availableReplicas").asInt()).isEqualTo(3);
    assertThat(done.at("/status/replicas").asInt()).isEqualTo(3);
    assertThat(get("/api/v1/namespaces/shop/pods?labelSelector=app%3Dapi").path("items"))
        .hasSize(3);
  }

  @Test
  void simulator_shouldCrashLoopAndExceedTheDeadline_whenTheImageSaysSo() throws Exception {
    var body =
        deployment("bad", "registry.example.com/bad:crashloop", 2)
            .replace("\"spec\":{", "\"spec\":{\"progressDeadlineSeconds\":30,");
    apply("/apis/apps/v1/namespaces/shop/deployments/bad?fieldManager=slipway", body);

    cluster.simulator().tick(5);
    var bad = get("/apis/apps/v1/namespaces/shop/deployments/bad");
    var pods = get("/api/v1/namespaces/shop/pods?labelSelector=app%3Dbad").path("items");
    var events = get("/api/v1/namespaces/shop/events").path("items");

    assertThat(bad.at("/status/conditions/1/reason").asText())
        .isEqualTo("ProgressDeadlineExceeded");
    assertThat(pods.get(0).at("/status/containerStatuses/0/state/waiting/reason").asText())
        .isEqualTo("CrashLoopBackOff");
    assertThat(events.findValuesAsText("reason")).contains("BackOff");
  }

  @Test
  void startTicking_shouldRollOutWithoutManualTicks() throws Exception {
    try (var ticking = EmbeddedCluster.start().startTicking(Duration.ofMillis(50))) {
      var url = ticking.url() + "/apis/apps/v1/namespaces/shop/deployments/auto";
      http.send(
          HttpRequest.newBuilder(URI.create(url + "?fieldManager=slipway"))
              .method("PATCH", HttpRequest.BodyPublishers.ofString(deployment("auto", "x:1", 2)))
              .header("Content-Type", "application/apply-patch+yaml")
              .build(),
          HttpResponse.BodyHandlers.ofString());

      JsonNode auto = null;
      // The ticker runs on its own thread; under a loaded machine a tick can come late, so wait
      // on a generous deadline rather than a count of polls.
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (System.nanoTime() < deadline) {
        auto =
            JSON.readTree(
                http.send(
                        HttpRequest.newBuilder(URI.create(url)).build(),
                        HttpResponse.BodyHandlers.ofString())
                    .body());
        if (auto.at("/status/availableReplicas").asInt() == 2) {
          break;
        }
        Thread.sleep(50);
      }

      assertThat(auto.at("/status/availableReplicas").asInt()).isEqualTo(2);
    }
  }

  @Test
  void faults_shouldAnswerWithTheInjectedStatus_thenServeNormally() throws Exception {
    cluster
        .faults()
        .status("GET", "/namespaces/faulty/", 503, "ServiceUnavailable", "etcd leader changed", 1);

    var first =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(cluster.url() + "/api/v1/namespaces/faulty/configmaps/x"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    var second =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(cluster.url() + "/api/v1/namespaces/faulty/configmaps/x"))
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(first.statusCode()).isEqualTo(503);
    assertThat(JSON.readTree(first.body()).path("message").asText())
        .isEqualTo("etcd leader changed");
    assertThat(second.statusCode()).isEqualTo(404);
  }

  @Test
  void faults_shouldCarryFieldManagerCauses_inAnApplyConflict() throws Exception {
    cluster
        .faults()
        .applyConflict(
            "/deployments/contested",
            "kubectl-client-side-apply",
            "apps/v1",
            List.of(".spec.replicas"),
            1);

    var response =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(
                        cluster.url()
                            + "/apis/apps/v1/namespaces/shop/deployments/contested?fieldManager=slipway"))
                .method(
                    "PATCH", HttpRequest.BodyPublishers.ofString(deployment("contested", "x:1", 1)))
                .header("Content-Type", "application/apply-patch+yaml")
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(409);
    assertThat(JSON.readTree(response.body()).at("/details/causes/0/field").asText())
        .isEqualTo(".spec.replicas");
  }

  private JsonNode apply(String path, String body) throws Exception {
    var response =
        http.send(
            HttpRequest.newBuilder(URI.create(cluster.url() + path))
                .method("PATCH", HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/apply-patch+yaml")
                .timeout(Duration.ofSeconds(10))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isBetween(200, 201);
    return JSON.readTree(response.body());
  }

  private JsonNode get(String path) throws Exception {
    var response =
        http.send(
            HttpRequest.newBuilder(URI.create(cluster.url() + path)).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  private static String deployment(String name, String image, int replicas) {
    return """
        {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"%1$s","namespace":"shop"},
         "spec":{"replicas":%3$d,"selector":{"matchLabels":{"app":"%1$s"}},
          "template":{"metadata":{"labels":{"app":"%1$s"}},"spec":{"containers":[{"name":"app","image":"%2$s"}]}}}}
        """
        .formatted(name, image, replicas);
  }
}
