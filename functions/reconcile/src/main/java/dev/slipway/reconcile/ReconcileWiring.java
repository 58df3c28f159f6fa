package dev.slipway.reconcile;

import dev.slipway.annotate.AnnotateWiring;
import dev.slipway.config.ConfigLoader;
import dev.slipway.deploy.DeployWiring;
import dev.slipway.pipeline.PipelineWiring;
import dev.slipway.store.ArtifactStore;
import dev.slipway.store.S3ArtifactStore;
import dev.slipway.store.StoreConfig;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.GetExecutionHistoryResponse;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;

/**
 * The reconcile function's object graph, from the pieces the release's own functions use: the
 * pipeline's lock, record and notifier, the deploy wiring's rollback, the annotate wiring's Grafana
 * client, plus Step Functions for the execution's history.
 *
 * <p>Its environment is the union of theirs: {@code SLIPWAY_BUCKET}, {@code SLIPWAY_TOPIC_ARN}, the
 * {@code SLIPWAY_K8S_*} settings, {@code SLIPWAY_GRAFANA_URL} and {@code
 * SLIPWAY_GRAFANA_TOKEN_SECRET_ARN}.
 */
public final class ReconcileWiring {
  /** History pages read (newest first) looking for the last state entered. */
  static final int HISTORY_PAGES = 3;

  private final ArtifactStore store;
  private final PipelineWiring pipeline;
  private final DeployWiring deploy;
  private final AnnotateWiring annotate;
  private final ExecutionHistory history;
  private final Clock clock;

  public ReconcileWiring(
      ArtifactStore store,
      PipelineWiring pipeline,
      DeployWiring deploy,
      AnnotateWiring annotate,
      ExecutionHistory history,
      Clock clock) {
    this.store = store;
    this.pipeline = pipeline;
    this.deploy = deploy;
    this.annotate = annotate;
    this.history = history;
    this.clock = clock;
  }

  /**
   * The graph for the given function environment (the union of the pipeline's, deploy's and
   * annotate's) on {@code clock}, with Step Functions' history in the store's region.
   */
  public static ReconcileWiring fromEnvironment(Map<String, String> env, Clock clock) {
    StoreConfig store = StoreConfig.from(env);
    return new ReconcileWiring(
        S3ArtifactStore.fromConfig(store),
        PipelineWiring.fromEnvironment(env, clock),
        DeployWiring.fromEnvironment(env, clock),
        AnnotateWiring.fromEnvironment(env, clock),
        stepFunctions(store.region()),
        clock);
  }

  private static ReconcileWiring instance;

  /**
   * The container's graph from its environment, built on first use (not at class load: a
   * configuration error reaches the caller as its named error).
   */
  public static synchronized ReconcileWiring instance() {
    if (instance == null) {
      instance = fromEnvironment(System.getenv(), Clock.systemUTC());
    }
    return instance;
  }

  public ReconcileService reconcileService() {
    return new ReconcileService(
        store,
        new ConfigLoader(store, clock),
        deploy.rollbackService(),
        annotate.annotationService(),
        pipeline.appLock(),
        pipeline.releaseRecords(),
        pipeline.notifier(),
        history,
        clock);
  }

  /** DescribeExecution and GetExecutionHistory (newest first, without the data). */
  static ExecutionHistory stepFunctions(String region) {
    SfnClient sfn =
        SfnClient.builder()
            .region(Region.of(region))
            .httpClientBuilder(UrlConnectionHttpClient.builder())
            .build();
    return new ExecutionHistory() {
      @Override
      public Optional<String> lastStateEntered(String executionArn) {
        String token = null;
        try {
          for (int page = 0; page < HISTORY_PAGES; page++) {
            String next = token;
            GetExecutionHistoryResponse r =
                sfn.getExecutionHistory(
                    b ->
                        b.executionArn(executionArn)
                            .reverseOrder(true)
                            .includeExecutionData(false)
                            .maxResults(200)
                            .nextToken(next));
            for (HistoryEvent e : r.events()) {
              if (e.stateEnteredEventDetails() != null) {
                return Optional.ofNullable(e.stateEnteredEventDetails().name());
              }
            }
            token = r.nextToken();
            if (token == null) {
              break;
            }
          }
        } catch (ExecutionDoesNotExistException e) {
          return Optional.empty();
        }
        return Optional.empty();
      }

      @Override
      public Optional<String> input(String executionArn) {
        try {
          return Optional.ofNullable(
              sfn.describeExecution(b -> b.executionArn(executionArn)).input());
        } catch (ExecutionDoesNotExistException e) {
          return Optional.empty();
        }
      }
    };
  }
}
