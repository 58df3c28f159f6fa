package dev.slipway.local.cli.operate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.model.Json;
import dev.slipway.model.TerminalStepException;
import java.io.IOException;
import java.util.List;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;

/** The release executions of a target: by name or ARN, described, listed, their history. */
public final class Executions {
  public static final String NOT_FOUND = "Slipway.Cli.ExecutionNotFound";

  private final OperatorTarget target;

  public Executions(OperatorTarget target) {
    this.target = target;
  }

  /**
   * The ARN of {@code nameOrArn}: an execution ARN as it is, a name as an execution of the target's
   * release state machine.
   */
  public String arn(String nameOrArn) {
    if (nameOrArn.startsWith("arn:")) {
      return nameOrArn;
    }
    String machine = target.stateMachineArn();
    return machine.replace(":stateMachine:", ":execution:") + ":" + nameOrArn;
  }

  /**
   * DescribeExecution of {@code nameOrArn}.
   *
   * @throws TerminalStepException {@link #NOT_FOUND}
   */
  public DescribeExecutionResponse describe(String nameOrArn) {
    String arn = arn(nameOrArn);
    try {
      return AwsCalls.call(
          "states",
          "DescribeExecution",
          () -> target.sfn().describeExecution(b -> b.executionArn(arn)));
    } catch (TerminalStepException e) {
      if (e.getCause() instanceof ExecutionDoesNotExistException) {
        throw notFound(nameOrArn);
      }
      throw e;
    }
  }

  /** The execution's input as JSON (an empty object when it is not JSON). */
  public static ObjectNode input(DescribeExecutionResponse d) {
    try {
      JsonNode n = d.input() == null ? null : Json.mapper().readTree(d.input());
      return n instanceof ObjectNode o ? o : Json.mapper().createObjectNode();
    } catch (IOException e) {
      return Json.mapper().createObjectNode();
    }
  }

  /** The release's build number in its input ({@code build_num}, or {@code build}). */
  public static String build(JsonNode input) {
    return input.hasNonNull("build_num")
        ? input.path("build_num").asText()
        : input.path("build").asText(null);
  }

  /**
   * The state machine's executions of {@code status} (null: any), newest first, at most {@code
   * max}.
   */
  public List<ExecutionListItem> list(ExecutionStatus status, int max) {
    // the SDK's paginator follows nextToken; the stream stops asking once max are listed
    return AwsCalls.call(
        "states",
        "ListExecutions",
        () ->
            target
                .sfn()
                .listExecutionsPaginator(
                    b -> {
                      b.stateMachineArn(target.stateMachineArn()).maxResults(Math.min(100, max));
                      if (status != null) {
                        b.statusFilter(status);
                      }
                    })
                .executions()
                .stream()
                .limit(max)
                .toList());
  }

  /** The execution's whole history, oldest event first. */
  public List<HistoryEvent> history(String executionArn) {
    return AwsCalls.call(
        "states",
        "GetExecutionHistory",
        () ->
            target
                .sfn()
                .getExecutionHistoryPaginator(b -> b.executionArn(executionArn).maxResults(1000))
                .events()
                .stream()
                .toList());
  }

  static TerminalStepException notFound(String nameOrArn) {
    return new TerminalStepException(
        NOT_FOUND,
        "no execution '"
            + Texts.shortEscaped(nameOrArn)
            + "' of the release state machine. List them with slipway releases --app APP, or give"
            + " the execution's full ARN.");
  }
}
