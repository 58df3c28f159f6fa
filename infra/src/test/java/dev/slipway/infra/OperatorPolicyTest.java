package dev.slipway.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The operators' managed policy, compared line by line with what the operating commands call
 * (docs/operating.md, docs/deploy-aws.md's IAM table), written out by hand.
 */
class OperatorPolicyTest {
  private static final String BUCKET = "<ArtifactBucket.Arn>/";
  private static final String MACHINE = "<Release>";
  private static final String EXECUTIONS =
      "arn:${AWS::Partition}:states:${AWS::Region}:${AWS::AccountId}:execution:Slipway-release:*";
  private static final String VIA_S3 =
      " if StringEquals kms:ViaService=s3.${AWS::Region}.amazonaws.com";

  private static Map<String, Object> resources;

  @BeforeAll
  static void synth() {
    resources = TemplateJson.map(SynthesizedSlipway.get().template.toJSON().get("Resources"));
  }

  @Test
  @DisplayName("OperatorPolicy has exactly the permissions the operating commands use")
  void operatorPolicy_shouldHaveExactlyWhatTheCommandsCall() {
    String id =
        resources.keySet().stream()
            .filter(k -> TemplateJson.name(k).equals("OperatorPolicy"))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no OperatorPolicy in the template"));
    List<String> expected =
        List.of(
            // --stack: the stack's outputs
            "Allow cloudformation:DescribeStacks"
                + " arn:${AWS::Partition}:cloudformation:${AWS::Region}:${AWS::AccountId}:stack/Slipway/*",
            // status/releases/approve: the executions; rollback/promote/rerun start one
            "Allow states:ListExecutions " + MACHINE,
            "Allow states:StartExecution " + MACHINE,
            "Allow states:DescribeExecution " + EXECUTIONS,
            "Allow states:GetExecutionHistory " + EXECUTIONS,
            "Allow states:StopExecution " + EXECUTIONS,
            // approve/reject: no resource-level permission exists for task tokens
            "Allow states:SendTaskSuccess *",
            "Allow states:SendTaskFailure *",
            "Allow s3:ListBucket <ArtifactBucket.Arn>",
            "Allow s3:GetObject " + BUCKET + "releases/*",
            "Allow s3:GetObject " + BUCKET + "locks/*",
            "Allow s3:GetObject " + BUCKET + "artifacts/*",
            "Allow s3:GetObject " + BUCKET + "config/slipway.yaml",
            "Allow s3:PutObject " + BUCKET + "artifacts/*/approvals/*",
            "Allow kms:Decrypt <BucketKey.Arn>" + VIA_S3,
            "Allow kms:GenerateDataKey <BucketKey.Arn>" + VIA_S3);
    assertThat(TemplateJson.managedPolicyPermissions(resources, id))
        .containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  @DisplayName("the stack exports the policy's ARN")
  void stack_shouldOutputTheOperatorPolicyArn() {
    Map<String, Object> outputs =
        TemplateJson.map(SynthesizedSlipway.get().template.toJSON().get("Outputs"));
    assertThat(outputs).containsKey("OperatorPolicyArn");
  }
}
