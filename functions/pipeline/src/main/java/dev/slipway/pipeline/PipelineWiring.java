package dev.slipway.pipeline;

import dev.slipway.approvals.ApprovalLinks;
import dev.slipway.approvals.WebhookSecrets;
import dev.slipway.awshttp.AwsHttp;
import dev.slipway.awshttp.AwsJson;
import dev.slipway.awshttp.CachingSecretSource;
import dev.slipway.awshttp.SecretsManagerSource;
import dev.slipway.config.ConfigLoader;
import dev.slipway.model.ApprovalRequest;
import dev.slipway.store.ArtifactStore;
import dev.slipway.store.S3ArtifactStore;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import java.util.logging.Logger;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionDoesNotExistException;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * The pipeline functions' object graph (plan, lock, unlock, approval gate, record): the artifact
 * store, Step Functions (the lock asks whether a holder's execution still runs), the notifier.
 */
public final class PipelineWiring {
  private static final Logger LOG = Logger.getLogger(PipelineWiring.class.getName());

  private final ArtifactStore store;
  private final ExecutionStatusLookup executions;
  private final Notifier notifier;
  private final PipelineConfig config;
  private final Clock clock;

  public PipelineWiring(
      ArtifactStore store,
      ExecutionStatusLookup executions,
      Notifier notifier,
      PipelineConfig config,
      Clock clock) {
    this.store = store;
    this.executions = executions;
    this.notifier = notifier;
    this.config = config;
    this.clock = clock;
  }

  /**
   * The graph for the given function environment (see {@link PipelineConfig}) on {@code clock}: the
   * artifact store, Step Functions for the lock's queue, SNS for notifications. Also what
   * functions/reconcile builds, which finishes a release outside its execution with the same lock,
   * record and notifier.
   */
  public static PipelineWiring fromEnvironment(Map<String, String> env, Clock clock) {
    PipelineConfig config = PipelineConfig.from(env);
    return new PipelineWiring(
        S3ArtifactStore.fromConfig(config.store()),
        stepFunctions(config.region()),
        sns(config.region(), config.topicArn()),
        config,
        clock);
  }

  private static PipelineWiring instance;

  /**
   * The container's graph from its environment, built on first use (not at class load: a
   * configuration error reaches the caller as its named error).
   */
  public static synchronized PipelineWiring instance() {
    if (instance == null) {
      instance = fromEnvironment(System.getenv(), Clock.systemUTC());
    }
    return instance;
  }

  /** Where release notifications go (SNS, or the log without a topic). */
  public Notifier notifier() {
    return notifier;
  }

  public PlanService planService() {
    return new PlanService(new ConfigLoader(store, clock), config.lockSchedule());
  }

  public AppLock appLock() {
    return new AppLock(
        store,
        executions,
        clock,
        config.lockMaxAttempts(),
        config.lockFirstWaitSeconds(),
        config.lockMaxWaitSeconds());
  }

  public ReleaseRecords releaseRecords() {
    return new ReleaseRecords(
        store, notifier, clock, ArtifactLinks.s3Console(config.store().bucket(), config.region()));
  }

  public ApprovalGate approvalGate() {
    return new ApprovalGate(store, notifier, clock, approvalLinks());
  }

  /** Signed links, when the API URL and the webhook secret are configured. */
  private BiFunction<ApprovalRequest, Instant, Optional<String>> approvalLinks() {
    if (config.apiUrl().isEmpty() || config.webhookSecretId().isEmpty()) {
      return (request, expires) -> Optional.empty();
    }
    AwsJson secretsManager =
        AwsJson.secretsManager(
            new AwsHttp(
                config.aws().credentials(clock, config.secretsEndpoint().isPresent()),
                config.region()),
            config.secretsEndpoint());
    WebhookSecrets secrets =
        new WebhookSecrets(
            new CachingSecretSource(
                new SecretsManagerSource(secretsManager), clock, CachingSecretSource.DEFAULT_TTL),
            config.webhookSecretId().get());
    return (request, expires) ->
        secrets
            .get(WebhookSecrets.APPROVALS)
            .map(
                key ->
                    ApprovalLinks.link(
                        config.apiUrl().get(),
                        key,
                        request.id(),
                        request.app(),
                        request.build(),
                        expires));
  }

  /**
   * Built on first use: the five pipeline functions share this wiring, and only the lock needs Step
   * Functions (and only the record and the gate need SNS), so the others' cold starts do not pay
   * for those clients.
   */
  private static <T> Supplier<T> lazily(Supplier<T> create) {
    return new Supplier<>() {
      private T value;

      @Override
      public synchronized T get() {
        if (value == null) {
          value = create.get();
        }
        return value;
      }
    };
  }

  private static ExecutionStatusLookup stepFunctions(String region) {
    Supplier<SfnClient> sfn =
        lazily(
            () ->
                SfnClient.builder()
                    .region(Region.of(region))
                    .httpClientBuilder(UrlConnectionHttpClient.builder())
                    .build());
    return arn -> {
      try {
        return Optional.of(sfn.get().describeExecution(r -> r.executionArn(arn)).statusAsString());
      } catch (ExecutionDoesNotExistException e) {
        return Optional.empty();
      }
    };
  }

  private static Notifier sns(String region, Optional<String> topicArn) {
    if (topicArn.isEmpty()) {
      return (subject, message) -> LOG.info(() -> "no SLIPWAY_TOPIC_ARN; not sent: " + subject);
    }
    Supplier<SnsClient> sns =
        lazily(
            () ->
                SnsClient.builder()
                    .region(Region.of(region))
                    .httpClientBuilder(UrlConnectionHttpClient.builder())
                    .build());
    return (subject, message) ->
        sns.get()
            .publish(
                r ->
                    r.topicArn(topicArn.get())
                        // SNS subjects: at most 100 printable ASCII characters
                        .subject(subject.length() > 100 ? subject.substring(0, 100) : subject)
                        .message(message));
  }
}
