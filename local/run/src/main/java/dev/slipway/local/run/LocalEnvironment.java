package dev.slipway.local.run;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.local.cluster.EmbeddedCluster;
import dev.slipway.local.cluster.RolloutSimulator;
import dev.slipway.local.embedded.EmbeddedS3Server;
import dev.slipway.local.embedded.GrafanaRecorder;
import dev.slipway.local.replay.PrometheusReplay;
import dev.slipway.model.Json;
import dev.slipway.model.TerminalStepException;
import dev.slipway.store.ArtifactStore;
import dev.slipway.store.Keys;
import dev.slipway.store.S3ArtifactStore;
import dev.slipway.store.S3Clients;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Everything one local release talks to, started for one run and stopped by {@link #close()}: an S3
 * bucket (embedded S3Proxy, or {@code --s3-endpoint}) seeded from {@code events/demo/}, one
 * embedded Kubernetes API server with a rollout simulator per configured cluster (its kubeconfig
 * uploaded to the cluster's key; entries that share a key share one server; or {@code --kubeconfig}
 * uploaded for every cluster), the Prometheus replay of the scenario's recording (or {@code
 * --prometheus-url}), the Grafana recorder (or {@code --grafana-url}), a collecting notifier, and
 * the virtual clock the handlers read.
 *
 * <p>{@link #functionEnvironment()} is the environment the CDK stack would give the functions,
 * pointing at these endpoints.
 */
public final class LocalEnvironment implements AutoCloseable {
  /** The region the local functions sign for. */
  public static final String REGION = EmbeddedS3Server.REGION;

  private static final String RECORDED_APP = "search";
  private static final String RECORDED_CLUSTER = "prod-1";

  private final Deque<AutoCloseable> started = new ArrayDeque<>();
  private final Map<String, EmbeddedCluster> clusters = new LinkedHashMap<>();
  private final Map<String, Instant> ticked = new LinkedHashMap<>();
  private final Map<String, EmbeddedCluster> byKubeconfig = new LinkedHashMap<>();
  private final Map<String, String> env = new LinkedHashMap<>();
  private final CollectingNotifier notifier = new CollectingNotifier();
  private final VirtualClock clock;
  private final String bucket;
  private S3Client s3;
  private ArtifactStore store;
  private GrafanaRecorder grafana;
  private PrometheusReplay prometheus;
  private URI s3Endpoint;

  private LocalEnvironment(Instant start, String bucket) {
    this.clock = new VirtualClock(start);
    this.bucket = bucket;
  }

  /**
   * Starts the environment for {@code options}, with the release (and the replay's anchor) at
   * {@code releaseStart}.
   */
  public static LocalEnvironment start(RunOptions options, Instant releaseStart) {
    var e = new LocalEnvironment(releaseStart, options.bucket());
    try {
      e.begin(options);
      return e;
    } catch (RuntimeException | IOException failure) {
      e.close();
      if (failure instanceof IOException io) {
        throw new UncheckedIOException(io);
      }
      throw (RuntimeException) failure;
    }
  }

  private void begin(RunOptions options) throws IOException {
    Path configFile =
        options.config() != null
            ? options.config()
            : options.demoDir().resolve(options.scenario().config());
    String configYaml = read(configFile, "--config");
    ConfigView config = ConfigView.parse(configYaml, configFile.toString());
    JsonNode release = Json.mapper().readTree(read(options.releaseInput(), "INPUT"));

    startS3(options);
    seed(options.demoDir());
    startClusters(options, config);
    startPrometheus(options, config, release);
    startGrafana(options);
    // the configuration's own endpoints (a migrated config names real ones) go to the stand-ins too
    String local =
        config.withEndpoints(
            configYaml, env.get("SLIPWAY_PROMETHEUS_URL"), env.get("SLIPWAY_GRAFANA_URL"));
    store.put(Keys.CONFIG, local.getBytes(StandardCharsets.UTF_8), "application/yaml");
  }

  private void startS3(RunOptions options) {
    AwsCredentialsProvider credentials;
    if (options.s3Endpoint() == null) {
      EmbeddedS3Server server = EmbeddedS3Server.start();
      started.push(server);
      s3Endpoint = server.endpoint();
      credentials =
          StaticCredentialsProvider.create(
              AwsBasicCredentials.create(EmbeddedS3Server.ACCESS_KEY, EmbeddedS3Server.SECRET_KEY));
      // the functions build their S3 clients from the SDK's default chain, as on Lambda: its first
      // link (system properties) carries the embedded server's local-only keys
      LocalCredentials.install(EmbeddedS3Server.ACCESS_KEY, EmbeddedS3Server.SECRET_KEY);
      started.push(LocalCredentials::uninstall);
    } else {
      s3Endpoint = options.s3Endpoint();
      credentials = DefaultCredentialsProvider.builder().build();
    }
    // built as the functions build theirs (S3Clients): checksums only where S3 requires them,
    // which S3-compatible servers handle reliably
    s3 =
        S3Clients.builder(REGION, Optional.of(s3Endpoint)).credentialsProvider(credentials).build();
    started.push(s3);
    if (options.s3Endpoint() == null) {
      s3.createBucket(r -> r.bucket(bucket));
    } else {
      try {
        s3.headBucket(r -> r.bucket(bucket));
      } catch (S3Exception e) {
        throw new TerminalStepException(
            "Slipway.Artifact.BucketMissing",
            "bucket '"
                + bucket
                + "' is not reachable at "
                + s3Endpoint
                + " (HTTP "
                + e.statusCode()
                + "): create it, or give --bucket NAME of an existing one");
      }
    }
    store = new S3ArtifactStore(s3, bucket);
    env.put("SLIPWAY_BUCKET", bucket);
    env.put("AWS_REGION", REGION);
    env.put("SLIPWAY_S3_ENDPOINT", s3Endpoint.toString());
  }

  /**
   * Uploads {@code demo/} except its release inputs and configurations ({@link #begin} uploads the
   * one this run uses as config/slipway.yaml).
   */
  private void seed(Path demo) throws IOException {
    try (Stream<Path> files = Files.walk(demo)) {
      for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
        String key = demo.relativize(f).toString().replace('\\', '/');
        if (key.startsWith("releases/") || key.endsWith("slipway.yaml")) {
          continue;
        }
        store.put(key, Files.readAllBytes(f), contentType(key));
      }
    }
  }

  private void startClusters(RunOptions options, ConfigView config) throws IOException {
    String kubeconfig =
        options.kubeconfig() == null ? null : read(options.kubeconfig(), "--kubeconfig");
    for (ConfigView.ClusterEntry c : config.clusters()) {
      if (c.kubeconfigKey() == null) {
        continue; // an EKS cluster: the deploy function reaches it with the caller's AWS identity
      }
      if (kubeconfig != null) {
        store.put(
            c.kubeconfigKey(), kubeconfig.getBytes(StandardCharsets.UTF_8), "application/yaml");
        continue;
      }
      // cluster entries that share a kubeconfig key share one embedded API server (a release of
      // many clusters on one machine)
      EmbeddedCluster shared = byKubeconfig.get(c.kubeconfigKey());
      EmbeddedCluster cluster = shared != null ? shared : EmbeddedCluster.start();
      clusters.put(c.name(), cluster);
      if (shared == null) {
        started.push(cluster);
        byKubeconfig.put(c.kubeconfigKey(), cluster);
        ticked.put(c.name(), clock.instant());
      }
      if (options.scenario().crashLoop()) {
        cluster
            .simulator()
            .fail(
                "Deployment",
                c.namespace(),
                "checkout-api",
                RolloutSimulator.Failure.CRASH_LOOP_BACK_OFF);
      }
      store.put(
          c.kubeconfigKey(),
          cluster.kubeconfig(c.name()).getBytes(StandardCharsets.UTF_8),
          "application/yaml");
    }
  }

  private void startPrometheus(RunOptions options, ConfigView config, JsonNode release)
      throws IOException {
    if (options.prometheusUrl() != null) {
      env.put("SLIPWAY_PROMETHEUS_URL", options.prometheusUrl().toString());
      return;
    }
    String app = release.path("app").asText(RECORDED_APP);
    // the recording answers the queries of every cluster of the canary gate (each is judged)
    List<String> gate = config.canaryClusters(app, release.path("environment").asText());
    List<PrometheusReplay.Options> variants = new ArrayList<>();
    for (String cluster : gate.isEmpty() ? List.of(RECORDED_CLUSTER) : gate) {
      variants.add(
          new PrometheusReplay.Options(
              Map.of(
                  "app=\"" + RECORDED_APP + "\"", "app=\"" + app + "\"",
                  "cluster=\"" + RECORDED_CLUSTER + "\"", "cluster=\"" + cluster + "\""),
              true));
    }
    Path recording =
        options.eventsDir().resolve("canary/prometheus").resolve(options.scenario().recording());
    if (options.scenario().manySeries() > 0) {
      recording =
          ManySeries.withQuery(
              recording,
              Scenario.MANY_SERIES_METRIC,
              Scenario.MANY_SERIES_QUERY,
              options.scenario().manySeries());
    }
    PrometheusReplay replay = PrometheusReplay.start(recording, clock.instant(), variants);
    started.push(replay);
    prometheus = replay;
    env.put("SLIPWAY_PROMETHEUS_URL", replay.url());
    env.put("SLIPWAY_PROMETHEUS_ATTEMPTS", "2");
  }

  private void startGrafana(RunOptions options) throws IOException {
    if (options.grafanaUrl() != null) {
      env.put("SLIPWAY_GRAFANA_URL", options.grafanaUrl().toString());
      return;
    }
    grafana = GrafanaRecorder.start(null);
    started.push(grafana);
    env.put("SLIPWAY_GRAFANA_URL", grafana.url().toString());
  }

  /**
   * Moves the environment's clock to {@code t} (an execution's virtual time; it never goes back)
   * and lets each embedded cluster's rollout simulator catch up, one tick per {@link
   * RolloutSimulator#TICK} that passed.
   */
  public synchronized void advanceTo(Instant t) {
    Instant now = clock.advanceTo(t);
    for (Map.Entry<String, EmbeddedCluster> c : clusters.entrySet()) {
      Instant last = ticked.get(c.getKey());
      if (last == null) {
        continue; // shares the server of an earlier entry, which ticks it
      }
      long ticks = Duration.between(last, now).dividedBy(RolloutSimulator.TICK);
      if (ticks > 0) {
        c.getValue().simulator().tick((int) Math.min(ticks, 1000));
        ticked.put(c.getKey(), last.plus(RolloutSimulator.TICK.multipliedBy(ticks)));
      }
    }
  }

  /** The functions' environment, as the CDK stack sets it, pointing at this environment. */
  public Map<String, String> functionEnvironment() {
    return Map.copyOf(env);
  }

  /** Sets one more function variable (tests use it to point a function elsewhere). */
  public void putFunctionEnvironment(String name, String value) {
    env.put(name, value);
  }

  public VirtualClock clock() {
    return clock;
  }

  public ArtifactStore store() {
    return store;
  }

  public String bucket() {
    return bucket;
  }

  public URI s3Endpoint() {
    return s3Endpoint;
  }

  /** The embedded clusters by name (empty with {@code --kubeconfig}). */
  public Map<String, EmbeddedCluster> clusters() {
    return Map.copyOf(clusters);
  }

  /** The Grafana recorder, unless {@code --grafana-url} pointed elsewhere. */
  public Optional<GrafanaRecorder> grafana() {
    return Optional.ofNullable(grafana);
  }

  /** The Prometheus replay, unless {@code --prometheus-url} pointed elsewhere. */
  public Optional<PrometheusReplay> prometheus() {
    return Optional.ofNullable(prometheus);
  }

  public CollectingNotifier notifier() {
    return notifier;
  }

  /**
   * Copies every object under {@code prefix} to {@code dir}, keeping the key's path; returns them.
   */
  public List<Path> copyOut(String prefix, Path dir) throws IOException {
    List<Path> out = new java.util.ArrayList<>();
    for (String key : store.list(prefix)) {
      Path target = dir.resolve(key).normalize();
      if (!target.startsWith(dir)) {
        continue;
      }
      Files.createDirectories(target.getParent());
      Files.write(target, store.get(key).body());
      out.add(target);
    }
    return out;
  }

  @Override
  public void close() {
    RuntimeException first = null;
    while (!started.isEmpty()) {
      try {
        started.pop().close();
      } catch (Exception e) {
        if (first == null) {
          first = new IllegalStateException("could not stop the local environment cleanly", e);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }

  private static String read(Path file, String what) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new TerminalStepException(
          "Slipway.Run.FileNotFound", what + " " + file + " does not exist: give a readable file");
    }
    return Files.readString(file);
  }

  private static String contentType(String key) {
    if (key.endsWith(".json")) {
      return "application/json";
    }
    if (key.endsWith(".yaml") || key.endsWith(".yml")) {
      return "application/yaml";
    }
    return "application/octet-stream";
  }
}
