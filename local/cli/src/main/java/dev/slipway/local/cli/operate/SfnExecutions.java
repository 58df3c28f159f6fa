package dev.slipway.local.cli.operate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.model.Json;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionAlreadyExistsException;
import software.amazon.awssdk.services.sfn.model.ExecutionDoesNotExistException;

/**
 * {@link RecordedReleases.Executions} on a target's Step Functions client (a deployed stack's, or
 * {@code slipway up}'s local endpoint): DescribeExecution and StartExecution as the caller.
 */
final class SfnExecutions implements RecordedReleases.Executions {
  private final SfnClient sfn;
  private final String stateMachineArn;

  SfnExecutions(SfnClient sfn, String stateMachineArn) {
    this.sfn = sfn;
    this.stateMachineArn = stateMachineArn;
  }

  @Override
  public Optional<JsonNode> describe(String executionArn) {
    try {
      DescribeExecutionResponse d = sfn.describeExecution(r -> r.executionArn(executionArn));
      ObjectNode json = Json.mapper().createObjectNode();
      json.put("executionArn", d.executionArn());
      json.put("name", d.name());
      json.put("status", d.statusAsString());
      json.put("input", d.input());
      return Optional.of(json);
    } catch (ExecutionDoesNotExistException e) {
      return Optional.empty();
    } catch (SdkException e) {
      throw AwsCalls.failed("Step Functions", "DescribeExecution", e);
    }
  }

  @Override
  public String arnOf(String name) {
    return stateMachineArn.replaceFirst(":stateMachine:", ":execution:") + ":" + name;
  }

  @Override
  public Optional<String> start(String name, String input) {
    try {
      return Optional.of(
          sfn.startExecution(r -> r.stateMachineArn(stateMachineArn).name(name).input(input))
              .executionArn());
    } catch (ExecutionAlreadyExistsException e) {
      return Optional.empty();
    } catch (SdkException e) {
      throw AwsCalls.failed("Step Functions", "StartExecution", e);
    }
  }
}
