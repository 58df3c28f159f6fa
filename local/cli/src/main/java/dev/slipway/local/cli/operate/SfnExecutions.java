package dev.slipway.local.cli.operate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.model.Json;
import dev.slipway.model.TerminalStepException;
import java.util.Optional;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionAlreadyExistsException;

/**
 * {@link RecordedReleases.StateMachine} on a target's release state machine (a deployed stack's, or
 * {@code slipway up}'s local endpoint): DescribeExecution through {@link Executions} and
 * StartExecution, as the caller.
 */
final class SfnExecutions implements RecordedReleases.StateMachine {
  private final OperatorTarget target;
  private final Executions executions;

  SfnExecutions(OperatorTarget target) {
    this.target = target;
    this.executions = new Executions(target);
  }

  @Override
  public Optional<JsonNode> describe(String executionArn) {
    DescribeExecutionResponse d;
    try {
      d = executions.describe(executionArn);
    } catch (TerminalStepException e) {
      if (Executions.NOT_FOUND.equals(e.errorName())) {
        return Optional.empty();
      }
      throw e;
    }
    ObjectNode json = Json.mapper().createObjectNode();
    json.put("executionArn", d.executionArn());
    json.put("name", d.name());
    json.put("status", d.statusAsString());
    json.put("input", d.input());
    return Optional.of(json);
  }

  @Override
  public String arnOf(String name) {
    return executions.arn(name);
  }

  @Override
  public Optional<String> start(String name, String input) {
    try {
      return Optional.of(
          AwsCalls.call(
                  "states",
                  "StartExecution",
                  () ->
                      target
                          .sfn()
                          .startExecution(
                              b ->
                                  b.stateMachineArn(target.stateMachineArn())
                                      .name(name)
                                      .input(input)))
              .executionArn());
    } catch (TerminalStepException e) {
      if (e.getCause() instanceof ExecutionAlreadyExistsException) {
        return Optional.empty();
      }
      throw e;
    }
  }
}
