package dev.slipway.annotate;

import dev.slipway.awshttp.AwsHttp;
import dev.slipway.awshttp.AwsJson;
import dev.slipway.awshttp.CachingSecretSource;
import dev.slipway.awshttp.SecretSource;
import dev.slipway.awshttp.SecretsManagerSource;
import dev.slipway.config.ConfigLoader;
import dev.slipway.store.ArtifactStore;
import dev.slipway.store.S3ArtifactStore;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * The annotate function's object graph: the Grafana to annotate (config/slipway.yaml's {@code
 * grafana} block over the environment's defaults, see {@link ConfiguredGrafana}), the journal of
 * start annotations (for functions/reconcile, which closes them when the execution cannot), the
 * clock. Also what functions/reconcile builds for its Grafana client.
 */
public final class AnnotateWiring {
  private final GrafanaTarget.Source grafana;
  private final AnnotationJournal journal;
  private final Clock clock;

  /**
   * A graph over given collaborators.
   *
   * @param grafana where and how to annotate, resolved at each annotation
   */
  public AnnotateWiring(GrafanaTarget.Source grafana, AnnotationJournal journal, Clock clock) {
    this.grafana = grafana;
    this.journal = journal;
    this.clock = clock;
  }

  /**
   * The graph for the given function environment (see {@link AnnotateConfig}) on {@code clock}:
   * config/slipway.yaml and the journal in the artifact bucket (when {@code SLIPWAY_BUCKET} is
   * set), Grafana over HTTP with its token from Secrets Manager.
   */
  public static AnnotateWiring fromEnvironment(Map<String, String> env, Clock clock) {
    AnnotateConfig config = AnnotateConfig.from(env);
    Optional<ArtifactStore> store = config.store().map(S3ArtifactStore::fromConfig);
    AnnotationJournal journal =
        store.<AnnotationJournal>map(StoredAnnotationJournal::new).orElse((request, id) -> {});
    ConfiguredGrafana grafana =
        new ConfiguredGrafana(
            config, store.map(s -> new ConfigLoader(s, clock)), secrets(config, clock));
    return new AnnotateWiring(grafana, journal, clock);
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
    return new AnnotationService(grafana, clock, journal);
  }

  /** Secrets Manager, each secret read at its first use and kept 5 minutes. */
  private static SecretSource secrets(AnnotateConfig config, Clock clock) {
    return new CachingSecretSource(
        new SecretsManagerSource(
            AwsJson.secretsManager(
                new AwsHttp(
                    config.aws().credentials(clock, config.secretsEndpoint().isPresent()),
                    config.region()),
                config.secretsEndpoint())),
        clock,
        CachingSecretSource.DEFAULT_TTL);
  }
}
