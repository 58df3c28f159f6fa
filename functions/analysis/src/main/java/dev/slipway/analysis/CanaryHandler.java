package dev.slipway.analysis;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.slipway.judge.NetflixAcaJudge;
import dev.slipway.model.Json;
import dev.slipway.store.ArtifactStore;
import dev.slipway.store.S3ArtifactStore;
import dev.slipway.store.StoreConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.util.SplittableRandom;

/**
 * RunCanaryAnalysis, the {@code canary} state: fetches the control and experiment windows from
 * Prometheus, judges them, stores the judge result and the HTML report, and returns {@code
 * {verdict, score, reportKey, resultKey, summary, ...}}. Verdicts (including Fail and NoData) are
 * data for the state machine's Choice; exceptions mean the analysis could not be done ({@code
 * Slipway.Canary.MetricsUnavailable}, {@code BadQuery}, {@code InvalidConfig}, ...).
 */
public final class CanaryHandler implements RequestStreamHandler {
  /** The state and function name. */
  public static final String TASK_NAME = "canary";

  private final CanaryService step;

  /**
   * Builds the real graph once per container from {@link AnalysisConfig#fromEnvironment()} and the
   * S3 artifact store of {@link StoreConfig#fromEnvironment()} (SLIPWAY_BUCKET, AWS_REGION).
   */
  public CanaryHandler() {
    this(
        AnalysisConfig.fromEnvironment(),
        S3ArtifactStore.fromConfig(StoreConfig.fromEnvironment()),
        Clock.systemUTC());
  }

  /**
   * A handler over explicit settings: the Prometheus endpoint of {@code config}, the artifact store
   * for canary configs, results and reports, and the clock that places the analysis windows.
   */
  public CanaryHandler(AnalysisConfig config, ArtifactStore store, Clock clock) {
    this(build(config, store, clock));
  }

  CanaryHandler(CanaryService step) {
    this.step = step;
  }

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context)
      throws IOException {
    CanaryStateOutput out = step.run(CanaryService.readInput(input.readAllBytes()));
    Json.mapper().writeValue(output, out);
  }

  static CanaryService build(AnalysisConfig config, ArtifactStore store, Clock clock) {
    MetricsProvider metrics =
        new RetryingMetricsProvider(
            new PrometheusHttpClient(config.resolvedEndpoint()),
            config.retry(),
            Sleeper.system(),
            clock);
    return new CanaryService(
        new CanaryAnalysis(metrics, new NetflixAcaJudge(new SplittableRandom())), store, clock);
  }
}
