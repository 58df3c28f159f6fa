package dev.slipway.webhook.aws;

import dev.slipway.model.RetryableStepException;
import dev.slipway.model.TerminalStepException;
import dev.slipway.webhook.ExecutionStarter;
import dev.slipway.webhook.TaskCallbacks;
import dev.slipway.webhook.WebhookErrors;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionAlreadyExistsException;
import software.amazon.awssdk.services.sfn.model.InvalidTokenException;
import software.amazon.awssdk.services.sfn.model.SfnException;
import software.amazon.awssdk.services.sfn.model.StartExecutionResponse;
import software.amazon.awssdk.services.sfn.model.TaskDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.TaskTimedOutException;

/** Step Functions through the AWS SDK: StartExecution, SendTaskSuccess, SendTaskFailure. */
public final class StepFunctionsAdapter implements ExecutionStarter, TaskCallbacks {
  private final SfnClient sfn;
  private final String stateMachineArn;

  public StepFunctionsAdapter(SfnClient sfn, String stateMachineArn) {
    this.sfn = sfn;
    this.stateMachineArn = stateMachineArn;
  }

  @Override
  public Started start(String name, String input) {
    try {
      StartExecutionResponse r =
          sfn.startExecution(b -> b.stateMachineArn(stateMachineArn).name(name).input(input));
      return new Started(r.executionArn(), name, r.startDate(), false);
    } catch (ExecutionAlreadyExistsException e) {
      return new Started(executionArn(stateMachineArn, name), name, null, true);
    } catch (SfnException | SdkClientException e) {
      throw failure("start execution " + name, e);
    }
  }

  @Override
  public boolean succeed(String taskToken, String output) {
    try {
      sfn.sendTaskSuccess(b -> b.taskToken(taskToken).output(output));
      return true;
    } catch (TaskTimedOutException | TaskDoesNotExistException | InvalidTokenException e) {
      return false;
    } catch (SfnException | SdkClientException e) {
      throw failure("send the approval", e);
    }
  }

  @Override
  public boolean fail(String taskToken, String error, String cause) {
    try {
      sfn.sendTaskFailure(b -> b.taskToken(taskToken).error(error).cause(cause));
      return true;
    } catch (TaskTimedOutException | TaskDoesNotExistException | InvalidTokenException e) {
      return false;
    } catch (SfnException | SdkClientException e) {
      throw failure("send the rejection", e);
    }
  }

  /**
   * The ARN of execution {@code name} of a standard state machine: {@code
   * arn:aws:states:<region>:<account>:execution:<machine>:<name>}.
   */
  static String executionArn(String stateMachineArn, String name) {
    return stateMachineArn.replaceFirst(":stateMachine:", ":execution:") + ":" + name;
  }

  private static RuntimeException failure(String what, Exception e) {
    int status = e instanceof SfnException s ? s.statusCode() : 0;
    String detail =
        e instanceof SfnException s && s.awsErrorDetails() != null
            ? s.awsErrorDetails().errorCode() + ": " + s.awsErrorDetails().errorMessage()
            : e.getClass().getSimpleName() + ": " + e.getMessage();
    boolean throttled = e instanceof SfnException s && s.isThrottlingException();
    if (status == 0 || status == 429 || status >= 500 || throttled) {
      return new RetryableStepException(
          WebhookErrors.START_FAILED,
          "Step Functions did not answer to "
              + what
              + " ("
              + detail
              + "). The sender may retry;"
              + " the execution name makes the retry safe.",
          e);
    }
    return new TerminalStepException(
        WebhookErrors.START_FAILED,
        "Step Functions refused to "
            + what
            + " ("
            + detail
            + "). Check SLIPWAY_STATE_MACHINE_ARN"
            + " and the function's IAM permissions (states:StartExecution, states:SendTask*).",
        e);
  }
}
