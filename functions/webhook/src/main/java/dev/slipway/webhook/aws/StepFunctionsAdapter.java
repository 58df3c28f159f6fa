package dev.slipway.webhook.aws;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.awshttp.AwsCallException;
import dev.slipway.awshttp.AwsJson;
import dev.slipway.model.RetryableStepException;
import dev.slipway.model.TerminalStepException;
import dev.slipway.webhook.ExecutionStarter;
import dev.slipway.webhook.TaskCallbacks;
import dev.slipway.webhook.WebhookErrors;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Set;

/** Step Functions' StartExecution, SendTaskSuccess and SendTaskFailure over its JSON API. */
public final class StepFunctionsAdapter implements ExecutionStarter, TaskCallbacks {
  /** The answers that mean the task token no longer waits: the gate closed before the answer. */
  static final Set<String> TOKEN_GONE = Set.of("TaskTimedOut", "TaskDoesNotExist", "InvalidToken");

  private final AwsJson sfn;
  private final String stateMachineArn;

  public StepFunctionsAdapter(AwsJson sfn, String stateMachineArn) {
    this.sfn = sfn;
    this.stateMachineArn = stateMachineArn;
  }

  @Override
  public Started start(String name, String input) {
    try {
      JsonNode r =
          sfn.call(
              "StartExecution",
              AwsJson.input()
                  .put("stateMachineArn", stateMachineArn)
                  .put("name", name)
                  .put("input", input));
      return new Started(
          r.path("executionArn").asText(), name, startDate(r.path("startDate")), false);
    } catch (AwsCallException e) {
      if ("ExecutionAlreadyExists".equals(e.code())) {
        return new Started(executionArn(stateMachineArn, name), name, null, true);
      }
      throw failure("start execution " + name, e);
    }
  }

  @Override
  public boolean succeed(String taskToken, String output) {
    return answer(
        "SendTaskSuccess",
        AwsJson.input().put("taskToken", taskToken).put("output", output),
        "send the approval");
  }

  @Override
  public boolean fail(String taskToken, String error, String cause) {
    return answer(
        "SendTaskFailure",
        AwsJson.input().put("taskToken", taskToken).put("error", error).put("cause", cause),
        "send the rejection");
  }

  private boolean answer(
      String operation, com.fasterxml.jackson.databind.node.ObjectNode input, String what) {
    try {
      sfn.call(operation, input);
      return true;
    } catch (AwsCallException e) {
      if (TOKEN_GONE.contains(e.code())) {
        return false;
      }
      throw failure(what, e);
    }
  }

  /** Step Functions sends dates as epoch seconds with a fraction. */
  static Instant startDate(JsonNode seconds) {
    if (!seconds.isNumber()) {
      return null;
    }
    BigDecimal s = seconds.decimalValue();
    long whole = s.longValue();
    return Instant.ofEpochSecond(
        whole, s.subtract(BigDecimal.valueOf(whole)).movePointRight(9).longValue());
  }

  /**
   * The ARN of execution {@code name} of a standard state machine: {@code
   * arn:aws:states:<region>:<account>:execution:<machine>:<name>}.
   */
  static String executionArn(String stateMachineArn, String name) {
    return stateMachineArn.replaceFirst(":stateMachine:", ":execution:") + ":" + name;
  }

  private static RuntimeException failure(String what, AwsCallException e) {
    if (e.retryable()) {
      return new RetryableStepException(
          WebhookErrors.START_FAILED,
          "Step Functions did not answer to "
              + what
              + " ("
              + e.detail()
              + "). The sender may retry;"
              + " the execution name makes the retry safe.",
          e);
    }
    return new TerminalStepException(
        WebhookErrors.START_FAILED,
        "Step Functions refused to "
            + what
            + " ("
            + e.detail()
            + "). Check SLIPWAY_STATE_MACHINE_ARN"
            + " and the function's IAM permissions (states:StartExecution, states:SendTask*).",
        e);
  }
}
