package dev.slipway.infra;

import dev.slipway.infra.SlipwayFunction.Capability;
import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.CfnElement;
import software.amazon.awscdk.services.apigateway.Method;
import software.amazon.awscdk.services.iam.IRole;
import software.constructs.IConstruct;

/**
 * Every cdk-nag (AwsSolutions) finding Slipway accepts, each with its reason. IAM5 suppressions
 * name the exact wildcard resources they accept ({@code appliesTo}), so a new wildcard is still an
 * error.
 */
final class SlipwayNagSuppressions {
  private static final String SNAPSTART_ACK = "@aws-cdk/aws-lambda:snapStartRequirePublish";

  private SlipwayNagSuppressions() {}

  static void apply(SlipwayStack stack, InfraConfig config) {
    String bucketArn = "<" + logicalId(stack, stack.bucket()) + ".Arn>";
    Set<String> rolesDone = new LinkedHashSet<>();
    for (SlipwayFunction f : SlipwayFunction.values()) {
      suppress(
          stack.function(f),
          because(
              "L1",
              "Java 21 is the LTS runtime Slipway targets (issue 9): the functions are compiled for"
                  + " release 17 and tested on 21, with SnapStart; Java 25 is a deliberate upgrade,"
                  + " not an automatic one."));
      // SnapStart publishes through the 'live' alias (currentVersion), which CDK cannot see here.
      Annotations.of(stack.function(f))
          .acknowledgeWarning(
              SNAPSTART_ACK, "the function is invoked through an alias on a published version");
      if (rolesDone.add(f.roleId())) {
        suppressRoleWildcards(stack.role(f), f, bucketArn, config);
        if (config.vpc() != null && f.vpcCandidate()) {
          suppress(
              stack.role(f),
              NagPackSuppression.builder()
                  .id("AwsSolutions-IAM4")
                  .reason(
                      "Functions placed in the VPC need to create and delete their network"
                          + " interfaces; AWSLambdaVPCAccessExecutionRole is the policy AWS"
                          + " documents (and maintains) for exactly that.")
                  .appliesTo(
                      List.of(
                          "Policy::arn:<AWS::Partition>:iam::aws:policy/"
                              + SlipwayFunctions.VPC_ACCESS_POLICY))
                  .build());
        }
      }
    }

    suppress(
        stack.stateMachine().getRole(),
        wildcards(
            "Step Functions' log delivery (logs:CreateLogDelivery and friends) and X-Ray"
                + " (xray:PutTraceSegments, GetSamplingRules, ...) support no resource-level"
                + " permissions: AWS requires Resource \"*\" for them.",
            List.of("Resource::*")));
    suppress(
        stack.stateMachine(),
        because(
            "SF1",
            "Logging at ERROR without execution data (issue 9): execution history already keeps"
                + " every event for 90 days, and ALL would copy release inputs (cluster names,"
                + " image tags) into CloudWatch at a per-event cost."));

    suppress(
        stack.api().getNode().findChild("CloudWatchRole"),
        because(
            "IAM4",
            "API Gateway's account-level logging role: AmazonAPIGatewayPushToCloudWatchLogs is the"
                + " policy AWS documents for it, and it is needed for execution and access logs."));
    suppress(
        stack.api().getDeploymentStage(),
        because(
            "APIG3",
            "No WAF by default ($5/month + per rule): unsigned GitHub calls are refused by the"
                + " required-header validator, every body is HMAC-checked by the function, and the"
                + " stage is throttled. Associate a web ACL with the v1 stage if policy needs one."));
    for (IConstruct c : stack.api().getRoot().getNode().findAll()) {
      if (!(c instanceof Method method)) {
        continue;
      }
      if (method.getResource().getPath().startsWith("/webhooks/")) {
        suppress(
            method,
            because(
                "APIG4",
                "CI webhooks cannot sign with SigV4 or hold Cognito tokens: the webhook function"
                    + " verifies GitHub's X-Hub-Signature-256 HMAC, the Jenkins shared token or"
                    + " the build webhook's HMAC (secrets in Secrets Manager) before anything"
                    + " starts."),
            because(
                "COG4",
                "Same as APIG4: GitHub and Jenkins authenticate with a shared secret, checked"
                    + " by the function."));
      } else {
        suppress(
            method,
            because(
                "APIG4",
                "Approvals are opened from the signed, expiring link the approval gate sends"
                    + " (HMAC with the webhook secret's approvals key, checked by the function"
                    + " before it reads or decides anything): a browser has no SigV4 or token."),
            because(
                "COG4",
                "Same as APIG4: the signed link is the authorization; Slipway has no Cognito"
                    + " user pool."));
      }
    }

    suppress(
        stack.reconcileDeadLetters(),
        because(
            "SQS3",
            "This queue is itself the dead-letter queue: of the reconcile rule's target and of the"
                + " reconcile function's asynchronous invocations. Its messages raise an alarm and"
                + " are kept 14 days; a dead-letter queue of its own would hide them further."));

    for (SlipwaySecret s : SlipwaySecret.values()) {
      suppress(
          stack.secret(s),
          because(
              "SMG4",
              "A third-party credential (the webhook secrets GitHub and Jenkins also hold, the"
                  + " Grafana token): rotating it means changing it on the other side too, which Secrets Manager cannot"
                  + " do; docs/deploy-aws.md (Set the secrets) says how to rotate it by hand."));
    }

    suppress(
        stack.operatorPolicy(),
        wildcards(
            "The operators' policy: records, locks and artifacts by prefix, the approval requests"
                + " it decides by their key pattern, executions by state machine, this stack by"
                + " name; \"*\" only for SendTaskSuccess/Failure, which AWS supports on no narrower"
                + " resource.",
            List.of(
                "Resource::*",
                "Resource::" + bucketArn + "/releases/*",
                "Resource::" + bucketArn + "/locks/*",
                "Resource::" + bucketArn + "/artifacts/*",
                "Resource::" + bucketArn + "/artifacts/*/approvals/*",
                "Resource::arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:execution:"
                    + stack.getStackName()
                    + "-release:*",
                "Resource::arn:<AWS::Partition>:cloudformation:<AWS::Region>:<AWS::AccountId>:stack/"
                    + stack.getStackName()
                    + "/*")));

    if (stack.configUpload() != null) {
      for (IConstruct child : stack.getNode().getChildren()) {
        if (child.getNode().getId().startsWith("Custom::CDKBucketDeployment")) {
          NagSuppressions.addResourceSuppressions(
              child,
              List.of(
                  because(
                      "L1",
                      "CDK's BucketDeployment handler (uploads config/slipway.yaml): its Python"
                          + " runtime is chosen by aws-cdk-lib, not by Slipway."),
                  because(
                      "IAM4",
                      "CDK's BucketDeployment handler uses AWSLambdaBasicExecutionRole for its"
                          + " logs; it runs only during deployments."),
                  because(
                      "IAM5",
                      "CDK's BucketDeployment grants itself read on the CDK asset bucket and"
                          + " read/write (with the bucket key) on the destination bucket; it"
                          + " writes only config/slipway.yaml (prune is off).")),
              true);
        }
      }
    }
  }

  private static void suppressRoleWildcards(
      IRole role, SlipwayFunction f, String bucketArn, InfraConfig config) {
    List<String> appliesTo = new ArrayList<>();
    // Lambda's active tracing adds xray:PutTraceSegments/PutTelemetryRecords on "*".
    appliesTo.add("Resource::*");
    for (S3Grant g : f.s3Grants()) {
      appliesTo.add("Resource::" + bucketArn + "/" + g.keyPattern());
    }
    if (f.capabilities().contains(Capability.DESCRIBE_RELEASES)
        || f.capabilities().contains(Capability.READ_RELEASE_HISTORY)) {
      appliesTo.add(
          "Resource::arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:execution:"
              + role.getStack().getStackName()
              + "-release:*");
    }
    if (f.capabilities().contains(Capability.READ_PROMETHEUS_SECRETS)) {
      appliesTo.add(
          "Resource::arn:<AWS::Partition>:secretsmanager:<AWS::Region>:<AWS::AccountId>:secret:"
              + "slipway/prometheus/*");
    }
    if (f.capabilities().contains(Capability.READ_GRAFANA_SECRET)) {
      for (String name : config.grafanaTokenSecrets()) {
        appliesTo.add(
            "Resource::arn:<AWS::Partition>:secretsmanager:<AWS::Region>:<AWS::AccountId>:secret:"
                + RolePolicies.grafanaSecret(name));
      }
    }
    if (f.capabilities().contains(Capability.SYNC_STATIC_DATA) && config.staticSync() != null) {
      for (String b : config.staticSync().sourceBuckets()) {
        appliesTo.add("Resource::arn:<AWS::Partition>:s3:::" + b + "/*");
      }
      for (String b : config.staticSync().destinationBuckets()) {
        appliesTo.add("Resource::arn:<AWS::Partition>:s3:::" + b + "/*");
      }
    }
    suppress(
        role,
        wildcards(
            "Object keys are granted by prefix (the function's own part of the bucket layout,"
                + " e.g. locks/*, artifacts/*/canary/*), executions by state machine"
                + " (execution:<name>:*), static data by bucket, Prometheus credentials by the"
                + " slipway/prometheus/ name prefix the configuration must use, extra Grafana"
                + " tokens by the slipway/grafana/ names the infra config lists (a name's"
                + " Secrets Manager suffix as -??????); \"*\" only for X-Ray, and for"
                + " SendTaskSuccess/Failure, which AWS supports on no narrower resource.",
            appliesTo));
  }

  private static NagPackSuppression wildcards(String reason, List<String> appliesTo) {
    return NagPackSuppression.builder()
        .id("AwsSolutions-IAM5")
        .reason(reason)
        .appliesTo(List.copyOf(appliesTo))
        .build();
  }

  private static NagPackSuppression because(String rule, String reason) {
    return NagPackSuppression.builder().id("AwsSolutions-" + rule).reason(reason).build();
  }

  private static void suppress(IConstruct construct, NagPackSuppression... suppressions) {
    NagSuppressions.addResourceSuppressions(construct, List.of(suppressions), true);
  }

  private static String logicalId(SlipwayStack stack, IConstruct construct) {
    return stack.getLogicalId((CfnElement) construct.getNode().getDefaultChild());
  }
}
