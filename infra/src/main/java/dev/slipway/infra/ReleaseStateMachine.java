package dev.slipway.infra;

import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.stepfunctions.DefinitionBody;
import software.amazon.awscdk.services.stepfunctions.LogLevel;
import software.amazon.awscdk.services.stepfunctions.LogOptions;
import software.amazon.awscdk.services.stepfunctions.StateMachine;
import software.amazon.awscdk.services.stepfunctions.StateMachineType;

/**
 * The release state machine, {@code statemachines/release.asl.json} with each {@code
 * ${XFunctionArn}} replaced by that function's live alias, and its execution log group. Created in
 * the stack's own scope (see docs/infra-layout.md).
 */
final class ReleaseStateMachine {
  private final String name;
  private final StateMachine stateMachine;

  ReleaseStateMachine(
      Stack stack, SlipwayStackProps props, RetentionDays retention, SlipwayFunctions functions) {
    name = nameIn(stack);
    LogGroup executionLogs =
        LogGroup.Builder.create(stack, "ReleaseLogs")
            // The vended-logs prefix keeps Step Functions' log resource policy small.
            .logGroupName("/aws/vendedlogs/states/" + name)
            .retention(retention)
            .removalPolicy(RemovalPolicy.DESTROY)
            .build();
    stateMachine =
        StateMachine.Builder.create(stack, "Release")
            .stateMachineName(name)
            .stateMachineType(StateMachineType.STANDARD)
            .definitionBody(DefinitionBody.fromFile(props.definition().toString()))
            .definitionSubstitutions(functions.stateMachineSubstitutions())
            // No .timeout(): CDK ignores it for fromFile; the ASL's TimeoutSeconds (the release
            // budget's one knob) is checked by SlipwayStackProps.
            .tracingEnabled(true)
            .logs(
                LogOptions.builder()
                    .destination(executionLogs)
                    .level(LogLevel.ERROR)
                    .includeExecutionData(false)
                    .build())
            .build();
  }

  /**
   * {@code <stack name>-release}: fixed, so that a role can name the machine's executions without
   * referring to the machine (a function the machine invokes would be a cycle).
   */
  static String nameIn(Stack stack) {
    return stack.getStackName() + "-release";
  }

  String name() {
    return name;
  }

  StateMachine stateMachine() {
    return stateMachine;
  }

  /** Lets the machine invoke its functions' live aliases (and nothing else of theirs). */
  void grantInvoke(RolePolicies policies, SlipwayFunctions functions) {
    policies.grantStateMachine(stateMachine.getRole(), functions.stateMachineTargets());
  }
}
