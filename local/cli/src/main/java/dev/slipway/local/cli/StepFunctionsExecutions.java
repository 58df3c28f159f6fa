package dev.slipway.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.awshttp.AwsCallException;
import dev.slipway.awshttp.AwsJson;
import dev.slipway.model.TerminalStepException;
import dev.slipway.webhook.ExecutionStarter;
import dev.slipway.webhook.aws.StepFunctionsAdapter;
import java.util.Optional;

/**
 * {@link RecordedReleases.Executions} over Step Functions' JSON API (a deployed stack's, or {@code
 * slipway up}'s local endpoint): DescribeExecution and StartExecution as the caller's IAM identity.
 */
final class StepFunctionsExecutions implements RecordedReleases.Executions {
  private final AwsJson sfn;
  private final String stateMachineArn;

  StepFunctionsExecutions(AwsJson sfn, String stateMachineArn) {
    this.sfn = sfn;
    this.stateMachineArn = stateMachineArn;
  }

  @Override
  public Optional<JsonNode> describe(String executionArn) {
    try {
      return Optional.of(
          sfn.call("DescribeExecution", AwsJson.input().put("executionArn", executionArn)));
    } catch (AwsCallException e) {
      if ("ExecutionDoesNotExist".equals(e.code())) {
        return Optional.empty();
      }
      throw failure("DescribeExecution", e);
    }
  }

  @Override
  public String arnOf(String name) {
    return stateMachineArn.replace(":stateMachine:", ":execution:") + ":" + name;
  }

  @Override
  public Optional<String> start(String name, String input) {
    ExecutionStarter.Started started =
        new StepFunctionsAdapter(sfn, stateMachineArn).start(name, input);
    return started.alreadyExisted() ? Optional.empty() : Optional.of(started.executionArn());
  }

  private static TerminalStepException failure(String operation, AwsCallException e) {
    return new TerminalStepException(
        "Slipway.Operate.AwsCall",
        "Step Functions "
            + operation
            + " failed: "
            + e.detail()
            + ". Check the credentials (the OperatorPolicy of the stack grants what the commands"
            + " use) and the target (--stack NAME or --local).");
  }
}
