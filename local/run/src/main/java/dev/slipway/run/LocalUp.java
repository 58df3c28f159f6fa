package dev.slipway.run;

import dev.slipway.model.Json;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What {@code slipway up} keeps up: the environment and the executor of {@code slipway run} (a
 * {@link ReleaseRun}, whose approval gates are answered as they open), and a {@link
 * LocalAwsEndpoint} in front of that executor, so that the webhook function, invoked on its own
 * with {@link #awsEnvironment()}, starts releases that run here, with the same local functions.
 */
public final class LocalUp implements AutoCloseable {
  /** The id of the webhook secret the endpoint serves. */
  public static final String WEBHOOK_SECRET_ID = "slipway/webhooks";

  /**
   * The value under each key of that secret: the documented test secret the sample events in {@code
   * events/webhooks/} are signed with. Local only; never a real deployment's secret.
   */
  public static final String TEST_SECRET = "slipway-test-secret";

  private final ReleaseRun run;
  private final LocalExecutionStarter starter;
  private final LocalAwsEndpoint aws;

  private LocalUp(ReleaseRun run, LocalExecutionStarter starter, LocalAwsEndpoint aws) {
    this.run = run;
    this.starter = starter;
    this.aws = aws;
  }

  /**
   * Starts the environment of {@code options} and the release executor over {@code definitionFile},
   * with its AWS endpoint; progress and one line per AWS call go to {@code out} (null: nowhere).
   */
  public static LocalUp start(
      RunOptions options, Path definitionFile, Instant start, PrintStream out) throws IOException {
    LocalAwsEndpoint.preferNoDelay();
    ReleaseRun run = ReleaseRun.prepare(options, definitionFile, start, out);
    try {
      var starter = run.starter();
      Consumer<String> log = out == null ? line -> {} : line -> out.println("  " + line);
      var aws =
          LocalAwsEndpoint.start(
              starter,
              run.executor().taskTokens(),
              Map.of(WEBHOOK_SECRET_ID, webhookSecret()),
              log);
      run.answerApprovalsInBackground();
      return new LocalUp(run, starter, aws);
    } catch (RuntimeException e) {
      run.close();
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
        aws) {
      // stops the endpoint, then the executions still running, then the environment
    }
  }
}
