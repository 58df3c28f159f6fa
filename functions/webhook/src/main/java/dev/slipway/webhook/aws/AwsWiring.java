package dev.slipway.webhook.aws;

import dev.slipway.config.ConfigLoader;
import dev.slipway.store.Keys;
import dev.slipway.store.S3ArtifactStore;
import dev.slipway.webhook.ApprovalService;
import dev.slipway.webhook.CachingSecretSource;
import dev.slipway.webhook.WebhookConfig;
import dev.slipway.webhook.WebhookService;
import java.net.URI;
import java.time.Clock;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * Builds the webhook's object graph once per container: SDK clients with an explicit region, the
 * URL-connection HTTP client and (in Lambda) the environment's credentials, no credential-chain
 * probing.
 */
public final class AwsWiring {
  private AwsWiring() {}

  /** The service the handlers delegate to, and how to prime its SDK path for a snapshot. */
  public record Wired(WebhookService service, Runnable sdkPriming) {}

  /** The service the handlers delegate to. */
  public static WebhookService service(WebhookConfig cfg) {
    return wire(cfg).service();
  }

  /** The service and its SDK priming, sharing one HTTP client. */
  public static Wired wire(WebhookConfig cfg) {
    Clock clock = Clock.systemUTC();
    AwsCredentialsProvider credentials =
        cfg.localCredentials()
            ? StaticCredentialsProvider.create(
                AwsBasicCredentials.create("slipway-local", "slipway-local"))
            : DefaultCredentialsProvider.create();
    SdkHttpClient http = UrlConnectionHttpClient.builder().build();
    SfnClient sfn =
        configure(SfnClient.builder(), cfg, credentials, cfg.sfnEndpoint())
            .httpClient(http)
            .build();
    S3Client s3 =
        configure(S3Client.builder(), cfg, credentials, cfg.s3Endpoint())
            .httpClient(http)
            .forcePathStyle(cfg.s3Endpoint().isPresent())
            .build();
    SecretsManagerClient secrets =
        configure(SecretsManagerClient.builder(), cfg, credentials, cfg.secretsEndpoint())
            .httpClient(http)
            .build();
    StepFunctionsAdapter stepFunctions = new StepFunctionsAdapter(sfn, cfg.stateMachineArn());
    S3ArtifactStore store = new S3ArtifactStore(s3, cfg.bucket());
    WebhookService service =
        new WebhookService(
            new ConfigLoader(store, clock, cfg.configTtl(), Keys.CONFIG),
            new CachingSecretSource(
                new SecretsManagerSource(secrets), clock, CachingSecretSource.DEFAULT_TTL),
            cfg.secretId(),
            stepFunctions,
            new ApprovalService(store, stepFunctions, clock),
            clock,
            System.out::println);
    return new Wired(service, () -> SdkPriming.run(http));
  }

  private static <B extends AwsClientBuilder<B, ?>> B configure(
      B builder, WebhookConfig cfg, AwsCredentialsProvider credentials, Optional<URI> endpoint) {
    builder.region(Region.of(cfg.region())).credentialsProvider(credentials);
    endpoint.ifPresent(builder::endpointOverride);
    return builder;
  }
}
