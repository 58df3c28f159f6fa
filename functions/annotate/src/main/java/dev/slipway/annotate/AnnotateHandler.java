package dev.slipway.annotate;

import com.amazonaws.services.lambda.runtime.Context;
import dev.slipway.awshttp.AwsHttp;
import dev.slipway.awshttp.AwsJson;
import dev.slipway.awshttp.CachingSecretSource;
import dev.slipway.awshttp.SecretSource;
import dev.slipway.awshttp.SecretsManagerSource;
import dev.slipway.lambda.JsonStreamHandler;
import dev.slipway.store.S3ArtifactStore;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Supplier;

/** The {@code annotate} state: a Grafana annotation at the start and at the end of a release. */
public final class AnnotateHandler extends JsonStreamHandler<AnnotateRequest, AnnotateResult> {
  public static final String TASK_NAME = "annotate";

  private final AnnotationService service;

  /** Built by the Lambda runtime: the real graph, once per container. */
  public AnnotateHandler() {
    this(AnnotateConfig.fromEnvironment(), Clock.systemUTC());
  }

  /** A handler over explicit settings (Grafana URL, token secret, timeout) and clock. */
  public AnnotateHandler(AnnotateConfig config, Clock clock) {
    this(service(config, clock));
  }

  AnnotateHandler(AnnotationService service) {
    super(AnnotateRequest.class);
    this.service = service;
  }

  @Override
  protected AnnotateResult handle(AnnotateRequest input, Context context) {
    return service.annotate(input);
  }

  public static AnnotationService service(AnnotateConfig config, Clock clock) {
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
    return new AnnotationService(grafana, clock, config.dashboardUid(), config.panelId(), journal);
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
