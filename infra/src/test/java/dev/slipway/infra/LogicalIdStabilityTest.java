package dev.slipway.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The logical ids a deployed Slipway stack already has, for the resources whose replacement breaks
 * it: CloudFormation replaces a resource whose logical id changes. The stack's parts create their
 * resources in the stack's own scope for this reason (docs/infra-layout.md); wrapping them in a
 * Construct would fail here.
 */
class LogicalIdStabilityTest {
  private static final Map<String, Object> resources =
      TemplateJson.map(SynthesizedSlipway.get().template.toJSON().get("Resources"));

  /** Logical id, type, and what replacing it would break (columns apart by two spaces). */
  private static final String PINNED =
      """
      ArtifactBucket7410C9EF  AWS::S3::Bucket  kubeconfigs, config, history
      AccessLogBucketDA470295  AWS::S3::Bucket  a year of access logs
      BucketKey7092080A  AWS::KMS::Key  every encrypted object
      WebhookSecretF21E29CC  AWS::SecretsManager::Secret  named; its value
      GrafanaToken68B96FFE  AWS::SecretsManager::Secret  named; its value
      Notifications87298708  AWS::SNS::Topic  confirmed subscriptions
      ClusterRoleD9CA7471  AWS::IAM::Role  the clusters' access entries
      ReconcileRole90F75AB5  AWS::IAM::Role  the clusters' access entries
      ApiF70053CD  AWS::ApiGateway::RestApi  the URLs GitHub and Jenkins hold
      Release6218179A  AWS::StepFunctions::StateMachine  named; its executions
      ReleaseLogs418FA2A6  AWS::Logs::LogGroup  named
      ReconcileDeadLettersC2DD5563  AWS::SQS::Queue  undelivered reconciliations
      ReconcileRuleD82B27FB  AWS::Events::Rule  the reconciliation
      OperatorPolicy63C1EB6F  AWS::IAM::ManagedPolicy  attached to operators' roles by ARN
      """;

  @Test
  @DisplayName("stateful and externally referenced resources keep their logical ids")
  void template_shouldKeepTheDeployedLogicalIds() {
    List<String> missing = new ArrayList<>();
    for (String line : PINNED.strip().split("\n")) {
      String[] pin = line.strip().split("  ");
      Object resource = resources.get(pin[0]);
      if (resource == null || !pin[1].equals(TemplateJson.map(resource).get("Type"))) {
        missing.add(pin[0] + " (" + pin[1] + ": " + pin[2] + ")");
      }
    }
    assertThat(missing).as("logical ids a deployed stack has, no longer in the template").isEmpty();
  }

  @Test
  @DisplayName("every function, its role and its log group keep the catalogue's plain ids")
  void template_shouldKeepTheFunctionIdsFlat() {
    for (SlipwayFunction f : SlipwayFunction.values()) {
      for (String suffix : List.of("Function", "Logs", "Alias", "ErrorsAlarm")) {
        assertThat(
                resources.keySet().stream()
                    .anyMatch(id -> TemplateJson.name(id).equals(f.id() + suffix)))
            .as(f.id() + suffix)
            .isTrue();
      }
      assertThat(resources.keySet().stream().map(TemplateJson::name)).contains(f.roleId() + "Role");
    }
  }

  @Test
  @DisplayName("the API deployment's id does not depend on the JVM: header parameters in order")
  void githubMethod_shouldListItsRequiredHeadersInOrder() {
    // The deployment's logical id hashes the methods as serialized; Map.of iterates in an order
    // salted per JVM, which gave a new Deployment id on most synths.
    Map<String, Object> method = TemplateJson.map(resources.get(methodId("POST", "github")));
    Map<String, Object> parameters =
        TemplateJson.map(TemplateJson.map(method.get("Properties")).get("RequestParameters"));
    assertThat(new ArrayList<>(parameters.keySet()))
        .containsExactly(
            "method.request.header.X-GitHub-Delivery",
            "method.request.header.X-GitHub-Event",
            "method.request.header.X-Hub-Signature-256");
  }

  private static String methodId(String httpMethod, String resource) {
    return resources.keySet().stream()
        .filter(id -> TemplateJson.name(id).equals("Apiwebhooks" + resource + httpMethod))
        .findFirst()
        .orElseThrow();
  }
}
