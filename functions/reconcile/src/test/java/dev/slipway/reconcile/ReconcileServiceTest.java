package dev.slipway.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.annotate.AnnotateRequest;
import dev.slipway.annotate.AnnotationService;
import dev.slipway.annotate.HttpGrafanaClient;
import dev.slipway.annotate.StoredAnnotationJournal;
import dev.slipway.config.ConfigLoader;
import dev.slipway.deploy.ClusterRef;
import dev.slipway.deploy.DeployConfig;
import dev.slipway.deploy.DeployService;
import dev.slipway.deploy.DeployWiring;
import dev.slipway.deploy.access.ClusterConnector;
import dev.slipway.local.cluster.EmbeddedCluster;
import dev.slipway.local.cluster.RolloutSimulator;
import dev.slipway.local.embedded.GrafanaRecorder;
import dev.slipway.model.Json;
import dev.slipway.model.TerminalStepException;
import dev.slipway.pipeline.AppLock;
import dev.slipway.pipeline.LockRequest;
import dev.slipway.pipeline.ReleaseRecords;
import dev.slipway.store.EmbeddedS3;
import dev.slipway.store.Keys;
import dev.slipway.store.S3ArtifactStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;

/**
 * Reconciliation against the embedded S3 (S3Proxy) and the embedded API server: a release that
 * deployed to core-1 and then ended where its own states could not clean up.
 */
class ReconcileServiceTest {
  @RegisterExtension static final EmbeddedS3 s3 = EmbeddedS3.perClass();

  private static final String TOKEN = "glsa_reconcile";
  private static final Instant NOW = Instant.parse("2026-11-26T23:00:05Z");
  private static final String NAME = "checkout-prod-142-9f2c4e1";
  private static final String ARN =
      "arn:aws:states:us-east-1:123456789012:execution:slipway-release:" + NAME;
  private static final String PREVIOUS = "checkout-prod-141-0aa1b2c";
  private static final String NEWER = "checkout-prod-143-7d8e9f0";
  private static final String NEWER_ARN =
      "arn:aws:states:us-east-1:123456789012:execution:slipway-release:" + NEWER;

  private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
  private final List<String> published = new ArrayList<>();

  /** What DescribeExecution answers for the execution's input (null: nothing). */
  private String describedInput;

  private EmbeddedCluster cluster;
  private GrafanaRecorder grafana;
  private S3ArtifactStore store;
  private DeployService deploy;
  private AppLock lock;
  private ReleaseRecords records;
  private ReconcileService service;

  @BeforeEach
  void start() throws Exception {
    cluster = EmbeddedCluster.start();
    grafana = GrafanaRecorder.start(TOKEN);
    store = new S3ArtifactStore(s3.client(), s3.createBucket("reconcile"));
    store.put(
        Keys.kubeconfig("core-1"),
        cluster.kubeconfig("core-1").getBytes(StandardCharsets.UTF_8),
        "application/yaml");
    store.put(Keys.CONFIG, config(), "application/yaml");
    // core-1 is a kubeconfig cluster: no EKS, no role, the embedded API server's token
    var anonymous = AnonymousCredentialsProvider.create();
    var timeouts = new ClusterConnector.Timeouts(Duration.ofSeconds(1), Duration.ofSeconds(2));
    var settings = new DeployConfig(timeouts.connect(), timeouts.read(), 4);
    var connector =
        new ClusterConnector(store, null, (role, region) -> anonymous, anonymous, clock, timeouts);
    var module = new DeployWiring(store, connector, settings, clock);
    deploy = module.deployService();
    // the executions reconciled here have ended; the lock's holders are looked up as such
    lock = new AppLock(store, arn -> Optional.of("TIMED_OUT"), clock, 30, 30, 300);
    records = new ReleaseRecords(store, (s, m) -> published.add(s + "\n" + m), clock, k -> k);
    service =
        new ReconcileService(
                store,
                new ConfigLoader(store, clock),
                module.rollbackService(),
                annotations(),
                lock,
                records,
                (s, m) -> published.add(s + "\n" + m),
                new ExecutionHistory() {
                  @Override
                  public Optional<String> lastStateEntered(String executionArn) {
                    return Optional.of("Bake");
                  }

                  @Override
                  public Optional<String> input(String executionArn) {
                    return Optional.ofNullable(describedInput);
                  }
                },
                clock)
            .sleepingWith(
                d -> {
                  // time passes for the cluster's controllers between two polls
                  waits++;
                  cluster.simulator().tick();
                });
  }

  /** How often reconcile let time pass while it waited for the rolled-back workloads. */
  private int waits;

  @AfterEach
  void stop() {
    cluster.close();
    grafana.close();
  }

  @Test
  void timedOut_shouldRollBackCore1_recordTimedOut_closeTheAnnotation_andReleaseTheLock()
      throws Exception {
    long annotation = releaseOnCore1();
    assertThat(image()).isEqualTo("registry.example.com/checkout:2.0");

    ReconcileResult result = service.reconcile(event("timed-out.json"));

    assertThat(result.action()).isEqualTo("reconciled");
    assertThat(result.outcome()).isEqualTo("timed-out");
    assertThat(result.rolledBack()).containsExactly("core-1");
    assertThat(image()).isEqualTo("registry.example.com/checkout:1.0");
    JsonNode entry = record().at("/history/0");
    assertThat(entry.path("executionArn").asText()).isEqualTo(ARN);
    assertThat(entry.path("status").asText()).isEqualTo("timed-out");
    assertThat(entry.path("lastState").asText()).isEqualTo("Bake");
    assertThat(entry.at("/rollback/0/cluster").asText()).isEqualTo("core-1");
    // it waited for build 141's pods to be ready again, and says so
    assertThat(entry.at("/rollback/0/ready").asBoolean()).isTrue();
    assertThat(entry.path("restoredReady").asBoolean()).isTrue();
    assertThat(waits).isPositive();
    assertThat(entry.at("/failure/error").asText()).isEqualTo("Slipway.Release.TimedOut");
    assertThat(entry.at("/failure/cause").asText())
        .contains("timeout in state Bake")
        .contains("rolled back 1 cluster(s)");
    assertThat(record().path("live").isNull()).isTrue();
    assertThat(grafana.annotations().get(annotation).has("timeEnd")).isTrue();
    assertThat(grafana.annotations().get(annotation).path("tags").toString())
        .contains("status:timed-out");
    assertThat(result.annotationClosed()).isTrue();
    assertThat(store.find(Keys.lock("checkout"))).isEmpty();
    assertThat(result.lockReleased()).isTrue();
    assertThat(published)
        .singleElement()
        .asString()
        .startsWith("Slipway: checkout build 142 to prod timed-out (reconciled)");
  }

  @Test
  void restoredWorkloadsThatDoNotComeBack_shouldBeRecordedNotReady_afterABoundedWait()
      throws Exception {
    releaseOnCore1();
    // the old build's pods crash too now: the rollback re-applies it, but it never gets ready
    cluster
        .simulator()
        .fail("Deployment", "checkout", "checkout", RolloutSimulator.Failure.CRASH_LOOP_BACK_OFF);

    ReconcileResult result = service.reconcile(event("timed-out.json"));

    assertThat(result.rolledBack()).containsExactly("core-1");
    assertThat(image()).isEqualTo("registry.example.com/checkout:1.0");
    JsonNode entry = record().at("/history/0");
    assertThat(entry.at("/rollback/0/ready").asBoolean()).isFalse();
    assertThat(entry.at("/rollback/0/notReady").asText()).isNotBlank();
    assertThat(entry.path("restoredReady").asBoolean()).isFalse();
    // at most the app's rollout deadline (600 + 120 s), one poll every 10 s
    assertThat(waits).isLessThanOrEqualTo(720 / 10);
  }

  @ParameterizedTest(name = "{0} s of the invocation left: at most {1} waits")
  @CsvSource({"150, 6", "60, 0"})
  void waitForRestoredWorkloads_shouldEndBeforeTheInvocationDoes_soTheRecordIsWritten(
      int secondsLeft, int maxWaits) throws Exception {
    releaseOnCore1();
    cluster
        .simulator()
        .fail("Deployment", "checkout", "checkout", RolloutSimulator.Failure.CRASH_LOOP_BACK_OFF);

    ReconcileResult result =
        service.reconcile(event("timed-out.json"), Duration.ofSeconds(secondsLeft));

    // 90 s stay for the record, the lock, the annotation and the notification
    assertThat(waits).isLessThanOrEqualTo(maxWaits);
    assertThat(result.rolledBack()).containsExactly("core-1");
    JsonNode entry = record().at("/history/0");
    assertThat(entry.at("/rollback/0/ready").asBoolean()).isFalse();
    assertThat(entry.path("restoredReady").asBoolean()).isFalse();
    assertThat(store.find(Keys.lock("checkout"))).isEmpty();
  }

  @Test
  void sameEventTwice_shouldReconcileOnce() throws Exception {
    releaseOnCore1();

    ReconcileResult first = service.reconcile(event("timed-out.json"));
    // were the second delivery to roll back again, it would undo this fix made by hand
    deployBuild("hand-fix", "142", "2.1");
    ReconcileResult second = service.reconcile(event("timed-out.json"));

    assertThat(first.action()).isEqualTo("reconciled");
    assertThat(second.action()).isEqualTo("duplicate");
    assertThat(second.rolledBack()).isEmpty();
    assertThat(image()).isEqualTo("registry.example.com/checkout:2.1");
    assertThat(record().path("history")).hasSize(1);
    assertThat(published).hasSize(1);
    assertThat(
            Json.mapper()
                .readTree(store.get(Keys.reconciled("checkout", "142", NAME)).body())
                .path("state")
                .asText())
        .isEqualTo("done");
  }

  @Test
  void executionThatCleanedUpItself_shouldBeLeftAlone() throws Exception {
    releaseOnCore1();
    // its own Catch path: record, then unlock, then the Fail state ends it FAILED
    recordedByItself("failed");
    lock.release(new LockRequest("checkout", ARN, 0));

    ReconcileResult result = service.reconcile(event("failed.json"));

    assertThat(result.action()).isEqualTo("already-recorded");
    assertThat(result.lockReleased()).isFalse();
    assertThat(image()).isEqualTo("registry.example.com/checkout:2.0");
    assertThat(record().path("history")).hasSize(1);
    assertThat(published).isEmpty();
  }

  @Test
  void recordedButLockStillHeld_shouldOnlyReleaseTheLock() throws Exception {
    startRelease();
    recordedByItself("rolled-back");

    ReconcileResult result = service.reconcile(event("timed-out.json"));

    assertThat(result.action()).isEqualTo("already-recorded");
    assertThat(result.lockReleased()).isTrue();
    assertThat(store.find(Keys.lock("checkout"))).isEmpty();
    assertThat(record().path("history")).hasSize(1);
  }

  @Test
  void newerReleaseHoldingTheLock_shouldNotBeRolledBackOver_andTheRecordSaysWhy() throws Exception {
    releaseOnCore1();
    // the next release took over the orphaned lock and deployed its own build
    assertThat(lock.acquire(new LockRequest("checkout", NEWER_ARN, 0)).acquired()).isTrue();
    deployBuild(NEWER, "143", "3.0");

    ReconcileResult result = service.reconcile(event("timed-out.json"));

    assertThat(result.action()).isEqualTo("reconciled");
    assertThat(result.rolledBack()).isEmpty();
    assertThat(image()).isEqualTo("registry.example.com/checkout:3.0");
    assertThat(result.rollbackSkipped()).contains("holds the lock").contains(NEWER_ARN);
    JsonNode entry = record().at("/history/0");
    assertThat(entry.path("status").asText()).isEqualTo("timed-out");
    assertThat(entry.path("rollbackSkipped").asText())
        .contains(NEWER_ARN)
        .contains("would undo it")
        .contains("core-1");
    assertThat(store.find(Keys.lock("checkout"))).isPresent();
    assertThat(result.lockReleased()).isFalse();
  }

  @Test
  void laterReleaseInTheRecord_shouldNotBeRolledBackOver() throws Exception {
    releaseOnCore1();
    lock.release(new LockRequest("checkout", ARN, 0));
    ObjectNode later = Json.mapper().createObjectNode();
    later.put("executionArn", NEWER_ARN).put("build", "143").put("status", "succeeded");
    later.put("startedAt", "2026-11-26T22:30:00Z");
    later.putObject("liveWhere").put("core-1", "143");
    records.append("checkout", "prod", later);
    deployBuild(NEWER, "143", "3.0");

    ReconcileResult result = service.reconcile(event("timed-out.json"));

    assertThat(result.rolledBack()).isEmpty();
    assertThat(result.rollbackSkipped()).contains("build 143").contains("already reached");
    assertThat(image()).isEqualTo("registry.example.com/checkout:3.0");
  }

  @Test
  void laterReleaseThatNeverGotTheLock_shouldNotStopTheRollback() throws Exception {
    releaseOnCore1();
    ObjectNode busy = Json.mapper().createObjectNode();
    busy.put("executionArn", NEWER_ARN).put("build", "143").put("status", "failed");
    busy.put("startedAt", "2026-11-26T22:30:00Z");
    busy.putObject("liveWhere");
    busy.putObject("failure").put("error", "Slipway.Lock.Busy");
    records.append("checkout", "prod", busy);

    ReconcileResult result = service.reconcile(event("timed-out.json"));

    assertThat(result.rolledBack()).containsExactly("core-1");
    assertThat(image()).isEqualTo("registry.example.com/checkout:1.0");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "aborted.json, aborted, Slipway.Release.Stopped",
    "failed.json, failed, States.DataLimitExceeded"
  })
  void otherEndings_shouldBeRecordedWithTheirOutcome(String file, String outcome, String error)
      throws Exception {
    releaseOnCore1();

    ReconcileResult result = service.reconcile(event(file));

    assertThat(result.outcome()).isEqualTo(outcome);
    assertThat(image()).isEqualTo("registry.example.com/checkout:1.0");
    JsonNode entry = record().at("/history/0");
    assertThat(entry.path("status").asText()).isEqualTo(outcome);
    assertThat(entry.at("/failure/error").asText()).isEqualTo(error);
    if (outcome.equals("aborted")) {
      assertThat(entry.at("/stoppedWith/cause").asText()).contains("stopped by alice");
    }
  }

  @Test
  void releaseThatNeverReachedACluster_shouldOnlyBeRecordedAndUnlocked() throws Exception {
    lock.acquire(new LockRequest("checkout", ARN, 0));

    ReconcileResult result = service.reconcile(event("timed-out.json"));

    assertThat(result.rolledBack()).isEmpty();
    assertThat(result.rollbackSkipped()).isNull();
    assertThat(result.lockReleased()).isTrue();
    assertThat(grafana.annotations()).isEmpty();
    assertThat(record().at("/history/0/status").asText()).isEqualTo("timed-out");
  }

  @Test
  void anInputTooLargeForTheEvent_shouldBeReadWithDescribeExecution() throws Exception {
    releaseOnCore1();
    ObjectNode event = (ObjectNode) Json.mapper().readTree(eventText("timed-out.json"));
    ObjectNode detail = (ObjectNode) event.get("detail");
    describedInput = detail.get("input").asText();
    detail.putNull("input");
    detail.putObject("inputDetails").put("included", false);

    ReconcileResult result =
        service.reconcile(Json.mapper().treeToValue(event, StatusChangeEvent.class));

    assertThat(result.rolledBack()).containsExactly("core-1");
    assertThat(image()).isEqualTo("registry.example.com/checkout:1.0");
  }

  @Test
  void succeededOrRunning_shouldBeIgnored() throws Exception {
    ObjectNode event = (ObjectNode) Json.mapper().readTree(eventText("timed-out.json"));
    ((ObjectNode) event.get("detail")).put("status", "SUCCEEDED");

    ReconcileResult result =
        service.reconcile(Json.mapper().treeToValue(event, StatusChangeEvent.class));

    assertThat(result.action()).isEqualTo("ignored");
    assertThat(store.list("releases/")).isEmpty();
  }

  @Test
  void anEventThatIsNotAStatusChange_shouldBeANamedError() {
    assertThatThrownBy(
            () ->
                service.reconcile(
                    new StatusChangeEvent(
                        "0", "x", "Scheduled Event", "aws.events", "1", null, null, null, null)))
        .isInstanceOf(TerminalStepException.class)
        .hasMessageContaining("Slipway.Reconcile.InvalidEvent");
  }

  @Test
  void handler_shouldTakeTheEventBridgeEventAsItIs() throws Exception {
    releaseOnCore1();
    var out = new java.io.ByteArrayOutputStream();

    new ReconcileHandler(service)
        .handleRequest(
            Files.newInputStream(Path.of("../../events/reconcile/timed-out.json")), out, null);

    JsonNode result = Json.mapper().readTree(out.toByteArray());
    assertThat(result.path("action").asText()).isEqualTo("reconciled");
    assertThat(result.path("rolledBack").toString()).isEqualTo("[\"core-1\"]");
  }

  /** Build 141 live on core-1, then this execution's start and its deploy of 142 there. */
  private long releaseOnCore1() {
    deployBuild(PREVIOUS, "141", "1.0");
    long annotation = startRelease();
    deployBuild(NAME, "142", "2.0");
    return annotation;
  }

  /** The entry this execution's own RecordRelease state wrote. */
  private void recordedByItself(String status) {
    records.append(
        "checkout",
        "prod",
        Json.mapper()
            .createObjectNode()
            .put("executionArn", ARN)
            .put("build", "142")
            .put("status", status));
  }

  /** Takes the lock and opens the start annotation as AcquireLock and AnnotateStart do. */
  private long startRelease() {
    assertThat(lock.acquire(new LockRequest("checkout", ARN, 0)).acquired()).isTrue();
    var start =
        new AnnotationService(
            Optional.of(new HttpGrafanaClient(grafana.url(), () -> TOKEN, Duration.ofSeconds(2))),
            clock,
            null,
            null,
            new StoredAnnotationJournal(store));
    return start
        .annotate(
            new AnnotateRequest(
                "start",
                "checkout",
                "https://github.com/acme/checkout",
                "main",
                "142",
                "prod",
                List.of("core-1", "edge-1", "edge-2"),
                ARN,
                "started",
                null,
                null,
                null))
        .annotationId();
  }

  private AnnotationService annotations() {
    return new AnnotationService(
        Optional.of(new HttpGrafanaClient(grafana.url(), () -> TOKEN, Duration.ofSeconds(2))),
        clock,
        null,
        null);
  }

  /** Deploys build {@code build} of checkout (image tag {@code tag}) to core-1. */
  private void deployBuild(String execution, String build, String tag) {
    String key = Keys.manifest("checkout", build, "core-1");
    store.put(key, manifest(tag).getBytes(StandardCharsets.UTF_8), "application/yaml");
    deploy.deploy(
        new DeployService.Request(
            "checkout", execution, new ClusterRef("core-1", null, null, "checkout"), key, null));
  }

  private String image() {
    return cluster
        .client()
        .apps()
        .deployments()
        .inNamespace("checkout")
        .withName("checkout")
        .get()
        .getSpec()
        .getTemplate()
        .getSpec()
        .getContainers()
        .get(0)
        .getImage();
  }

  private JsonNode record() throws Exception {
    return Json.mapper().readTree(store.get(Keys.release("checkout", "prod")).body());
  }

  private static StatusChangeEvent event(String file) throws Exception {
    return Json.mapper().readValue(eventText(file), StatusChangeEvent.class);
  }

  private static String eventText(String file) throws Exception {
    return Files.readString(Path.of("../../events/reconcile/" + file));
  }

  /** The example configuration, with core-1 reached through a kubeconfig in the bucket. */
  private static byte[] config() throws Exception {
    String yaml = Files.readString(Path.of("../../events/config/slipway.yaml"));
    String eks =
        """
          - name: core-1
            eks:
              cluster: prod-core-1
              region: us-east-1
              roleArn: arn:aws:iam::123456789012:role/slipway-deployer
        """;
    assertThat(yaml).contains(eks);
    return yaml.replace(
            eks,
            """
              - name: core-1
                kubeconfig:
                  key: kubeconfigs/core-1
            """)
        .getBytes(StandardCharsets.UTF_8);
  }

  private static String manifest(String tag) {
    // only what the app's confinement lets it write: no Namespace of its own
    return """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: checkout
        spec:
          replicas: 2
          selector:
            matchLabels: {app: checkout}
          template:
            metadata:
              labels: {app: checkout}
            spec:
              containers:
              - name: app
                image: registry.example.com/checkout:%s
        """
        .formatted(tag);
  }
}
