package dev.slipway.infra;

import dev.slipway.infra.S3Grant.S3Op;
import dev.slipway.infra.SlipwayFunction.Capability;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.stepfunctions.StateMachine;

/**
 * Turns the catalogue's needs ({@link SlipwayFunction#s3Grants()}, {@link
 * SlipwayFunction#capabilities()}) into IAM statements: exact actions, no action wildcards, and
 * resource "*" only where the AWS API has no resource-level permissions.
 */
final class RolePolicies {
  private final Stack stack;
  private final Bucket bucket;
  private final Key key;
  private final Topic topic;
  private final Map<SlipwaySecret, Secret> secrets;
  private final StateMachine stateMachine;
  private final String executionsArn;
  private final InfraConfig config;
  private final Set<String> granted = new HashSet<>();

  RolePolicies(
      Stack stack,
      Bucket bucket,
      Key key,
      Topic topic,
      Map<SlipwaySecret, Secret> secrets,
      String stateMachineName,
      StateMachine stateMachine,
      InfraConfig config) {
    this.stack = stack;
    this.bucket = bucket;
    this.key = key;
    this.topic = topic;
    this.secrets = secrets;
    this.stateMachine = stateMachine;
    this.config = config;
    // Built from the name, not from the state machine resource: the lock function is invoked by
    // the state machine, so a reference from its policy back to the state machine is a cycle.
    this.executionsArn = executionsArn(stack, stateMachineName);
  }

  /** Every execution of the state machine {@code stateMachineName}: {@code execution:<name>:*}. */
  static String executionsArn(Stack stack, String stateMachineName) {
    return stack.formatArn(
        ArnComponents.builder()
            .service("states")
            .resource("execution")
            .resourceName(stateMachineName + ":*")
            .arnFormat(ArnFormat.COLON_RESOURCE_NAME)
            .build());
  }

  /** Adds a function's statements to its role, once per role (deploy/rollout/rollback share). */
  void grant(IRole role, SlipwayFunction f) {
    if (!granted.add(f.roleId())) {
      return;
    }
    statements(f).forEach(role::addToPrincipalPolicy);
  }

  List<PolicyStatement> statements(SlipwayFunction f) {
    List<PolicyStatement> out = new ArrayList<>();
    Set<String> kms = new TreeSet<>();
    for (S3Grant g : f.s3Grants()) {
      Set<String> actions = new TreeSet<>();
      for (S3Op op : g.ops()) {
        actions.add(op.action());
        if (op.kmsAction() != null) {
          kms.add(op.kmsAction());
        }
      }
      out.add(allow(actions, List.of(bucket.arnForObjects(g.keyPattern()))));
    }
    if (f.s3Grants().stream().anyMatch(g -> g.ops().contains(S3Op.GET))) {
      // Without s3:ListBucket, S3 answers a GET of a missing key with 403 AccessDenied instead of
      // 404 NoSuchKey, and "no lock yet", "first release of this app" or "no snapshot" would
      // look like a permission error. It reveals key names, never contents.
      out.add(allow(Set.of("s3:ListBucket"), List.of(bucket.getBucketArn())));
    }
    if (!kms.isEmpty()) {
      out.add(viaService(allowBuilder(kms, List.of(key.getKeyArn())), "s3"));
    }
    for (Capability c : f.capabilities()) {
      switch (c) {
        case START_RELEASES ->
            out.add(
                allow(Set.of("states:StartExecution"), List.of(stateMachine.getStateMachineArn())));
        case DESCRIBE_RELEASES ->
            out.add(allow(Set.of("states:DescribeExecution"), List.of(executionsArn)));
        case READ_RELEASE_HISTORY ->
            out.add(allow(Set.of("states:GetExecutionHistory"), List.of(executionsArn)));
        // SendTaskSuccess/Failure act on a task token, not on a resource: AWS supports no
        // resource-level permission for them, so "*" is the only possible resource.
        case COMPLETE_TASK_TOKENS ->
            out.add(
                allow(
                    new TreeSet<>(Set.of("states:SendTaskSuccess", "states:SendTaskFailure")),
                    List.of("*")));
        case READ_WEBHOOK_SECRET ->
            out.add(
                allow(
                    Set.of("secretsmanager:GetSecretValue"),
                    List.of(secrets.get(SlipwaySecret.WEBHOOK).getSecretArn())));
        // and the extra token secrets the infra config names under slipway/grafana/
        // (config/slipway.yaml's grafana.tokenSecret must be under that prefix: ConfigValidator)
        case READ_GRAFANA_SECRET -> {
          List<String> arns = new ArrayList<>();
          arns.add(secrets.get(SlipwaySecret.GRAFANA).getSecretArn());
          config.grafanaTokenSecrets().forEach(name -> arns.add(secretArn(grafanaSecret(name))));
          out.add(allow(Set.of("secretsmanager:GetSecretValue"), arns));
        }
        // config/slipway.yaml's prometheus.authSecret must name a secret under this prefix
        // (ConfigValidator): the canary reads the cluster's Prometheus credentials, nothing else.
        case READ_PROMETHEUS_SECRETS ->
            out.add(
                allow(
                    Set.of("secretsmanager:GetSecretValue"),
                    List.of(secretArn("slipway/prometheus/*"))));
        case DESCRIBE_CLUSTERS -> {
          List<String> arns = eksClusterArns();
          if (!arns.isEmpty()) {
            out.add(allow(Set.of("eks:DescribeCluster"), arns));
          }
        }
        case ASSUME_CLUSTER_ROLES -> {
          List<String> arns =
              config.clusters().stream()
                  .map(InfraConfig.Cluster::roleArn)
                  .filter(a -> a != null)
                  .distinct()
                  .toList();
          if (!arns.isEmpty()) {
            out.add(allow(Set.of("sts:AssumeRole"), arns));
          }
        }
        case PUBLISH_NOTIFICATIONS -> {
          out.add(allow(Set.of("sns:Publish"), List.of(topic.getTopicArn())));
          out.add(
              viaService(
                  allowBuilder(
                      new TreeSet<>(Set.of("kms:Decrypt", "kms:GenerateDataKey")),
                      List.of(key.getKeyArn())),
                  "sns"));
        }
        case QUERY_PROMETHEUS_WORKSPACE -> {
          if (config.prometheusWorkspaceArn() != null) {
            out.add(allow(Set.of("aps:QueryMetrics"), List.of(config.prometheusWorkspaceArn())));
          }
        }
        case SYNC_STATIC_DATA -> out.addAll(staticSyncStatements());
        default -> throw new IllegalStateException("no statement for " + c);
      }
    }
    return out;
  }

  /**
   * What the state machine itself may do beyond logging and tracing (which CDK adds): invoke its
   * functions' live aliases. It publishes nothing itself; record and the approval gate do.
   */
  void grantStateMachine(IRole role, List<String> invokedAliasArns) {
    role.addToPrincipalPolicy(allow(Set.of("lambda:InvokeFunction"), invokedAliasArns));
  }

  private List<String> eksClusterArns() {
    return config.clusters().stream()
        .filter(c -> c.eksClusterName() != null)
        .map(
            c ->
                stack.formatArn(
                    ArnComponents.builder()
                        .service("eks")
                        .region(c.region() != null ? c.region() : stack.getRegion())
                        .resource("cluster")
                        .resourceName(c.eksClusterName())
                        .arnFormat(ArnFormat.SLASH_RESOURCE_NAME)
                        .build()))
        .distinct()
        .toList();
  }

  private List<PolicyStatement> staticSyncStatements() {
    List<PolicyStatement> out = new ArrayList<>();
    InfraConfig.StaticSync sync = config.staticSync();
    if (sync == null) {
      return out;
    }
    if (!sync.sourceBuckets().isEmpty()) {
      out.add(allow(Set.of("s3:ListBucket"), bucketArns(sync.sourceBuckets(), false)));
      out.add(allow(Set.of("s3:GetObject"), bucketArns(sync.sourceBuckets(), true)));
    }
    if (!sync.destinationBuckets().isEmpty()) {
      out.add(allow(Set.of("s3:ListBucket"), bucketArns(sync.destinationBuckets(), false)));
      // GetObject on the destination: the checksum comparison reads back what was copied.
      out.add(
          allow(
              new TreeSet<>(Set.of("s3:GetObject", "s3:PutObject")),
              bucketArns(sync.destinationBuckets(), true)));
    }
    return out;
  }

  private List<String> bucketArns(List<String> names, boolean objects) {
    return names.stream()
        .map(
            n ->
                stack.formatArn(
                    ArnComponents.builder()
                        .service("s3")
                        .region("")
                        .account("")
                        .resource(n + (objects ? "/*" : ""))
                        .build()))
        .toList();
  }

  private static PolicyStatement allow(Set<String> actions, List<String> resources) {
    return allowBuilder(actions, resources).build();
  }

  private static PolicyStatement.Builder allowBuilder(Set<String> actions, List<String> resources) {
    return PolicyStatement.Builder.create()
        .actions(new ArrayList<>(new TreeSet<>(actions)))
        .resources(resources);
  }

  /** Restricts a key grant to requests S3 or SNS make on the caller's behalf. */
  private PolicyStatement viaService(PolicyStatement.Builder b, String service) {
    return b.conditions(
            Map.of(
                "StringEquals",
                Map.of("kms:ViaService", service + "." + stack.getRegion() + ".amazonaws.com")))
        .build();
  }

  /** A secret of this account and region by name (or name pattern). */
  private String secretArn(String resourceName) {
    return stack.formatArn(
        ArnComponents.builder()
            .service("secretsmanager")
            .resource("secret")
            .resourceName(resourceName)
            .arnFormat(ArnFormat.COLON_RESOURCE_NAME)
            .build());
  }

  /**
   * The IAM resource name of a {@code grafanaTokenSecrets} entry: a prefix ({@code …*}) as it is, a
   * secret's name with Secrets Manager's six-character suffix.
   */
  static String grafanaSecret(String name) {
    return name.endsWith("*") ? name : name + "-??????";
  }
}
