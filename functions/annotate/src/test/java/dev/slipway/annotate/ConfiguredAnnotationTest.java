package dev.slipway.annotate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.config.ConfigLoader;
import dev.slipway.local.embedded.GrafanaRecorder;
import dev.slipway.model.ConsoleLinks;
import dev.slipway.model.Json;
import dev.slipway.store.InMemoryArtifactStore;
import dev.slipway.store.Keys;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Annotate reads config/slipway.yaml's {@code grafana} block through the {@link ConfigLoader} from
 * the artifact store, the environment giving the defaults; what Grafana receives is checked on two
 * Grafana recorders over real HTTP: the stack's (the environment's) and the configured one.
 */
class ConfiguredAnnotationTest {
  private static final Instant START = Instant.parse("2026-11-26T21:00:05Z");
  private static final Instant END = Instant.parse("2026-11-26T21:42:17Z");
  // the deploy stages of events/annotate/end.json's waves: core [core-1], edge [edge-1, edge-2]
  private static final Instant CORE_DEPLOYED = Instant.parse("2026-11-26T21:00:40Z");
  private static final Instant CORE_READY = Instant.parse("2026-11-26T21:04:10Z");
  private static final Instant EDGE_DEPLOYED = Instant.parse("2026-11-26T21:40:12Z");
  private static final Instant EDGE_READY = Instant.parse("2026-11-26T21:41:55Z");
  private static final String STACK_TOKEN = "glsa_stack_default";
  private static final String CONFIGURED_TOKEN = "glsa_from_the_config_secret";
  private static final String EXECUTION =
      "arn:aws:states:us-east-1:123456789012:execution:slipway-release:checkout-prod-42-3f2a9c1";

  private GrafanaRecorder stack;
  private GrafanaRecorder configured;
  private final InMemoryArtifactStore store = new InMemoryArtifactStore();
  private final List<String> secretsRead = new java.util.ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    stack = GrafanaRecorder.start(STACK_TOKEN);
    configured = GrafanaRecorder.start(CONFIGURED_TOKEN);
  }

  @AfterEach
  void stop() {
    stack.close();
    configured.close();
  }

  /** The stack's environment: its Grafana, token secret, dashboard and panel. */
  private Map<String, String> env() {
    Map<String, String> env = new HashMap<>();
    env.put("SLIPWAY_GRAFANA_URL", stack.url().toString());
    env.put("SLIPWAY_GRAFANA_TOKEN_SECRET_ARN", "Slipway/grafana-token");
    env.put("SLIPWAY_GRAFANA_DASHBOARD_UID", "stack-dashboard");
    env.put("SLIPWAY_GRAFANA_PANEL_ID", "1");
    return env;
  }

  /** config/slipway.yaml in the bucket, with the given {@code grafana} block (null: none). */
  private void config(String grafanaBlock) {
    String yaml =
        "version: 1\n"
            + (grafanaBlock == null ? "" : "grafana:\n" + grafanaBlock.indent(2))
            + """
            clusters:
              - {name: core-1, kubeconfig: {}, namespace: checkout}
              - {name: edge-1, kubeconfig: {}, namespace: checkout}
              - {name: edge-2, kubeconfig: {}, namespace: checkout}
            applications:
              - name: checkout
                repo: acme/checkout
                releaseBranches: [main]
                environments:
                  - name: prod
                    waves: [{name: all, clusters: [core-1, edge-1, edge-2]}]
            """;
    store.put(Keys.CONFIG, yaml.getBytes(StandardCharsets.UTF_8), "application/yaml");
  }

  /** The configured Grafana's block in the given tag style. */
  private String configuredBlock(String extra) {
    return "url: "
        + configured.url()
        + "\ntokenSecret: slipway/grafana/releases\ndashboardUid: releases\npanelId: 4\n"
        + extra;
  }

  /** The handler as the function builds it, on {@code now}, over the bucket and secrets. */
  private AnnotateHandler handler(Instant now) {
    Clock clock = Clock.fixed(now, ZoneOffset.UTC);
    return new AnnotateHandler(
        new AnnotateWiring(handlerGrafana(now), new StoredAnnotationJournal(store), clock));
  }

  /** The Grafana the function resolves, on {@code now}. */
  private ConfiguredGrafana handlerGrafana(Instant now) {
    Clock clock = Clock.fixed(now, ZoneOffset.UTC);
    return new ConfiguredGrafana(
        AnnotateConfig.from(env()),
        Optional.of(new ConfigLoader(store, clock)),
        id -> {
          secretsRead.add(id);
          return Map.of(
                  "Slipway/grafana-token", STACK_TOKEN,
                  "slipway/grafana/releases", CONFIGURED_TOKEN)
              .get(id);
        });
  }

  private static AnnotateResult annotate(AnnotateHandler handler, String event) throws Exception {
    var out = new ByteArrayOutputStream();
    try (InputStream in = Files.newInputStream(Path.of("../../events/annotate/" + event))) {
      handler.handleRequest(in, out, null);
    }
    return Json.mapper().readValue(out.toByteArray(), AnnotateResult.class);
  }

  private static JsonNode json(String text) throws Exception {
    return Json.mapper().readTree(text);
  }

  private static String link() {
    return ConsoleLinks.execution(EXECUTION).orElseThrow();
  }

  /** {@code grafana} received the start annotation, with its token, pinned where given. */
  private static void assertAnnotatedWithItsToken(
      GrafanaRecorder grafana, String dashboardUid, long panelId) {
    GrafanaRecorder.Received post = grafana.received().get(0);
    assertThat(post.method() + " " + post.path()).isEqualTo("POST /api/annotations");
    assertThat(post.authorized()).isTrue();
    assertThat(post.body().get("dashboardUID").asText()).isEqualTo(dashboardUid);
    assertThat(post.body().get("panelId").asLong()).isEqualTo(panelId);
  }

  @Test
  void configuredGrafana_shouldReceiveTheAnnotation_atItsDashboardAndPanel_withItsToken()
      throws Exception {
    config(configuredBlock(""));

    AnnotateResult result = annotate(handler(START), "start.json");

    assertThat(result).isEqualTo(new AnnotateResult(1L, true, null));
    assertThat(stack.received()).isEmpty();
    assertAnnotatedWithItsToken(configured, "releases", 4L);
    assertThat(secretsRead).containsExactly("slipway/grafana/releases");
    assertThat(result.toString()).doesNotContain(CONFIGURED_TOKEN);
  }

  @Test
  void environment_shouldBeTheDefault_whenTheConfigHasNoGrafanaBlock() throws Exception {
    config(null);

    AnnotateResult result = annotate(handler(START), "start.json");

    assertThat(result.ok()).isTrue();
    assertThat(configured.received()).isEmpty();
    assertAnnotatedWithItsToken(stack, "stack-dashboard", 1L);
  }

  @Test
  void environment_shouldFillEachKeyTheBlockLeavesOut() throws Exception {
    config("dashboardUid: releases\n");

    annotate(handler(START), "start.json");

    assertAnnotatedWithItsToken(stack, "releases", 1L);
  }

  @Test
  void environment_shouldBeTheDefault_whenTheBucketHasNoConfiguration() throws Exception {
    AnnotateResult result = annotate(handler(START), "start.json");

    assertThat(result.ok()).isTrue();
    assertThat(stack.received()).hasSize(1);
  }

  @Test
  void invalidConfiguration_shouldBeReported_withoutFailingTheRelease() throws Exception {
    config(configuredBlock("tags: spinnaker\n"));

    AnnotateResult result = annotate(handler(START), "start.json");

    assertThat(result.ok()).isFalse();
    assertThat(result.detail())
        .startsWith("Slipway.Config.Invalid: config/slipway.yaml:")
        .contains("grafana.tags: 'spinnaker' is not one of: keyed, seed");
    assertThat(stack.received()).isEmpty();
    assertThat(configured.received()).isEmpty();
  }

  @Test
  void keyedStyle_isTheDefault_keyValueTagsAndAPointThatTheEndTurnsIntoARegion() throws Exception {
    config(configuredBlock(""));

    annotate(handler(START), "start.json");
    annotate(handler(END), "end.json");

    assertThat(configured.received().get(0).body())
        .isEqualTo(
            json(
                """
                {"time": %d, "dashboardUID": "releases", "panelId": 4,
                 "tags": ["deploy", "app:checkout", "repo:https://github.com/acme/checkout",
                          "branch:main", "build:42", "env:prod", "cluster:core-1",
                          "cluster:edge-1", "cluster:edge-2", "status:started"],
                 "text": "Deploy checkout start · build 42 · <a href=\\"%s\\">execution</a>"}
                """
                    .formatted(START.toEpochMilli(), link())));
    GrafanaRecorder.Received patch = configured.received().get(1);
    assertThat(patch.method()).isEqualTo("PATCH");
    assertThat(patch.path()).isEqualTo("/api/annotations/1");
    assertThat(patch.body().get("timeEnd").asLong()).isEqualTo(END.toEpochMilli());
    assertThat(patch.body().has("isRegion")).isFalse();
    assertThat(patch.body().get("tags").toString())
        .contains("\"env:prod\"", "\"status:succeeded\"");
  }

  @Test
  void seedStyle_shouldSendTheNotesAnnotation_bareTagsInTheirOrder_isRegion_deployTimes()
      throws Exception {
    config(configuredBlock("tags: seed\n"));

    annotate(handler(START), "start.json");
    AnnotateResult end = annotate(handler(END), "end.json");

    assertThat(end).isEqualTo(new AnnotateResult(1L, true, null));
    assertThat(configured.received())
        .extracting(GrafanaRecorder.Received::method)
        .containsExactly("POST", "PATCH");
    assertThat(configured.received().get(0).body())
        .isEqualTo(
            json(
                """
                {"isRegion": true, "time": %d, "timeEnd": %d,
                 "dashboardUID": "releases", "panelId": 4,
                 "tags": ["https://github.com/acme/checkout", "main", "42",
                          "core-1", "edge-1", "edge-2", "checkout", "deploy", "started"],
                 "text": "Deploy checkout start <a href=\\"%s\\">Build Link</a>"}
                """
                    .formatted(START.toEpochMilli(), START.toEpochMilli(), link())));
    assertThat(configured.received().get(1).path()).isEqualTo("/api/annotations/1");
    assertThat(configured.received().get(1).body())
        .isEqualTo(
            json(
                """
                {"isRegion": true, "time": %d, "timeEnd": %d,
                 "tags": ["https://github.com/acme/checkout", "main", "42",
                          "core-1", "edge-1", "edge-2", "checkout", "deploy", "succeeded"],
                 "text": "Deploy checkout end <a href=\\"%s\\">Build Link</a>"}
                """
                    .formatted(CORE_DEPLOYED.toEpochMilli(), EDGE_READY.toEpochMilli(), link())));
    // the region spans the deploy stage: the first wave's start to the last wave's rollout
    JsonNode stored = configured.annotations().get(1L);
    assertThat(stored.get("time").asLong()).isEqualTo(CORE_DEPLOYED.toEpochMilli());
    assertThat(stored.get("timeEnd").asLong()).isEqualTo(EDGE_READY.toEpochMilli());
  }

  @Test
  void seedStyle_shouldEndNow_whenTheWavesDidNotAllGoThrough() throws Exception {
    config(configuredBlock("tags: seed\n"));
    annotate(handler(START), "start.json");
    // a release that failed in its waves: the state machine's DeployStage never ran
    var failed =
        (com.fasterxml.jackson.databind.node.ObjectNode)
            json(Files.readString(Path.of("../../events/annotate/end.json")));
    failed.put("status", "rolled-back");
    ((com.fasterxml.jackson.databind.node.ObjectNode) failed.get("annotation")).remove("waves");

    handler(END)
        .handleRequest(
            new java.io.ByteArrayInputStream(Json.mapper().writeValueAsBytes(failed)),
            new ByteArrayOutputStream(),
            null);

    JsonNode patch = configured.received().get(1).body();
    assertThat(patch.has("time")).isFalse();
    assertThat(patch.get("timeEnd").asLong()).isEqualTo(END.toEpochMilli());
    JsonNode stored = configured.annotations().get(1L);
    assertThat(stored.get("time").asLong()).isEqualTo(START.toEpochMilli());
  }

  /** One annotation made per cluster (core-1, edge-1, edge-2), then each of them ended. */
  private void assertThreeMadeThenEachEnded() {
    assertThat(configured.received())
        .extracting(r -> r.method() + " " + r.path())
        .containsExactly(
            "POST /api/annotations",
            "POST /api/annotations",
            "POST /api/annotations",
            "PATCH /api/annotations/1",
            "PATCH /api/annotations/2",
            "PATCH /api/annotations/3");
  }

  @Test
  void perCluster_shouldMakeOneAnnotationPerCluster_andEndEachOne() throws Exception {
    config(configuredBlock("tags: seed\nperCluster: true\n"));

    AnnotateResult start = annotate(handler(START), "start.json");
    AnnotateResult end = annotate(handler(END), "end.json");

    assertThat(start).isEqualTo(new AnnotateResult(1L, true, null));
    assertThat(end).isEqualTo(new AnnotateResult(1L, true, null));
    List<GrafanaRecorder.Received> received = configured.received();
    assertThreeMadeThenEachEnded();
    assertThat(received.get(1).body().get("tags"))
        .isEqualTo(
            json(
                """
                ["https://github.com/acme/checkout", "main", "42", "edge-1", "checkout",
                 "deploy", "started"]
                """));
    Map<Long, JsonNode> annotations = configured.annotations();
    assertThat(annotations).hasSize(3);
    for (long id = 1; id <= 3; id++) {
      String cluster = List.of("core-1", "edge-1", "edge-2").get((int) id - 1);
      assertThat(annotations.get(id).get("tags"))
          .isEqualTo(
              json(
                  """
                  ["https://github.com/acme/checkout", "main", "42", "%s", "checkout",
                   "deploy", "succeeded"]
                  """
                      .formatted(cluster)));
      // each cluster's region spans its own wave's deploy stage
      boolean core = cluster.equals("core-1");
      assertThat(annotations.get(id).get("time").asLong())
          .isEqualTo((core ? CORE_DEPLOYED : EDGE_DEPLOYED).toEpochMilli());
      assertThat(annotations.get(id).get("timeEnd").asLong())
          .isEqualTo((core ? CORE_READY : EDGE_READY).toEpochMilli());
    }
    assertThat(StoredAnnotationJournal.find(store, "checkout", "42", "checkout-prod-42-3f2a9c1"))
        .contains(1L);
  }

  @Test
  void perCluster_shouldEndEveryJournaledAnnotation_whenTheEndNamesFewerClusters()
      throws Exception {
    config(configuredBlock("perCluster: true\n"));
    annotate(handler(START), "start.json");
    AnnotateRequest end =
        Json.mapper()
            .readValue(
                Files.readString(Path.of("../../events/annotate/end.json")), AnnotateRequest.class);
    // as the reconciliation sends it: only the clusters it rolled back
    AnnotateRequest reconciled =
        new AnnotateRequest(
            "end",
            end.app(),
            end.gitRepo(),
            end.gitBranch(),
            end.build(),
            end.environment(),
            List.of("core-1"),
            end.executionArn(),
            "timed-out",
            1L,
            end.startedAt(),
            null);

    AnnotateResult result =
        new AnnotateWiring(
                handlerGrafana(END),
                new StoredAnnotationJournal(store),
                Clock.fixed(END, ZoneOffset.UTC))
            .annotationService()
            .annotate(reconciled);

    assertThat(result).isEqualTo(new AnnotateResult(1L, true, null));
    assertThreeMadeThenEachEnded();
    assertThat(configured.annotations().get(3L).get("tags").toString())
        .contains("\"cluster:edge-2\"", "\"status:timed-out\"")
        .doesNotContain("core-1");
  }

  @Test
  void perCluster_shouldDrawEachClustersRegion_whenTheStartWasNeverJournaled() throws Exception {
    config(configuredBlock("perCluster: true\n"));

    annotate(handler(END), "end.json");

    assertThat(configured.received())
        .extracting(r -> r.method())
        .containsExactly("POST", "POST", "POST");
    for (JsonNode a : configured.annotations().values()) {
      assertThat(a.get("time").asLong())
          .isEqualTo(Instant.parse("2026-11-26T21:00:00Z").toEpochMilli());
      assertThat(a.get("timeEnd").asLong()).isEqualTo(END.toEpochMilli());
      assertThat(a.get("tags").toString()).containsOnlyOnce("cluster:");
    }
  }
}
