package dev.slipway.local.cli.operate;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.model.TerminalStepException;
import dev.slipway.store.Keys;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/**
 * {@code slipway stop EXECUTION [--reason TEXT]}: StopExecution, with the caller named in its
 * cause. The execution ends ABORTED; the stack's reconciliation (EventBridge → reconcile; locally
 * the same function on the executor's status bus) puts the clusters back and records the release as
 * {@code aborted}, with that cause ({@code stoppedWith}) in the release record.
 */
@Command(
    name = "stop",
    description = {
      "Stop a running release (StopExecution). Reconciliation puts its clusters back, releases the"
          + " lock and records it as aborted, naming who stopped it and why."
    })
public final class StopCommand implements Callable<Integer> {
  /** The error StopExecution records. */
  public static final String STOPPED = "Slipway.Operator.Stopped";

  public static final String NOT_RUNNING = "Slipway.Cli.NotRunning";

  /** StopExecution's limit on the cause. */
  private static final int MAX_REASON = 2000;

  @Mixin TargetOptions target;

  @Parameters(index = "0", paramLabel = "EXECUTION", description = "the execution's name or ARN")
  String execution;

  @Option(names = "--reason", paramLabel = "TEXT", description = "why, for the record")
  String reason;

  @Override
  public Integer call() {
    Output out = target.output(System.out);
    try (OperatorTarget t = target.open()) {
      var executions = new Executions(t);
      DescribeExecutionResponse d = executions.describe(execution);
      if (d.status() != ExecutionStatus.RUNNING) {
        throw new TerminalStepException(
            NOT_RUNNING,
            "execution "
                + d.name()
                + " already ended "
                + d.statusAsString()
                + ": there is nothing to stop. slipway status "
                + d.name()
                + " shows how it ended.");
      }
      if (reason != null && reason.length() > MAX_REASON) {
        throw new TerminalStepException(
            "Slipway.Cli.BadOption", "--reason is at most " + MAX_REASON + " characters");
      }
      String who = t.caller();
      String cause =
          "stopped by " + who + (reason == null || reason.isBlank() ? "" : ": " + reason);
      var stopped =
          AwsCalls.call(
              "states",
              "StopExecution",
              () ->
                  t.sfn()
                      .stopExecution(
                          b -> b.executionArn(d.executionArn()).error(STOPPED).cause(cause)));
      var input = Executions.input(d);
      String app = input.path("app").asText(null);
      String env = input.path("environment").asText(null);
      ObjectNode result = Output.object();
      result.put("executionArn", d.executionArn());
      result.put("name", d.name());
      result.put("app", app);
      result.put("environment", env);
      result.put("build", Executions.build(input));
      result.put("stoppedAt", stopped.stopDate() == null ? null : stopped.stopDate().toString());
      result.put("stoppedBy", who);
      result.put("error", STOPPED);
      result.put("cause", cause);
      if (app != null && env != null) {
        result.put("record", Keys.release(app, env));
      }
      out.result(
          result,
          text -> {
            text.println(
                "stopped "
                    + d.name()
                    + (app == null
                        ? ""
                        : " (" + app + " build " + Executions.build(input) + " to " + env + ")")
                    + " at "
                    + Output.time(stopped.stopDate())
                    + " as "
                    + who);
            text.println(
                "  reconciliation puts its clusters back and records it as aborted"
                    + (app == null
                        ? ""
                        : ": slipway releases --app " + app + " --env " + env + " shows it"));
          });
    }
    return 0;
  }
}
