package dev.slipway.local.run;

import dev.slipway.local.embedded.EmbeddedS3Server;
import dev.slipway.model.Json;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * What {@code slipway up} keeps up: the environment and the executor of {@code slipway run} (a
 * {@link ReleaseRun}, whose approval gates are answered as they open), and a {@link
 * LocalAwsEndpoint} in front of that executor, so that the webhook function, invoked on its own
 * with {@link #awsEnvironment()}, starts releases that run here, with the same local functions; and
 * a {@link LocalApi} that serves the webhook and approval handlers over HTTP, as API Gateway would.
 */
public final class LocalUp implements AutoCloseable {
  /** The id of the webhook secret the endpoint serves. */
  public static final String WEBHOOK_SECRET_ID = "slipway/webhooks";

  /**
   * The value under each key of that secret: the documented test secret the sample events in {@code
   * events/webhooks/} are signed with. Local only; never a real deployment's secret.
   */
  public static final String TEST_SECRET = "slipway-test-secret";

  /** Who answers the approval gates of the releases up runs. */
  public enum Approvals {
    /** The background approver, as the scenario says (approve, or reject). */
    SCENARIO,
    /** A person, through the signed link each gate prints; else the gate's own timeout. */
    MANUAL
  }

  /**
   * How long (real time) a gate left to a person waits before virtual time jumps to the gate's own
   * timeout.
   */
  static final Duration MANUAL_GRACE = Duration.ofHours(24);

  private final ReleaseRun run;
  private final LocalExecutionStarter starter;
  private final LocalAwsEndpoint aws;
  private final LocalApi api;

  private LocalUp(
      ReleaseRun run, LocalExecutionStarter starter, LocalAwsEndpoint aws, LocalApi api) {
    this.run = run;
    this.starter = starter;
    this.aws = aws;
    this.api = api;
  }

  /** As below, with gates answered per the scenario. */
  public static LocalUp start(
      RunOptions options, Path definitionFile, Instant start, PrintStream out) throws IOException {
    return start(options, definitionFile, start, out, Approvals.SCENARIO);
  }

  /**
   * Starts the environment of {@code options} and the release executor over {@code definitionFile},
   * with its AWS endpoint and its webhook API ({@link LocalApi}); the approval gate signs links to
   * that API. Progress and one line per AWS call and API request go to {@code out} (null: nowhere).
   */
  public static LocalUp start(
      RunOptions options, Path definitionFile, Instant start, PrintStream out, Approvals approvals)
      throws IOException {
    LocalAwsEndpoint.preferNoDelay();
    Consumer<String> log = out == null ? line -> {} : line -> out.println("  " + line);
    LocalAwsEndpoint aws = LocalAwsEndpoint.open(Map.of(WEBHOOK_SECRET_ID, webhookSecret()), log);
    LocalApi api = LocalApi.open(log);
    ReleaseRun run = null;
    try {
      Consumer<LocalEnvironment> links =
          env -> {
            env.putFunctionEnvironment("SLIPWAY_API_URL", api.uri().toString());
            env.putFunctionEnvironment("SLIPWAY_WEBHOOK_SECRET_ID", WEBHOOK_SECRET_ID);
            env.putFunctionEnvironment("SLIPWAY_SECRETS_ENDPOINT", aws.uri().toString());
          };
      run =
          approvals == Approvals.MANUAL
              ? ReleaseRun.unattended(options, definitionFile, start, out, links, MANUAL_GRACE)
              : ReleaseRun.prepare(options, definitionFile, start, out, links);
      // releases started through the endpoint run at once: a queued one waits for its lock's holder
      run.paceLockWaits();
      var starter = run.starter();
      aws.serve(starter, run.executor().taskTokens(), new SecureRandom());
      LocalUp up = new LocalUp(run, starter, aws, api);
      api.serve(LocalApi.handlers(up.fileEnvironment()));
      if (approvals == Approvals.MANUAL) {
        run.announceApprovalsInBackground();
      } else {
        run.answerApprovalsInBackground();
      }
      return up;
    } catch (IOException | RuntimeException e) {
      try (aws;
          api) {
        if (run != null) {
          run.close();
        }
      }
      throw e;
    }
  }

  /** The webhook secret: {@link #TEST_SECRET} under every key the webhook reads. */
  static String webhookSecret() {
    var secret = Json.mapper().createObjectNode();
    for (String key : new String[] {"github", "jenkins", "jenkinsToken", "build", "approvals"}) {
      secret.put(key, TEST_SECRET);
    }
    return secret.toString();
  }

  /**
   * What points the webhook function at this endpoint: {@code SLIPWAY_SFN_ENDPOINT}, {@code
   * SLIPWAY_SECRETS_ENDPOINT}, {@code SLIPWAY_STATE_MACHINE_ARN}, {@code
   * SLIPWAY_WEBHOOK_SECRET_ID}.
   */
  public Map<String, String> awsEnvironment() {
    Map<String, String> vars = new LinkedHashMap<>();
    vars.put("SLIPWAY_SFN_ENDPOINT", aws.uri().toString());
    vars.put("SLIPWAY_SECRETS_ENDPOINT", aws.uri().toString());
    vars.put("SLIPWAY_STATE_MACHINE_ARN", starter.stateMachineArn());
    vars.put("SLIPWAY_WEBHOOK_SECRET_ID", WEBHOOK_SECRET_ID);
    return vars;
  }

  /**
   * What {@code slipway up} writes to its env file, and what its API's handlers are built from: the
   * functions' environment (with {@code SLIPWAY_API_URL}), {@link #awsEnvironment()}, and the
   * embedded S3 server's local-only keys (the functions read credentials from the AWS SDK's default
   * chain).
   */
  public Map<String, String> fileEnvironment() {
    Map<String, String> vars = functionEnvironmentWithKeys(run.environment());
    vars.putAll(awsEnvironment());
    return vars;
  }

  /**
   * What a function needs to reach {@code env}: its endpoints, and the embedded S3 server's
   * local-only keys (the functions read credentials from the AWS SDK's default chain).
   */
  public static Map<String, String> functionEnvironmentWithKeys(LocalEnvironment env) {
    Map<String, String> vars = new TreeMap<>(env.functionEnvironment());
    if (env.s3Endpoint() != null && vars.get("SLIPWAY_S3_ENDPOINT") != null) {
      vars.put("AWS_ACCESS_KEY_ID", EmbeddedS3Server.ACCESS_KEY);
      vars.put("AWS_SECRET_ACCESS_KEY", EmbeddedS3Server.SECRET_KEY);
    }
    return vars;
  }

  /**
   * Holds every release's Wait state named {@code state} until the release is stopped (e.g. {@code
   * Bake}: the core wave is live, its canary has not run), so that a release stays mid-wave for
   * {@code slipway status} and {@code slipway stop}; null holds nothing.
   */
  public void holdAt(String state) {
    run.holdAt(state);
  }

  /** The webhook API. */
  public LocalApi api() {
    return api;
  }

  public LocalEnvironment environment() {
    return run.environment();
  }

  /** The executions started through the endpoint. */
  public LocalExecutionStarter executions() {
    return starter;
  }

  public LocalAwsEndpoint aws() {
    return aws;
  }

  @Override
  public void close() {
    try (run;
        starter;
        aws;
        api) {
      // stops the API, the endpoint, then the executions still running, then the environment
    }
  }
}
