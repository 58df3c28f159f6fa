package dev.slipway.webhook;

import dev.slipway.awshttp.AwsHttp;
import dev.slipway.awshttp.AwsJson;
import dev.slipway.awshttp.CachingSecretSource;
import dev.slipway.awshttp.CredentialSource;
import dev.slipway.awshttp.S3HttpStore;
import dev.slipway.awshttp.SecretSource;
import dev.slipway.awshttp.SecretsManagerSource;
import dev.slipway.config.ConfigLoader;
import dev.slipway.store.ArtifactStore;
import dev.slipway.store.Keys;
import dev.slipway.webhook.aws.AwsPriming;
import dev.slipway.webhook.aws.StepFunctionsAdapter;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The object graph of the webhook and approval functions: the {@link WebhookService} both handlers
 * delegate to, over the artifact store (configuration, approval requests, the delivery ledger), the
 * webhook secrets and Step Functions (start an execution, answer a waiting task).
 *
 * <p>{@link #fromEnvironment} builds it on AWS over signed HTTP (no SDK: the jar stays small and
 * the cold start short), with Lambda's credentials (the environment, or the container endpoint
 * under SnapStart) or fixed local ones for local endpoints.
 */
public final class WebhookWiring {
  private final WebhookService service;
  private final Optional<Runnable> awsPriming;

  /**
   * A graph over given clients (a local run's store and executor, tests' fakes), logging each
   * request's line to {@code log}; nothing to prime for a snapshot.
   *
   * @param secretId the secret in {@code secrets} that holds the webhook secrets
   */
  public WebhookWiring(
      ArtifactStore store,
      SecretSource secrets,
      String secretId,
      ExecutionStarter starter,
      TaskCallbacks callbacks,
      Clock clock,
      Consumer<String> log) {
    this(
        new WebhookService(
            new ConfigLoader(store, clock),
            secrets,
            secretId,
            starter,
            new ApprovalService(store, callbacks, clock),
            new DeliveryLedger(store),
            clock,
            log),
        Optional.empty());
  }

  private WebhookWiring(WebhookService service, Optional<Runnable> awsPriming) {
    this.service = service;
    this.awsPriming = awsPriming;
  }

  /**
   * The graph for the given function environment (see {@link WebhookConfig}; a missing or bad
   * setting is {@value WebhookConfig#MISCONFIGURED}) on {@code clock}: Step Functions, Secrets
   * Manager and S3 at AWS or at the endpoints the environment names.
   */
  public static WebhookWiring fromEnvironment(Map<String, String> env, Clock clock) {
    WebhookConfig cfg = WebhookConfig.from(env);
    CredentialSource credentials = cfg.aws().credentials(clock, cfg.localCredentials());
    AwsHttp http = new AwsHttp(credentials, cfg.region());
    StepFunctionsAdapter stepFunctions =
        new StepFunctionsAdapter(
            AwsJson.stepFunctions(http, cfg.sfnEndpoint()), cfg.stateMachineArn());
    S3HttpStore store = new S3HttpStore(http, cfg.bucket(), cfg.s3Endpoint());
    WebhookService service =
        new WebhookService(
            new ConfigLoader(store, clock, cfg.configTtl(), Keys.CONFIG),
            new CachingSecretSource(
                new SecretsManagerSource(AwsJson.secretsManager(http, cfg.secretsEndpoint())),
                clock,
                CachingSecretSource.DEFAULT_TTL),
            cfg.secretId(),
            stepFunctions,
            new ApprovalService(store, stepFunctions, clock),
            new DeliveryLedger(store),
            clock,
            System.out::println);
    return new WebhookWiring(service, Optional.of(AwsPriming::run));
  }

  private static WebhookWiring instance;

  /**
   * The container's graph from its environment, built on first use (not at class load: a
   * configuration error reaches the caller as its named error).
   */
  public static synchronized WebhookWiring instance() {
    if (instance == null) {
      instance = fromEnvironment(System.getenv(), Clock.systemUTC());
    }
    return instance;
  }

  /** What both handlers delegate to. */
  public WebhookService webhookService() {
    return service;
  }

  /**
   * How to prime the AWS request path before a SnapStart snapshot ({@link #fromEnvironment}'s graph
   * only).
   */
  public Optional<Runnable> awsPriming() {
    return awsPriming;
  }
}
