package dev.slipway.analysis;

import dev.slipway.config.ConfigLoader;
import dev.slipway.judge.NetflixAcaJudge;
import dev.slipway.store.ArtifactStore;
import dev.slipway.store.S3ArtifactStore;
import dev.slipway.store.StoreConfig;
import java.time.Clock;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The canary function's object graph: the Prometheus port (retried), the judge, the artifact store
 * for canary configs, judge results and reports, and the clock that places the analysis windows.
 *
 * <p>{@link #fromEnvironment} builds it from {@code config/slipway.yaml}'s {@code prometheus}
 * blocks and the settings of {@link AnalysisConfig} and {@link StoreConfig} ({@code
 * SLIPWAY_PROMETHEUS_*}, {@code SLIPWAY_BUCKET}, {@code AWS_REGION}); the constructor takes the
 * collaborators themselves, for tests and {@code local/}.
 */
public final class AnalysisWiring {
  private static AnalysisWiring instance;

  private final CanaryService canaryService;

  /**
   * A graph over {@code metrics} (the Prometheus port, for every cluster), {@code store} and {@code
   * clock}, judged by Kayenta's NetflixACAJudge.
   */
  public AnalysisWiring(MetricsProvider metrics, ArtifactStore store, Clock clock) {
    this(PrometheusRouting.fixed(metrics), store, clock);
  }

  /**
   * A graph whose canaries query the Prometheus {@code prometheus} chooses for their cluster, over
   * {@code store} and {@code clock}, judged by Kayenta's NetflixACAJudge.
   */
  public AnalysisWiring(PrometheusRouting prometheus, ArtifactStore store, Clock clock) {
    this.canaryService =
        new CanaryService(prometheus, new NetflixAcaJudge(new SplittableRandom()), store, clock);
  }

  /**
   * The AWS-backed graph of {@code env}: the S3 artifact store of {@link StoreConfig#from}, and
   * each cluster's Prometheus from {@code config/slipway.yaml} read through the {@link
   * ConfigLoader} over that store ({@link ClusterPrometheus}: the cluster's block, else the
   * top-level block, else the stack's default of {@link AnalysisConfig#fromEnvironment}),
   * credentials from Secrets Manager, HTTP clients retried on {@code clock}. A malformed Prometheus
   * setting is {@code Slipway.Canary.InvalidInput}, naming it.
   */
  public static AnalysisWiring fromEnvironment(Map<String, String> env, Clock clock) {
    AnalysisConfig config = AnalysisConfig.fromEnvironment(env);
    ArtifactStore store = S3ArtifactStore.fromConfig(StoreConfig.from(env));
    PrometheusRouting prometheus =
        new ClusterPrometheus(
            new ConfigLoader(store, clock),
            config,
            secret -> PrometheusCredentials.fromSecretsManager(secret, config.region(), null),
            endpoint ->
                new RetryingMetricsProvider(
                    new PrometheusHttpClient(endpoint), config.retry(), Sleeper.system(), clock));
    return new AnalysisWiring(prometheus, store, clock);
  }

  /** The container's graph, from its environment and the system clock, built on first use. */
  public static synchronized AnalysisWiring instance() {
    if (instance == null) {
      instance = fromEnvironment(System.getenv(), Clock.systemUTC());
    }
    return instance;
  }

  /** The {@code canary} state's work. */
  public CanaryService canaryService() {
    return canaryService;
  }
}
