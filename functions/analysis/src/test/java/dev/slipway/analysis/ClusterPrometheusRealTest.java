package dev.slipway.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.config.ConfigLoader;
import dev.slipway.judge.NetflixAcaJudge;
import dev.slipway.model.TerminalStepException;
import dev.slipway.store.InMemoryArtifactStore;
import dev.slipway.store.Keys;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Each cluster's canary queries its own Prometheus, as config/slipway.yaml says, against two real
 * Prometheus servers: "core" holds the healthy core-1 cluster; "thanos" serves two edge clusters
 * (prod-edge-1 got slower after the release, prod-edge-2 did not), told apart by each cluster's
 * extraLabels in the canary's %(commonPromFilters)s.
 */
class ClusterPrometheusRealTest {
  static final Path CANARY_CONFIG = Path.of("../../events/canary/cluster/canary-config.json");
  static final String CANARY_KEY = "config/canary/search.json";
  static final String NOWHERE = "http://127.0.0.1:1";

  static Scenario scenario;
  static RealPrometheus core;
  static RealPrometheus thanos;

  final InMemoryArtifactStore store = new InMemoryArtifactStore();
  int builds;

  @BeforeAll
  static void start() throws Exception {
    scenario = new Scenario(Clock.systemUTC());
    OpenMetricsData.Behaviour normal = new OpenMetricsData.Behaviour(20, 0.2, 0.005);
    OpenMetricsData.Behaviour slower = new OpenMetricsData.Behaviour(20, 0.4, 0.005);
    core =
        RealPrometheus.start(
            data(List.of(new OpenMetricsData.App("search", "prod-core-1", normal, normal))));
    thanos =
        RealPrometheus.start(
            data(
                List.of(
                    new OpenMetricsData.App("search", "prod-edge-1", normal, slower),
                    new OpenMetricsData.App("search", "prod-edge-2", normal, normal))));
  }

  static String data(List<OpenMetricsData.App> apps) {
    return OpenMetricsData.generate(
        apps,
        scenario.releaseAt.minus(Duration.ofMinutes(90)),
        scenario.releaseAt.plus(Duration.ofMinutes(60)),
        scenario.releaseAt.plus(Duration.ofMinutes(1)),
        42);
  }

  @AfterAll
  static void stop() throws Exception {
    for (RealPrometheus p : new RealPrometheus[] {core, thanos}) {
      if (p != null) {
        p.close();
      }
    }
  }

  /** A config/slipway.yaml: core-1 without a block, edge-1 and edge-2 on the Thanos. */
  static String slipwayYaml(String topLevel) {
    return "version: 1\n"
        + (topLevel == null ? "" : "prometheus:\n  url: " + topLevel + "\n")
        + """
        clusters:
          - name: core-1
            kubeconfig: {}
            namespace: search
          - name: edge-1
            kubeconfig: {}
            namespace: search
            prometheus:
              url: %1$s
              extraLabels: {cluster: prod-edge-1}
          - name: edge-2
            kubeconfig: {}
            namespace: search
            prometheus:
              url: %1$s
              extraLabels: {cluster: prod-edge-2}
        applications:
          - name: search
            repo: acme/search
            releaseBranches: [main]
            environments:
              - name: prod
                waves:
                  - {name: core, clusters: [core-1]}
                  - {name: edge, clusters: [edge-1, edge-2]}
        """
            .formatted(thanos.url());
  }

  /** The canary service as the wiring builds it, over this store and {@code stackDefault}. */
  CanaryService service(String yaml, String stackDefault) throws Exception {
    Map<String, String> env =
        stackDefault == null ? Map.of() : Map.of("SLIPWAY_PROMETHEUS_URL", stackDefault);
    return service(
        yaml,
        env,
        secret -> {
          throw new AssertionError("no secret configured");
        });
  }

  CanaryService service(
      String yaml, Map<String, String> env, Function<String, PrometheusEndpoint.Auth> secrets)
      throws Exception {
    store.put(Keys.CONFIG, yaml.getBytes(StandardCharsets.UTF_8), "application/yaml");
    store.put(CANARY_KEY, Files.readAllBytes(CANARY_CONFIG), "application/json");
    return new CanaryService(
        new ClusterPrometheus(
            new ConfigLoader(store, Clock.systemUTC(), Duration.ZERO, Keys.CONFIG),
            AnalysisConfig.fromEnvironment(env),
            secrets,
            PrometheusHttpClient::new),
        new NetflixAcaJudge(new SplittableRandom(7)),
        store,
        Clock.systemUTC());
  }

  /** One canary of {@code cluster}; its verdict and the endpoint its report names. */
  record Run(String verdict, String report) {}

  Run canary(CanaryService service, String cluster) {
    CanaryStateOutput out = gate(service, cluster, null);
    return new Run(out.verdict(), store.get(out.reportKey()).text());
  }

  /** One canary state of {@code cluster} or of the gate's {@code clusters}. */
  CanaryStateOutput gate(CanaryService service, String cluster, List<String> clusters) {
    String build = Integer.toString(++builds);
    return service.run(
        new CanaryStateInput(
            "search",
            build,
            "w",
            cluster,
            clusters,
            "1.1.0",
            scenario.releaseAt,
            scenario.rolloutDoneAt,
            null,
            CANARY_KEY,
            null,
            Map.of()));
  }

  @Test
  void aGateOfThreeClusters_shouldJudgeEachOnItsOwnPrometheus_andFailOnTheOneThatRegressed()
      throws Exception {
    CanaryService service = service(slipwayYaml(core.url()), NOWHERE);

    CanaryStateOutput out = gate(service, null, List.of("core-1", "edge-1", "edge-2"));

    // prod-edge-1 got slower: the wave fails although core-1 and edge-2 pass
    assertThat(out.verdict()).isEqualTo("Fail");
    assertThat(out.clusterCount()).isEqualTo(3);
    assertThat(out.clusters())
        .extracting(
            CanaryStateOutput.ClusterVerdict::cluster, CanaryStateOutput.ClusterVerdict::verdict)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("core-1", "Pass"),
            org.assertj.core.groups.Tuple.tuple("edge-1", "Fail"),
            org.assertj.core.groups.Tuple.tuple("edge-2", "Pass"));
    assertThat(out.score()).isEqualTo(out.clusters().get(1).score());
    assertThat(out.summary())
        .startsWith("Fail — 2 of 3 gate clusters passed: edge-1 Fail")
        .contains(". edge-1: Fail — score");
    assertThat(out.deviations()).anySatisfy(d -> assertThat(d.cluster()).isEqualTo("edge-1"));
    // one report, the clusters side by side, each section from its own Prometheus
    String report = store.get(out.reportKey()).text();
    assertThat(report)
        .contains("<h2>Clusters</h2>")
        .contains("cluster core-1 · Pass")
        .contains("cluster edge-1 · Fail")
        .contains("cluster edge-2 · Pass")
        .contains("core-1: " + core.url())
        .contains("edge-1: " + thanos.url());
    // one judge result, per cluster
    var result = dev.slipway.model.Json.mapper().readTree(store.get(out.resultKey()).text());
    assertThat(result.path("verdict").asText()).isEqualTo("Fail");
    assertThat(result.at("/clusters/1/cluster").asText()).isEqualTo("edge-1");
    assertThat(result.at("/clusters/1/result/score/classification").asText()).isEqualTo("Fail");
    assertThat(result.at("/clusters/0/result/score/classification").asText()).isEqualTo("Pass");

    // the subset without the slow cluster passes
    CanaryStateOutput subset = gate(service, null, List.of("core-1", "edge-2"));
    assertThat(subset.verdict()).isEqualTo("Pass");
    assertThat(subset.clusterCount()).isEqualTo(2);
  }

  @Test
  void eachCluster_shouldQueryItsOwnPrometheus_selectingItsSeriesWithItsExtraLabels()
      throws Exception {
    // the stack's default points nowhere: the file's blocks must win over it
    CanaryService service = service(slipwayYaml(core.url()), NOWHERE);

    Run edge1 = canary(service, "edge-1");
    Run edge2 = canary(service, "edge-2");
    Run core1 = canary(service, "core-1");

    // prod-edge-1 got slower on the Thanos; core's data is healthy everywhere
    assertThat(edge1.verdict()).isEqualTo("Fail");
    assertThat(edge1.report()).contains(thanos.url()).doesNotContain(core.url());
    assertThat(edge2.verdict()).isEqualTo("Pass");
    assertThat(edge2.report()).contains(thanos.url());
    // no block of its own: the top-level one, not the stack's default
    assertThat(core1.verdict()).isEqualTo("Pass");
    assertThat(core1.report()).contains(core.url()).doesNotContain(thanos.url());
  }

  @Test
  void aClusterWithoutBlock_shouldFallBackToTheTopLevel_thenTheStackDefault_thenSayWhatIsMissing()
      throws Exception {
    // no top-level block: the stack's default (SLIPWAY_PROMETHEUS_URL) serves core-1
    CanaryService service = service(slipwayYaml(null), core.url());
    Run core1 = canary(service, "core-1");
    assertThat(core1.verdict()).isEqualTo("Pass");
    assertThat(core1.report()).contains(core.url());
    // a cluster the file does not know (an older input) gets the same default
    assertThat(canary(service, "prod-1").report()).contains(core.url());
    assertThat(canary(service, "edge-1").verdict()).isEqualTo("Fail");

    // neither a block nor a default: named, and the other clusters still work
    CanaryService without = service(slipwayYaml(null), null);
    assertThatThrownBy(() -> canary(without, "core-1"))
        .isInstanceOf(TerminalStepException.class)
        .hasMessageStartingWith(CanaryErrors.NO_PROMETHEUS)
        .hasMessageContaining("cluster 'core-1'")
        .hasMessageContaining("SLIPWAY_PROMETHEUS_URL");
    assertThat(canary(without, "edge-2").verdict()).isEqualTo("Pass");
  }

  @Test
  void aChangedFile_shouldMoveTheClusterToItsNewPrometheus() throws Exception {
    CanaryService service = service(slipwayYaml(core.url()), NOWHERE);
    assertThat(canary(service, "core-1").report()).contains(core.url());

    // core-1 gets a block of its own on the Thanos, selecting prod-edge-1's (slower) series
    String moved =
        slipwayYaml(core.url())
            .replace(
                "  - name: core-1\n    kubeconfig: {}\n    namespace: search\n",
                "  - name: core-1\n    kubeconfig: {}\n    namespace: search\n    prometheus:\n"
                    + "      url: "
                    + thanos.url()
                    + "\n      extraLabels: {cluster: prod-edge-1}\n");
    assertThat(moved).contains("core-1\n    kubeconfig: {}\n    namespace: search\n    prom");
    store.put(Keys.CONFIG, moved.getBytes(StandardCharsets.UTF_8), "application/yaml");

    Run after = canary(service, "core-1");
    assertThat(after.verdict()).isEqualTo("Fail");
    assertThat(after.report()).contains(thanos.url());
  }

  @Test
  void aBlocksCredentialsAndHeaders_shouldGoToItsEndpointOnly_neverIntoMessages() throws Exception {
    List<String> secretsRead = new ArrayList<>();
    String token = "tok-" + new SplittableRandom().nextLong();
    try (FakePrometheus gateway = new FakePrometheus().answer(401, "unauthorized")) {
      String yaml =
          slipwayYaml(core.url())
              .replace(
                  "      url: " + thanos.url() + "\n      extraLabels: {cluster: prod-edge-1}",
                  "      url: "
                      + gateway.url()
                      + "\n      authSecret: slipway/prometheus/edge-1"
                      + "\n      headers: {THANOS-TENANT: search}"
                      + "\n      extraLabels: {cluster: prod-edge-1}");
      CanaryService service =
          service(
              yaml,
              Map.of(),
              secret -> {
                secretsRead.add(secret);
                return new PrometheusEndpoint.Bearer(token);
              });

      for (int i = 0; i < 2; i++) {
        assertThatThrownBy(() -> canary(service, "edge-1"))
            .hasMessageStartingWith(CanaryErrors.METRICS_ACCESS_DENIED)
            .hasMessageContaining(gateway.url())
            .hasMessageNotContaining(token);
      }
      // the healthy cluster next door is untouched by edge-1's credentials
      assertThat(canary(service, "core-1").verdict()).isEqualTo("Pass");

      assertThat(gateway.requests)
          .isNotEmpty()
          .allSatisfy(
              r -> {
                assertThat(r.headers()).containsEntry("authorization", "Bearer " + token);
                assertThat(r.headers()).containsEntry("thanos-tenant", "search");
                assertThat(r.params().get("query")).contains("cluster=\"prod-edge-1\"");
              });
      // read once per container and block, not once per canary
      assertThat(secretsRead).containsExactly("slipway/prometheus/edge-1");
    }
  }
}
