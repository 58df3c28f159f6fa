package dev.slipway.annotate;

import dev.slipway.awshttp.AwsHttp;
import dev.slipway.awshttp.AwsJson;
import dev.slipway.awshttp.CachingSecretSource;
import dev.slipway.awshttp.SecretSource;
import dev.slipway.awshttp.SecretsManagerSource;
import dev.slipway.store.S3ArtifactStore;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The annotate function's object graph: Grafana (none when no URL is set), the journal of start
 * annotations (for functions/reconcile, which closes them when the execution cannot), the dashboard
 * and panel to pin, the clock. Also what functions/reconcile builds for its Grafana client.
 */
public final class AnnotateWiring {
  private final Optional<GrafanaClient> grafana;
  private final AnnotationJournal journal;
  private final String dashboardUid;
  private final Long panelId;
  private final Clock clock;

  /**
   * A graph over given clients.
   *
   * @param dashboardUid the dashboard to pin annotations to, or null
   * @param panelId the panel to pin annotations to, or null
   */
  public AnnotateWiring(
      Optional<GrafanaClient> grafana,
      AnnotationJournal journal,
      String dashboardUid,
      Long panelId,
      Clock clock) {
    this.grafana = grafana;
    this.journal = journal;
    this.dashboardUid = dashboardUid;
    this.panelId = panelId;
    this.clock = clock;
  }

  /**
   * The graph for the given function environment (see {@link AnnotateConfig}) on {@code clock}:
   * Grafana over HTTP with its token from Secrets Manager, the journal in the artifact bucket.
   */
  public static AnnotateWiring fromEnvironment(Map<String, String> env, Clock clock) {
    AnnotateConfig config = AnnotateConfig.from(env);
    Optional<GrafanaClient> grafana =
        config
            .grafanaUrl()
            .map(url -> new HttpGrafanaClient(url, token(config, clock), config.timeout()));
    AnnotationJournal journal =
        config
            .store()
            .<AnnotationJournal>map(
                store -> new StoredAnnotationJournal(S3ArtifactStore.fromConfig(store)))
            .orElse((request, id) -> {});
    return new AnnotateWiring(grafana, journal, config.dashboardUid(), config.panelId(), clock);
  }

  private static AnnotateWiring instance;

  /**
   * The container's graph from its environment, built on first use (not at class load: a
   * configuration error reaches the caller as its named error).
   */
  public static synchronized AnnotateWiring instance() {
    if (instance == null) {
      instance = fromEnvironment(System.getenv(), Clock.systemUTC());
    }
    return instance;
  }

  public AnnotationService annotationService() {
    return new AnnotationService(grafana, clock, dashboardUid, panelId, journal);
  }

  /** The Grafana token from Secrets Manager, read at the first annotation and kept 5 minutes. */
  private static Supplier<String> token(AnnotateConfig config, Clock clock) {
    if (config.tokenSecretId().isEmpty()) {
      return () -> null;
    }
    String secretId = config.tokenSecretId().get();
    SecretSource secrets =
        new CachingSecretSource(
            new SecretsManagerSource(
                AwsJson.secretsManager(
                    new AwsHttp(
                        config.aws().credentials(clock, config.secretsEndpoint().isPresent()),
                        config.region()),
                    config.secretsEndpoint())),
            clock,
            CachingSecretSource.DEFAULT_TTL);
    return () -> secrets.secretString(secretId);
  }
}
