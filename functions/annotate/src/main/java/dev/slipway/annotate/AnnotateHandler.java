package dev.slipway.annotate;

import com.amazonaws.services.lambda.runtime.Context;
import dev.slipway.lambda.JsonStreamHandler;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

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

  static AnnotationService service(AnnotateConfig config, Clock clock) {
    Optional<GrafanaClient> grafana =
        config.grafanaUrl().map(url -> new HttpGrafanaClient(url, token(config), config.timeout()));
    return new AnnotationService(grafana, clock, config.dashboardUid(), config.panelId());
  }

  private static Supplier<String> token(AnnotateConfig config) {
    if (config.tokenSecretId().isEmpty()) {
      return () -> null;
    }
    String secretId = config.tokenSecretId().get();
    return new Supplier<>() {
      private volatile String cached;

      @Override
      public String get() {
        if (cached == null) {
          var builder =
              SecretsManagerClient.builder()
                  .region(Region.of(config.region()))
                  .httpClientBuilder(UrlConnectionHttpClient.builder());
          config.secretsEndpoint().ifPresent(builder::endpointOverride);
          try (SecretsManagerClient secrets = builder.build()) {
            cached = secrets.getSecretValue(r -> r.secretId(secretId)).secretString();
          }
        }
        return cached;
      }
    };
  }
}
