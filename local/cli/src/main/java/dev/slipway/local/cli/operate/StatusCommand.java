package dev.slipway.local.cli.operate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.local.run.Progress;
import dev.slipway.model.Json;
import dev.slipway.model.TerminalStepException;
import dev.slipway.store.Keys;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;

/**
 * {@code slipway status [EXECUTION | --app A --env E] [--watch]}: where a release is; with {@code
 * --watch}, the progress lines {@code slipway run} prints ({@link Progress}), until it ends.
 */
@Command(
    name = "status",
    description = {
      "Where a release is: its state, the waves done, the current wave's rollout, the canary"
          + " verdict, a gate waiting for approval (with its id and link). Without EXECUTION: the"
          + " release of --app to --env that runs now (it holds the app's lock), else the last one.",
      "--watch prints one line per state as 'slipway run' does, until the release ends."
    })
public final class StatusCommand implements Callable<Integer> {
  public static final String NO_RELEASE = "Slipway.Cli.NoRelease";

  /** How often --watch reads the history. */
  static final Duration POLL = Duration.ofSeconds(1);

  @Mixin TargetOptions target;

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "EXECUTION",
      description = "the execution's name or ARN")
  String execution;

  @Option(names = "--app", paramLabel = "APP", description = "the application (without EXECUTION)")
  String app;

  @Option(names = "--env", paramLabel = "ENV", description = "its environment (without EXECUTION)")
  String env;

  @Option(names = "--watch", description = "print progress lines until the release ends")
  boolean watch;

  @Override
  public Integer call() throws InterruptedException {
    Output out = target.output(System.out);
    try (OperatorTarget t = target.open()) {
      var executions = new Executions(t);
      String arn = execution != null ? executions.arn(execution) : current(t, executions);
      DescribeExecutionResponse d = executions.describe(arn);
      if (watch) {
        d = watch(executions, d, out);
      }
      ObjectNode status = ReleaseStatus.of(t, d, executions.history(d.executionArn()));
      out.result(status, text -> ReleaseStatus.print(status, text));
      return d.status() == ExecutionStatus.SUCCEEDED || d.status() == ExecutionStatus.RUNNING
          ? 0
          : 1;
    }
  }

  /** Prints the progress lines of {@code d} until it ends; returns it as it ended. */
  private DescribeExecutionResponse watch(
      Executions executions, DescribeExecutionResponse d, Output out) throws InterruptedException {
    var progress = new Progress(out.stream());
    Map<Long, Long> lanes = new HashMap<>();
    long seen = 0;
    while (true) {
      boolean ended = d.status() != ExecutionStatus.RUNNING;
      for (HistoryEvent e : executions.history(d.executionArn())) {
        if (e.id() <= seen) {
          continue;
        }
        seen = e.id();
        long lane =
            e.typeAsString().equals("MapIterationStarted")
                ? e.id()
                : lanes.getOrDefault(e.previousEventId(), 0L);
        lanes.put(e.id(), lane);
        if (!out.json()) {
          progress.onEvent(d.startDate(), lane, local(e));
        }
      }
      if (ended) {
        return d;
      }
      Thread.sleep(POLL.toMillis());
      d = executions.describe(d.executionArn());
    }
  }

  /** Step Functions' event as the local executor's, for {@link Progress}. */
  private static dev.slipway.local.executor.HistoryEvent local(HistoryEvent e) {
    ObjectNode details = Json.mapper().createObjectNode();
    if (e.stateEnteredEventDetails() != null) {
      details.put("name", e.stateEnteredEventDetails().name());
    }
    if (e.stateExitedEventDetails() != null) {
      details.put("name", e.stateExitedEventDetails().name());
    }
    failureError(e).ifPresent(error -> details.put("error", error));
    return new dev.slipway.local.executor.HistoryEvent(
        e.id(),
        e.previousEventId() == null ? 0 : e.previousEventId(),
        e.timestamp(),
        e.typeAsString(),
        details);
  }

  private static Optional<String> failureError(HistoryEvent e) {
    if (e.taskFailedEventDetails() != null) {
      return Optional.ofNullable(e.taskFailedEventDetails().error());
    }
    if (e.lambdaFunctionFailedEventDetails() != null) {
      return Optional.ofNullable(e.lambdaFunctionFailedEventDetails().error());
    }
    if (e.taskTimedOutEventDetails() != null) {
      return Optional.ofNullable(e.taskTimedOutEventDetails().error());
    }
    if (e.lambdaFunctionTimedOutEventDetails() != null) {
      return Optional.ofNullable(e.lambdaFunctionTimedOutEventDetails().error());
    }
    return Optional.empty();
  }

  /**
   * The release of --app to --env: the one holding the app's lock if it is of --env, else the
   * newest in the release record.
   */
  private String current(OperatorTarget t, Executions executions) {
    if (app == null || env == null) {
      throw new TerminalStepException(
          "Slipway.Cli.BadOption", "give an EXECUTION, or --app APP and --env ENV");
    }
    Optional<String> holder =
        t.store().find(Keys.lock(app)).map(o -> read(o.body()).path("holder").asText(null));
    if (holder.isPresent() && holder.get() != null && holder.get().startsWith("arn:")) {
      DescribeExecutionResponse d = executions.describe(holder.get());
      if (env.equals(Executions.input(d).path("environment").asText())) {
        return d.executionArn();
      }
    }
    List<String> recorded =
        t.store()
            .find(Keys.release(app, env))
            .map(o -> read(o.body()).path("history").findValuesAsText("executionArn"))
            .orElse(List.of());
    if (recorded.isEmpty()) {
      throw new TerminalStepException(
          NO_RELEASE,
          "no release of '"
              + Texts.shortEscaped(app)
              + "' to '"
              + Texts.shortEscaped(env)
              + "' runs or was recorded in "
              + t.name()
              + ". Give the execution's name instead.");
    }
    return recorded.get(0);
  }

  private static JsonNode read(byte[] body) {
    try {
      JsonNode n = Json.mapper().readTree(body);
      return n == null ? Json.mapper().createObjectNode() : n;
    } catch (IOException e) {
      return Json.mapper().createObjectNode();
    }
  }
}
