package dev.slipway.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each role's permissions, compared line by line with the least-privilege table of issue 9 (written
 * out here by hand, not derived from the catalogue, so that a change to the catalogue shows up).
 */
class LeastPrivilegeTest {
  private static final String BUCKET = "<ArtifactBucket.Arn>/";
  private static final String KEY = "<BucketKey.Arn>";
  // Readers may list the bucket: S3 answers a missing key with 403 instead of 404 without it.
  private static final String LIST_BUCKET = "s3:ListBucket <ArtifactBucket.Arn>";
  private static final String VIA_S3 =
      " if StringEquals kms:ViaService=s3.${AWS::Region}.amazonaws.com";
  private static final String VIA_SNS =
      " if StringEquals kms:ViaService=sns.${AWS::Region}.amazonaws.com";
  private static final String EXECUTIONS =
      "arn:${AWS::Partition}:states:${AWS::Region}:${AWS::AccountId}:execution:Slipway-release:*";

  private static final String GRAFANA_SECRETS =
      "arn:${AWS::Partition}:secretsmanager:${AWS::Region}:${AWS::AccountId}:secret:";

  private static final List<String> FUNCTION_ROLES =
      List.of(
          "WebhookRole",
          "ApprovalRole",
          "PlanRole",
          "LockRole",
          "ApprovalGateRole",
          "AnnotateRole",
          "ManifestsRole",
          "StaticSyncRole",
          "ClusterRole",
          "CanaryRole",
          "RecordRole",
          "ReconcileRole");
  private static final List<String> ALL_ROLES =
      java.util.stream.Stream.concat(FUNCTION_ROLES.stream(), Stream.of("ReleaseRole")).toList();

  private static Map<String, Object> resources;

  /** The fixture's clusters, reached by the cluster functions and the reconciliation alike. */
  private static List<String> withClusterAccess(String... lines) {
    List<String> all = new ArrayList<>(List.of(lines));
    all.addAll(
        List.of(
            "eks:DescribeCluster arn:${AWS::Partition}:eks:eu-west-1:${AWS::AccountId}:cluster/prod-eu-1",
            "eks:DescribeCluster arn:${AWS::Partition}:eks:${AWS::Region}:${AWS::AccountId}:cluster/staging",
            "sts:AssumeRole arn:aws:iam::111122223333:role/slipway-deployer-prod-eu",
            "sts:AssumeRole arn:aws:iam::111122223333:role/slipway-onprem"));
    return all;
  }

  @BeforeAll
  static void synth() {
    resources = TemplateJson.map(SynthesizedSlipway.get().template.toJSON().get("Resources"));
  }

  static Stream<Arguments> roles() {
    return Stream.of(
        Arguments.of(
            "WebhookRole",
            List.of("Webhook"),
            List.of(
                LIST_BUCKET,
                "s3:GetObject " + BUCKET + "config/*",
                // the delivery ledger: conditional creates, read back on a redelivery
                "s3:GetObject " + BUCKET + "webhooks/*",
                "s3:PutObject " + BUCKET + "webhooks/*",
                "kms:Decrypt " + KEY + VIA_S3,
                "kms:GenerateDataKey " + KEY + VIA_S3,
                "states:StartExecution <Release>",
                "states:DescribeExecution " + EXECUTIONS,
                "secretsmanager:GetSecretValue <WebhookSecret>")),
        Arguments.of(
            "ApprovalRole",
            List.of("Approval"),
            List.of(
                LIST_BUCKET,
                "states:SendTaskSuccess *",
                "states:SendTaskFailure *",
                "s3:GetObject " + BUCKET + "artifacts/*/approvals/*",
                "s3:PutObject " + BUCKET + "artifacts/*/approvals/*",
                "s3:GetObject " + BUCKET + "artifacts/*/diff/*",
                "s3:GetObject " + BUCKET + "artifacts/*/canary/*",
                "s3:GetObject " + BUCKET + "config/*",
                "kms:Decrypt " + KEY + VIA_S3,
                "kms:GenerateDataKey " + KEY + VIA_S3,
                "secretsmanager:GetSecretValue <WebhookSecret>")),
        Arguments.of(
            "PlanRole",
            List.of("Plan"),
            List.of(
                LIST_BUCKET, "s3:GetObject " + BUCKET + "config/*", "kms:Decrypt " + KEY + VIA_S3)),
        Arguments.of(
            "LockRole",
            List.of("Lock", "Unlock"),
            List.of(
                LIST_BUCKET,
                "s3:GetObject " + BUCKET + "locks/*",
                "s3:PutObject " + BUCKET + "locks/*",
                "s3:DeleteObject " + BUCKET + "locks/*",
                "kms:Decrypt " + KEY + VIA_S3,
                "kms:GenerateDataKey " + KEY + VIA_S3,
                "states:DescribeExecution " + EXECUTIONS)),
        Arguments.of(
            "ApprovalGateRole",
            List.of("ApprovalGate"),
            List.of(
                // PutObject only: no GET, so no ListBucket either.
                "s3:PutObject " + BUCKET + "artifacts/*/approvals/*",
                "kms:GenerateDataKey " + KEY + VIA_S3,
                "sns:Publish <Notifications>",
                "kms:Decrypt " + KEY + VIA_SNS,
                "kms:GenerateDataKey " + KEY + VIA_SNS,
                "secretsmanager:GetSecretValue <WebhookSecret>")),
        Arguments.of(
            "AnnotateRole",
            List.of("Annotate"),
            List.of(
                LIST_BUCKET,
                // config/slipway.yaml's grafana block
                "s3:GetObject " + BUCKET + "config/*",
                // the start annotations' ids, for the reconciliation and per-cluster ends
                "s3:GetObject " + BUCKET + "artifacts/*/executions/*/annotation.json",
                "s3:PutObject " + BUCKET + "artifacts/*/executions/*/annotation.json",
                "kms:Decrypt " + KEY + VIA_S3,
                "kms:GenerateDataKey " + KEY + VIA_S3,
                "secretsmanager:GetSecretValue <GrafanaToken>",
                // the fixture's grafanaTokenSecrets: a name (any Secrets Manager suffix), a prefix
                "secretsmanager:GetSecretValue "
                    + GRAFANA_SECRETS
                    + "slipway/grafana/checkout-??????",
                "secretsmanager:GetSecretValue " + GRAFANA_SECRETS + "slipway/grafana/search/*")),
        Arguments.of(
            "ManifestsRole",
            List.of("Manifests"),
            List.of(
                LIST_BUCKET,
                "s3:GetObject " + BUCKET + "templates/*",
                "s3:GetObject " + BUCKET + "config/*",
                "s3:PutObject " + BUCKET + "artifacts/*",
                "kms:Decrypt " + KEY + VIA_S3,
                "kms:GenerateDataKey " + KEY + VIA_S3)),
        Arguments.of(
            "StaticSyncRole",
            List.of("StaticSync"),
            List.of(
                "s3:ListBucket arn:${AWS::Partition}:s3:::static-src",
                "s3:GetObject arn:${AWS::Partition}:s3:::static-src/*",
                "s3:ListBucket arn:${AWS::Partition}:s3:::static-dst-eu",
                "s3:GetObject arn:${AWS::Partition}:s3:::static-dst-eu/*",
                "s3:PutObject arn:${AWS::Partition}:s3:::static-dst-eu/*")),
        Arguments.of(
            "ClusterRole",
            List.of("Diff", "Deploy", "Rollout", "Rollback"),
            withClusterAccess(
                LIST_BUCKET,
                "s3:GetObject " + BUCKET + "config/*",
                "s3:GetObject " + BUCKET + "kubeconfigs/*",
                "s3:GetObject " + BUCKET + "artifacts/*",
                "s3:GetObject " + BUCKET + "snapshots/*",
                "s3:PutObject " + BUCKET + "snapshots/*",
                "s3:PutObject " + BUCKET + "artifacts/*/diff/*",
                "kms:Decrypt " + KEY + VIA_S3,
                "kms:GenerateDataKey " + KEY + VIA_S3)),
        Arguments.of(
            "CanaryRole",
            List.of("Canary"),
            List.of(
                LIST_BUCKET,
                "s3:GetObject " + BUCKET + "config/*",
                "s3:PutObject " + BUCKET + "artifacts/*/canary/*",
                "kms:Decrypt " + KEY + VIA_S3,
                "kms:GenerateDataKey " + KEY + VIA_S3,
                "aps:QueryMetrics arn:aws:aps:eu-west-1:111122223333:workspace/ws-0a1b2c3d",
                "secretsmanager:GetSecretValue"
                    + " arn:${AWS::Partition}:secretsmanager:${AWS::Region}:${AWS::AccountId}:secret:slipway/prometheus/*")),
        Arguments.of(
            "RecordRole",
            List.of("Record"),
            List.of(
                LIST_BUCKET,
                "s3:GetObject " + BUCKET + "releases/*",
                "s3:PutObject " + BUCKET + "releases/*",
                "kms:Decrypt " + KEY + VIA_S3,
                "kms:GenerateDataKey " + KEY + VIA_S3,
                "sns:Publish <Notifications>",
                "kms:Decrypt " + KEY + VIA_SNS,
                "kms:GenerateDataKey " + KEY + VIA_SNS)),
        Arguments.of(
            "ReconcileRole",
            List.of("Reconcile"),
            withClusterAccess(
                LIST_BUCKET,
                // what the release left: read only
                "s3:GetObject " + BUCKET + "config/*",
                "s3:GetObject " + BUCKET + "kubeconfigs/*",
                "s3:GetObject " + BUCKET + "snapshots/*",
                "s3:GetObject " + BUCKET + "artifacts/*/executions/*/annotation.json",
                // its own idempotency marker, the record, the lock
                "s3:GetObject " + BUCKET + "artifacts/*/executions/*/reconciled.json",
                "s3:PutObject " + BUCKET + "artifacts/*/executions/*/reconciled.json",
                "s3:DeleteObject " + BUCKET + "artifacts/*/executions/*/reconciled.json",
                "s3:GetObject " + BUCKET + "releases/*",
                "s3:PutObject " + BUCKET + "releases/*",
                "s3:GetObject " + BUCKET + "locks/*",
                "s3:PutObject " + BUCKET + "locks/*",
                "s3:DeleteObject " + BUCKET + "locks/*",
                "kms:Decrypt " + KEY + VIA_S3,
                "kms:GenerateDataKey " + KEY + VIA_S3,
                "states:DescribeExecution " + EXECUTIONS,
                "states:GetExecutionHistory " + EXECUTIONS,
                "sns:Publish <Notifications>",
                "kms:Decrypt " + KEY + VIA_SNS,
                "kms:GenerateDataKey " + KEY + VIA_SNS,
                "secretsmanager:GetSecretValue <GrafanaToken>",
                "secretsmanager:GetSecretValue "
                    + GRAFANA_SECRETS
                    + "slipway/grafana/checkout-??????",
                "secretsmanager:GetSecretValue " + GRAFANA_SECRETS + "slipway/grafana/search/*",
                // Lambda's on-failure destination sends as the function
                "sqs:SendMessage <ReconcileDeadLetters.Arn>",
                "sqs:GetQueueAttributes <ReconcileDeadLetters.Arn>",
                "sqs:GetQueueUrl <ReconcileDeadLetters.Arn>")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("roles")
  @DisplayName("each function role has exactly the permissions of the least-privilege table")
  void role_shouldHaveExactlyTheTablePermissions(
      String role, List<String> functions, List<String> table) {
    Set<String> expected = new TreeSet<>();
    table.forEach(line -> expected.add("Allow " + line));
    // Every function: X-Ray for active tracing (no resource-level permissions), its own log group.
    expected.add("Allow xray:PutTraceSegments *");
    expected.add("Allow xray:PutTelemetryRecords *");
    for (String f : functions) {
      expected.add("Allow logs:CreateLogStream <" + f + "Logs.Arn>");
      expected.add("Allow logs:PutLogEvents <" + f + "Logs.Arn>");
    }

    assertThat(TemplateJson.permissionsOf(resources, logicalId(role)))
        .containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  @DisplayName("the state machine may invoke exactly the functions it calls, log and trace")
  void stateMachineRole_shouldInvokeOnlyItsFunctions() {
    Set<String> expected = new TreeSet<>();
    for (String f :
        List.of(
            "Plan",
            "Lock",
            "Annotate",
            "Manifests",
            "Diff",
            "StaticSync",
            "ApprovalGate",
            "Deploy",
            "Rollout",
            "Canary",
            "Rollback",
            "Record",
            "Unlock")) {
      expected.add("Allow lambda:InvokeFunction <" + f + "Alias>");
    }
    // CloudWatch Logs vended delivery and X-Ray: no resource-level permissions exist.
    for (String a :
        List.of(
            "logs:CreateLogDelivery",
            "logs:GetLogDelivery",
            "logs:UpdateLogDelivery",
            "logs:DeleteLogDelivery",
            "logs:ListLogDeliveries",
            "logs:PutResourcePolicy",
            "logs:DescribeResourcePolicies",
            "logs:DescribeLogGroups",
            "xray:PutTraceSegments",
            "xray:PutTelemetryRecords",
            "xray:GetSamplingRules",
            "xray:GetSamplingTargets")) {
      expected.add("Allow " + a + " *");
    }

    assertThat(TemplateJson.permissionsOf(resources, logicalId("ReleaseRole")))
        .containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  @DisplayName("no Slipway role has a wildcard action, and '*' resources only where AWS requires")
  void slipwayRoles_shouldHaveNoWildcardActions() {
    List<String> wildcards = new ArrayList<>();
    for (String role : ALL_ROLES) {
      for (String line : TemplateJson.permissionsOf(resources, logicalId(role))) {
        String[] parts = line.split(" ");
        if (parts[1].contains("*")) {
          wildcards.add(role + ": action " + line);
        }
        boolean starResource = parts[2].equals("*");
        boolean required =
            parts[1].startsWith("xray:")
                || parts[1].startsWith("logs:") && role.equals("ReleaseRole")
                || parts[1].equals("states:SendTaskSuccess")
                || parts[1].equals("states:SendTaskFailure");
        if (starResource && !required) {
          wildcards.add(role + ": resource * in " + line);
        }
      }
    }
    assertThat(wildcards).isEmpty();
  }

  @Test
  @DisplayName("no role grants an AWS managed policy (the functions' roles are inline-only)")
  void functionRoles_shouldHaveNoManagedPolicies() {
    for (String role : FUNCTION_ROLES) {
      Map<String, Object> props =
          TemplateJson.map(TemplateJson.map(resources.get(logicalId(role))).get("Properties"));
      assertThat(props).as(role).doesNotContainKey("ManagedPolicyArns");
    }
  }

  static String logicalId(String name) {
    return resources.keySet().stream()
        .filter(id -> TemplateJson.name(id).equals(name))
        .filter(id -> "AWS::IAM::Role".equals(TemplateJson.map(resources.get(id)).get("Type")))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no role " + name + " in the template"));
  }
}
