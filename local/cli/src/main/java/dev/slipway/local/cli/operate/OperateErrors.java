package dev.slipway.local.cli.operate;

import dev.slipway.model.TerminalStepException;
import java.nio.file.Path;

/** The named errors of the operating commands, each with a cause that says what to do. */
public final class OperateErrors {
  public static final String NO_TARGET = "Slipway.Cli.NoTarget";
  public static final String STACK_NOT_FOUND = "Slipway.Cli.StackNotFound";
  public static final String STACK_OUTPUT_MISSING = "Slipway.Cli.StackOutputMissing";
  public static final String LOCAL_NOT_RUNNING = "Slipway.Cli.LocalNotRunning";
  public static final String AWS_CALL_FAILED = "Slipway.Cli.AwsCallFailed";
  public static final String NO_CREDENTIALS = "Slipway.Cli.NoCredentials";

  private OperateErrors() {}

  public static TerminalStepException noTarget() {
    return new TerminalStepException(
        NO_TARGET,
        "say which Slipway to operate: --stack NAME (a deployed stack; or set SLIPWAY_STACK) or"
            + " --local (the one 'slipway up' runs)");
  }

  public static TerminalStepException bothTargets() {
    return new TerminalStepException(
        NO_TARGET, "--stack and --local exclude each other: give one of them");
  }

  public static TerminalStepException stackNotFound(String stack, String region) {
    return new TerminalStepException(
        STACK_NOT_FOUND,
        "no CloudFormation stack named '"
            + Texts.shortEscaped(stack)
            + "' in "
            + region
            + ". Check the name (cdk deploy prints it) and the region (--region, AWS_REGION or"
            + " the profile's region).");
  }

  public static TerminalStepException outputMissing(String stack, String output) {
    return new TerminalStepException(
        STACK_OUTPUT_MISSING,
        "stack '"
            + Texts.shortEscaped(stack)
            + "' has no output "
            + output
            + ": it was deployed by an older Slipway. Deploy this version of infra/ (cdk deploy)"
            + " and try again.");
  }

  public static TerminalStepException localNotRunning(Path envFile, String why) {
    return new TerminalStepException(
        LOCAL_NOT_RUNNING,
        "no 'slipway up' to operate ("
            + why
            + "; read "
            + envFile
            + "). Start it in another terminal with ./slipway up, or point --env-file at the file"
            + " it wrote.");
  }

  public static TerminalStepException localFileIncomplete(Path envFile, String variable) {
    return new TerminalStepException(
        LOCAL_NOT_RUNNING,
        envFile
            + " has no "
            + variable
            + ": it was written by an older 'slipway up'. Restart ./slipway up and try again.");
  }

  public static TerminalStepException noCredentials(String detail) {
    return new TerminalStepException(
        NO_CREDENTIALS,
        "no AWS credentials for --stack ("
            + detail
            + "). Log in as you would for the AWS CLI (aws sso login, AWS_PROFILE, or"
            + " AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY), with the stack's OperatorPolicy attached.");
  }

  /**
   * An AWS call the command made was refused or went unanswered: names the service, operation and
   * AWS's error code; access denied says which policy grants it.
   */
  public static TerminalStepException awsCall(
      String service, String operation, String code, String message, Throwable cause) {
    String hint =
        code != null && code.contains("AccessDenied")
            ? " Attach the stack's OperatorPolicy (output OperatorPolicyArn) to your role or user."
            : "";
    return new TerminalStepException(
        AWS_CALL_FAILED,
        service
            + " "
            + operation
            + " failed"
            + (code == null ? "" : " (" + code + ")")
            + (message == null ? "" : ": " + Texts.shortEscaped(message, 300))
            + "."
            + hint,
        cause);
  }
}
