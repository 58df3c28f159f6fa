package dev.slipway.infra;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.ManagedPolicy;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.stepfunctions.StateMachine;

/**
 * {@code OperatorPolicy}: a managed policy with exactly what the operating commands of the {@code
 * slipway} CLI call (docs/operating.md) — attach it to the people's or the automation's role.
 *
 * <ul>
 *   <li>{@code --stack}: CloudFormation DescribeStacks of this stack (its outputs);
 *   <li>{@code releases}, {@code status}: the release records, locks and the builds' artifacts
 *       (approval requests, canary results), read; the executions listed, described, their history;
 *   <li>{@code stop}: StopExecution;
 *   <li>{@code approve}, {@code reject}: the approval request written back with the decision,
 *       SendTaskSuccess/SendTaskFailure (AWS supports no narrower resource than "*" for them);
 *   <li>{@code rollback}, {@code promote}, {@code rerun}: StartExecution of the release state
 *       machine, reading the recorded builds' stored manifests (artifacts/) and the configuration
 *       (config/slipway.yaml: the target environment and its clusters).
 * </ul>
 *
 * The caller's identity (who stopped, who approved) comes from STS GetCallerIdentity, which needs
 * no permission.
 */
final class OperatorPolicy {
  static final String ID = "OperatorPolicy";

  private OperatorPolicy() {}

  static ManagedPolicy create(
      Stack stack, Bucket bucket, Key key, StateMachine stateMachine, String stateMachineName) {
    String executions = RolePolicies.executionsArn(stack, stateMachineName);
    String stackArn =
        stack.formatArn(
            ArnComponents.builder()
                .service("cloudformation")
                .resource("stack")
                .resourceName(stack.getStackName() + "/*")
                .arnFormat(ArnFormat.SLASH_RESOURCE_NAME)
                .build());
    List<PolicyStatement> statements = new ArrayList<>();
    statements.add(allow(List.of("cloudformation:DescribeStacks"), List.of(stackArn)));
    statements.add(
        allow(
            List.of("states:ListExecutions", "states:StartExecution"),
            List.of(stateMachine.getStateMachineArn())));
    statements.add(
        allow(
            List.of(
                "states:DescribeExecution", "states:GetExecutionHistory", "states:StopExecution"),
            List.of(executions)));
    statements.add(
        allow(List.of("states:SendTaskSuccess", "states:SendTaskFailure"), List.of("*")));
    // without s3:ListBucket a missing record reads as access denied; it lists key names only
    statements.add(allow(List.of("s3:ListBucket"), List.of(bucket.getBucketArn())));
    statements.add(
        allow(
            List.of("s3:GetObject"),
            List.of(
                bucket.arnForObjects("releases/*"),
                bucket.arnForObjects("locks/*"),
                bucket.arnForObjects("artifacts/*"),
                // rollback, promote: the environment's clusters, before anything starts
                bucket.arnForObjects("config/slipway.yaml"))));
    statements.add(
        allow(List.of("s3:PutObject"), List.of(bucket.arnForObjects("artifacts/*/approvals/*"))));
    statements.add(
        PolicyStatement.Builder.create()
            .actions(List.of("kms:Decrypt", "kms:GenerateDataKey"))
            .resources(List.of(key.getKeyArn()))
            .conditions(
                Map.of(
                    "StringEquals",
                    Map.of("kms:ViaService", "s3." + stack.getRegion() + ".amazonaws.com")))
            .build());
    return ManagedPolicy.Builder.create(stack, ID)
        .description(
            "What the slipway CLI's operating commands need (releases, status, stop, approve,"
                + " reject, rollback, promote, rerun): attach it to the operators' role")
        .statements(statements)
        .build();
  }

  private static PolicyStatement allow(List<String> actions, List<String> resources) {
    return PolicyStatement.Builder.create()
        .actions(new ArrayList<>(new TreeSet<>(actions)))
        .resources(resources)
        .build();
  }
}
