package dev.slipway.webhook.aws;

import dev.slipway.awshttp.AwsHttp;
import dev.slipway.awshttp.AwsJson;
import dev.slipway.awshttp.CachingSecretSource;
import dev.slipway.awshttp.CredentialSource;
import dev.slipway.awshttp.S3HttpStore;
import dev.slipway.awshttp.SecretsManagerSource;
import dev.slipway.config.ConfigLoader;
import dev.slipway.store.Keys;
import dev.slipway.webhook.ApprovalService;
import dev.slipway.webhook.DeliveryLedger;
import dev.slipway.webhook.WebhookConfig;
import dev.slipway.webhook.WebhookService;
import java.time.Clock;

/**
 * Builds the webhook's object graph once per container: Step Functions, Secrets Manager and S3 over
 * signed HTTP (no SDK: the jar stays small and the cold start short), with Lambda's credentials
 * (the environment, or the container endpoint under SnapStart) or fixed local ones for local
 * endpoints.
 */
public final class AwsWiring {
  private AwsWiring() {}

  /** The service the handlers delegate to, and how to prime its AWS path for a snapshot. */
  public record Wired(WebhookService service, Runnable awsPriming) {}

  /** The service the handlers delegate to. */
  public static WebhookService service(WebhookConfig cfg) {
    return wire(cfg).service();
  }

  /** The service and its priming. */
  public static Wired wire(WebhookConfig cfg) {
    Clock clock = Clock.systemUTC();
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
    return new Wired(service, AwsPriming::run);
  }
}
