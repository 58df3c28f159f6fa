package dev.slipway.analysis;

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
 * <p>{@link #fromEnvironment} builds it from the settings of {@link AnalysisConfig} and {@link
 * StoreConfig} ({@code SLIPWAY_PROMETHEUS_*}, {@code SLIPWAY_BUCKET}, {@code AWS_REGION}); the
 * constructor takes the collaborators themselves, for tests and {@code local/}.
 */
public final class AnalysisWiring {
  private static AnalysisWiring instance;

  private final CanaryService canaryService;

  /**
   * A graph over {@code metrics} (the Prometheus port), {@code store} and {@code clock}, judged by
   * Kayenta's NetflixACAJudge.
   */
  public AnalysisWiring(MetricsProvider metrics, ArtifactStore store, Clock clock) {
    this.canaryService =
        new CanaryService(
            new CanaryAnalysis(metrics, new NetflixAcaJudge(new SplittableRandom())), store, clock);
  }

  /**
   * The AWS-backed graph of {@code env}: the Prometheus HTTP client of {@link
   * AnalysisConfig#fromEnvironment} (credentials from Secrets Manager when configured), retried on
   * {@code clock}, and the S3 artifact store of {@link StoreConfig#from}. A missing or malformed
   * Prometheus setting is {@code Slipway.Canary.InvalidInput}, naming it.
   */
  public static AnalysisWiring fromEnvironment(Map<String, String> env, Clock clock) {
    AnalysisConfig config = AnalysisConfig.fromEnvironment(env);
    MetricsProvider metrics =
        new RetryingMetricsProvider(
            new PrometheusHttpClient(config.resolvedEndpoint()),
            config.retry(),
            Sleeper.system(),
            clock);
    return new AnalysisWiring(metrics, S3ArtifactStore.fromConfig(StoreConfig.from(env)), clock);
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
