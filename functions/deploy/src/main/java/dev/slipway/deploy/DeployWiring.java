package dev.slipway.deploy;

import dev.slipway.config.ConfigLoader;
import dev.slipway.deploy.access.ClusterConnector;
import dev.slipway.deploy.access.KubeConnection;
import dev.slipway.deploy.access.SdkEksClusters;
import dev.slipway.deploy.kube.ClusterClient;
import dev.slipway.deploy.kube.KubernetesClusterClient;
import dev.slipway.store.ArtifactStore;
import dev.slipway.store.S3ArtifactStore;
import dev.slipway.store.StoreConfig;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;

/**
 * The object graph of the deploy, rollout and rollback functions, built once per container: one
 * {@link ClusterClient} (one client-java {@code ApiClient}) per cluster, EKS endpoints cached, a
 * bounded pool for applying objects in parallel.
 */
public final class DeployWiring {
  private final ArtifactStore store;
  private final ExecutorService pool;
  private final Function<ClusterRef, ClusterClient> clusters;
  private final Confinements confinements;
  private final Clock clock;

  /** The deploy reads each app's confinement from config/slipway.yaml in {@code store}. */
  public DeployWiring(
      ArtifactStore store, ClusterConnector connector, DeployConfig config, Clock clock) {
    this(store, connector, config, clock, Confinements.fromConfig(new ConfigLoader(store, clock)));
  }

  DeployWiring(
      ArtifactStore store,
      ClusterConnector connector,
      DeployConfig config,
      Clock clock,
      Confinements confinements) {
    this.store = store;
    this.clock = clock;
    this.confinements = confinements;
    this.pool =
        Executors.newFixedThreadPool(
            config.parallelism(),
            r -> {
              var t = new Thread(r, "slipway-apply");
              t.setDaemon(true);
              return t;
            });
    Map<KubeConnection, ClusterClient> clients = new ConcurrentHashMap<>();
    this.clusters =
        ref -> clients.computeIfAbsent(connector.connect(ref), KubernetesClusterClient::new);
  }

  /**
   * The graph for the given function environment (the variables the CDK stack sets: {@code
   * SLIPWAY_BUCKET}, {@code AWS_REGION}, {@code SLIPWAY_S3_ENDPOINT}, the {@code SLIPWAY_K8S_*}
   * settings) on {@code clock}: the Lambda container's ({@link #instance()}), or what {@code
   * slipway run} builds to point the functions at its local endpoints on its virtual time.
   */
  public static DeployWiring fromEnvironment(Map<String, String> env, Clock clock) {
    return from(DeployConfig.from(env), StoreConfig.from(env), clock);
  }

  private static DeployWiring from(DeployConfig config, StoreConfig storeConfig, Clock clock) {
    var store = S3ArtifactStore.fromConfig(storeConfig);
    var defaultCredentials = DefaultCredentialsProvider.builder().build();
    Map<String, StsClient> sts = new ConcurrentHashMap<>();
    var connector =
        new ClusterConnector(
            store,
            new SdkEksClusters(config.connectTimeout(), config.readTimeout()),
            (roleArn, region) ->
                StsAssumeRoleCredentialsProvider.builder()
                    .stsClient(
                        sts.computeIfAbsent(
                            region,
                            r ->
                                StsClient.builder()
                                    .region(Region.of(r))
                                    .httpClientBuilder(UrlConnectionHttpClient.builder())
                                    .build()))
                    .refreshRequest(a -> a.roleArn(roleArn).roleSessionName("slipway-deploy"))
                    .build(),
            defaultCredentials,
            clock,
            new ClusterConnector.Timeouts(config.connectTimeout(), config.readTimeout()));
    return new DeployWiring(store, connector, config, clock);
  }

  private static DeployWiring instance;

  /**
   * The container's graph, built on first use. Not a class-holder singleton: a configuration error
   * must reach the caller as its named Slipway error, not as an ExceptionInInitializerError.
   */
  public static synchronized DeployWiring instance() {
    if (instance == null) {
      instance = fromEnvironment(System.getenv(), Clock.systemUTC());
    }
    return instance;
  }

  public DeployService deployService() {
    return new DeployService(store, clusters, confinements, pool, clock);
  }

  public DiffService diffService() {
    return new DiffService(store, clusters);
  }

  public WaveRollout waveRollout() {
    return new WaveRollout(rolloutService(), store, clock);
  }

  public RolloutService rolloutService() {
    return new RolloutService(clusters, clock);
  }

  public RollbackService rollbackService() {
    return new RollbackService(store, clusters, pool);
  }
}
