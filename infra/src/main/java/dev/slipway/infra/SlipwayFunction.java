package dev.slipway.infra;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import software.amazon.awscdk.Duration;

/**
 * The catalogue of Slipway's Lambda functions, in one place: what the stack deploys, from which
 * jar, with how much memory and time, and exactly which permissions each one gets.
 *
 * <p>Memory is CPU on Lambda (1,769 MB = one vCPU), and a Java function's first invocation after a
 * SnapStart restore still JITs its hot path, so the sizes follow the work each function does, not
 * its heap: a webhook has GitHub's 10-second delivery timeout to meet, the Kubernetes functions
 * load client-java (a 45 MB jar with Bouncy Castle) and do TLS to the API server, the canary
 * function parses Prometheus ranges and runs the Mann-Whitney judge. The others are small S3/HTTP
 * calls for which 512 MB is the smallest size that keeps a Java cold start short.
 *
 * <p>Reserved concurrency is set where it protects something: the webhook (a flood of deliveries
 * must not eat the account's concurrency nor Step Functions' StartExecution quota), the approval
 * endpoint (public, human-paced), and the Kubernetes functions (a Map over many clusters must not
 * open hundreds of connections to the API servers at once).
 */
public enum SlipwayFunction {
  WEBHOOK(
      "Webhook",
      "functions/webhook/target/slipway-webhook-lambda.jar",
      "dev.slipway.webhook.WebhookHandler::handleRequest",
      1024,
      Duration.seconds(15),
      20,
      "Webhook",
      false,
      false,
      List.of(S3Grant.get(BucketLayout.CONFIG), S3Grant.getPut(BucketLayout.WEBHOOK_DELIVERIES)),
      EnumSet.of(
          Capability.START_RELEASES, Capability.DESCRIBE_RELEASES, Capability.READ_WEBHOOK_SECRET),
      "GitHub gives a delivery 10 s; 1 GB halves the restore-to-response time of 512 MB"),
  APPROVAL(
      "Approval",
      "functions/webhook/target/slipway-webhook-lambda.jar",
      "dev.slipway.webhook.ApprovalHandler::handleRequest",
      512,
      Duration.seconds(15),
      5,
      "Approval",
      false,
      false,
      List.of(S3Grant.getPut(BucketLayout.APPROVALS)),
      EnumSet.of(Capability.COMPLETE_TASK_TOKENS, Capability.READ_WEBHOOK_SECRET),
      "one S3 read, one conditional write and one Step Functions call per human click"),
  PLAN(
      "Plan",
      "functions/pipeline/target/slipway-pipeline-lambda.jar",
      "dev.slipway.pipeline.PlanHandler::handleRequest",
      512,
      Duration.seconds(30),
      null,
      "Plan",
      true,
      false,
      List.of(S3Grant.get(BucketLayout.CONFIG)),
      EnumSet.noneOf(Capability.class),
      "reads and validates config/slipway.yaml, expands the release plan"),
  LOCK(
      "Lock",
      "functions/pipeline/target/slipway-pipeline-lambda.jar",
      "dev.slipway.pipeline.AcquireLockHandler::handleRequest",
      512,
      Duration.seconds(30),
      null,
      "Lock",
      true,
      false,
      BucketLayout.LOCK_FUNCTION_GRANTS,
      EnumSet.of(Capability.DESCRIBE_RELEASES),
      "a conditional S3 write and at most one DescribeExecution"),
  UNLOCK(
      "Unlock",
      "functions/pipeline/target/slipway-pipeline-lambda.jar",
      "dev.slipway.pipeline.UnlockHandler::handleRequest",
      512,
      Duration.seconds(30),
      null,
      "Lock",
      true,
      false,
      BucketLayout.LOCK_FUNCTION_GRANTS,
      EnumSet.of(Capability.DESCRIBE_RELEASES),
      "one S3 read and one delete; runs on every path out of a release, so it must be quick"),
  APPROVAL_GATE(
      "ApprovalGate",
      "functions/pipeline/target/slipway-pipeline-lambda.jar",
      "dev.slipway.pipeline.ApprovalGateHandler::handleRequest",
      512,
      Duration.seconds(30),
      null,
      "ApprovalGate",
      true,
      false,
      List.of(S3Grant.put(BucketLayout.APPROVALS)),
      EnumSet.of(Capability.PUBLISH_NOTIFICATIONS, Capability.READ_WEBHOOK_SECRET),
      "one S3 write, one secret read (to sign the link) and one SNS publish"),
  ANNOTATE(
      "Annotate",
      "functions/annotate/target/slipway-annotate-lambda.jar",
      "dev.slipway.annotate.AnnotateHandler::handleRequest",
      512,
      Duration.seconds(30),
      null,
      "Annotate",
      true,
      true,
      List.of(S3Grant.put(BucketLayout.ANNOTATION_JOURNALS)),
      EnumSet.of(Capability.READ_GRAFANA_SECRET),
      "one HTTP call to Grafana (and the start's id journaled to S3); best effort, so quick"),
  MANIFESTS(
      "Manifests",
      "functions/manifests/target/slipway-manifests-lambda.jar",
      "dev.slipway.manifests.ManifestsHandler::handleRequest",
      1024,
      Duration.seconds(120),
      null,
      "Manifests",
      true,
      false,
      List.of(
          S3Grant.get(BucketLayout.TEMPLATES),
          S3Grant.get(BucketLayout.CONFIG),
          S3Grant.put(BucketLayout.ARTIFACTS)),
      EnumSet.noneOf(Capability.class),
      "renders every template of every cluster and parses the YAML back to validate it"),
  DIFF(
      "Diff",
      "functions/deploy/target/slipway-deploy-lambda.jar",
      "dev.slipway.deploy.DiffHandler::handleRequest",
      1536,
      Duration.minutes(5),
      10,
      "Cluster",
      true,
      true,
      BucketLayout.CLUSTER_FUNCTION_GRANTS,
      EnumSet.of(Capability.DESCRIBE_CLUSTERS, Capability.ASSUME_CLUSTER_ROLES),
      "client-java + TLS to every cluster: a server-side dry-run apply of each object"),
  STATIC_SYNC(
      "StaticSync",
      "functions/staticsync/target/slipway-staticsync-lambda.jar",
      "dev.slipway.staticsync.StaticSyncHandler::handleRequest",
      1024,
      Duration.minutes(15),
      null,
      "StaticSync",
      true,
      false,
      List.of(),
      EnumSet.of(Capability.SYNC_STATIC_DATA),
      "copies and checksums objects; network throughput scales with memory"),
  DEPLOY(
      "Deploy",
      "functions/deploy/target/slipway-deploy-lambda.jar",
      "dev.slipway.deploy.DeployHandler::handleRequest",
      1536,
      Duration.minutes(5),
      10,
      "Cluster",
      true,
      true,
      BucketLayout.CLUSTER_FUNCTION_GRANTS,
      EnumSet.of(Capability.DESCRIBE_CLUSTERS, Capability.ASSUME_CLUSTER_ROLES),
      "client-java + Bouncy Castle + TLS handshakes: CPU-bound start, snapshot then apply"),
  ROLLOUT(
      "Rollout",
      "functions/deploy/target/slipway-deploy-lambda.jar",
      "dev.slipway.deploy.RolloutHandler::handleRequest",
      1024,
      Duration.seconds(60),
      10,
      "Cluster",
      true,
      true,
      BucketLayout.CLUSTER_FUNCTION_GRANTS,
      EnumSet.of(Capability.DESCRIBE_CLUSTERS, Capability.ASSUME_CLUSTER_ROLES),
      "client-java, but only reads a few objects per poll"),
  ROLLBACK(
      "Rollback",
      "functions/deploy/target/slipway-deploy-lambda.jar",
      "dev.slipway.deploy.RollbackHandler::handleRequest",
      1536,
      Duration.minutes(5),
      10,
      "Cluster",
      true,
      true,
      BucketLayout.CLUSTER_FUNCTION_GRANTS,
      EnumSet.of(Capability.DESCRIBE_CLUSTERS, Capability.ASSUME_CLUSTER_ROLES),
      "same work as deploy, run when something already went wrong: never starve it"),
  CANARY(
      "Canary",
      "functions/analysis/target/slipway-analysis-lambda.jar",
      "dev.slipway.analysis.CanaryHandler::handleRequest",
      2048,
      Duration.minutes(5),
      null,
      "Canary",
      true,
      true,
      List.of(S3Grant.get(BucketLayout.CONFIG), S3Grant.put(BucketLayout.CANARY_RESULTS)),
      EnumSet.of(Capability.QUERY_PROMETHEUS_WORKSPACE),
      "parses query_range JSON for every metric and runs Mann-Whitney with its CI search"),
  RECORD(
      "Record",
      "functions/pipeline/target/slipway-pipeline-lambda.jar",
      "dev.slipway.pipeline.RecordHandler::handleRequest",
      512,
      Duration.seconds(30),
      null,
      "Record",
      true,
      false,
      List.of(S3Grant.getPut(BucketLayout.RELEASES)),
      EnumSet.of(Capability.PUBLISH_NOTIFICATIONS),
      "one S3 read-modify-write and one SNS publish"),
  RECONCILE(
      "Reconcile",
      "functions/reconcile/target/slipway-reconcile-lambda.jar",
      "dev.slipway.reconcile.ReconcileHandler::handleRequest",
      1536,
      Duration.minutes(15),
      2,
      "Reconcile",
      false,
      true,
      BucketLayout.RECONCILE_FUNCTION_GRANTS,
      EnumSet.of(
          Capability.DESCRIBE_CLUSTERS,
          Capability.ASSUME_CLUSTER_ROLES,
          Capability.DESCRIBE_RELEASES,
          Capability.READ_RELEASE_HISTORY,
          Capability.PUBLISH_NOTIFICATIONS,
          Capability.READ_GRAFANA_SECRET),
      "the rollback's work (client-java, TLS to every cluster the release wrote to), run by the"
          + " EventBridge rule when an execution timed out, was stopped or failed uncaught");

  private final String id;
  private final String jar;
  private final String handler;
  private final int memoryMb;
  private final Duration timeout;
  private final Integer reservedConcurrency;
  private final String roleId;
  private final boolean invokedByStateMachine;
  private final boolean vpcCandidate;
  private final List<S3Grant> s3Grants;
  private final Set<Capability> capabilities;
  private final String memoryReason;

  SlipwayFunction(
      String id,
      String jar,
      String handler,
      int memoryMb,
      Duration timeout,
      Integer reservedConcurrency,
      String roleId,
      boolean invokedByStateMachine,
      boolean vpcCandidate,
      List<S3Grant> s3Grants,
      Set<Capability> capabilities,
      String memoryReason) {
    this.id = id;
    this.jar = jar;
    this.handler = handler;
    this.memoryMb = memoryMb;
    this.timeout = timeout;
    this.reservedConcurrency = reservedConcurrency;
    this.roleId = roleId;
    this.invokedByStateMachine = invokedByStateMachine;
    this.vpcCandidate = vpcCandidate;
    this.s3Grants = s3Grants;
    this.capabilities = capabilities;
    this.memoryReason = memoryReason;
  }

  /**
   * The construct id, also the stem of the state machine's substitution {@code ${IdFunctionArn}}.
   */
  public String id() {
    return id;
  }

  /**
   * The jar's path relative to the repository root: {@code
   * functions/<module>/target/slipway-<module>-lambda.jar}, the shaded jar every function module
   * builds ({@code mvn -B package -DskipTests}; functions/pom.xml).
   */
  public Path jar() {
    return Path.of(jar);
  }

  public String handler() {
    return handler;
  }

  public int memoryMb() {
    return memoryMb;
  }

  public Duration timeout() {
    return timeout;
  }

  /** Reserved concurrency, or null where reserving would protect nothing. */
  public Integer reservedConcurrency() {
    return reservedConcurrency;
  }

  /**
   * Functions with the same role id share one IAM role, and so have the same grants: diff, deploy,
   * rollout and rollback are one identity, so each cluster needs one access entry, not four; lock
   * and unlock touch the same lock objects.
   */
  public String roleId() {
    return roleId;
  }

  /**
   * Whether the state machine calls it. Only these get a definition substitution and an invoke
   * grant; the webhook must not be one, since it holds the state machine's ARN (a cycle).
   */
  public boolean invokedByStateMachine() {
    return invokedByStateMachine;
  }

  /** The placeholder in {@code release.asl.json}: {@code ${DeployFunctionArn}} etc. */
  public String substitutionKey() {
    return id + "FunctionArn";
  }

  /** Whether it talks to in-VPC endpoints (clusters, Prometheus, Grafana) when a VPC is set. */
  public boolean vpcCandidate() {
    return vpcCandidate;
  }

  public List<S3Grant> s3Grants() {
    return s3Grants;
  }

  public Set<Capability> capabilities() {
    return capabilities;
  }

  public String memoryReason() {
    return memoryReason;
  }

  /** A permission beyond the function's own bucket prefixes and log group. */
  public enum Capability {
    /** states:StartExecution on the release state machine. */
    START_RELEASES,
    /** states:DescribeExecution on the release state machine's executions. */
    DESCRIBE_RELEASES,
    /** states:GetExecutionHistory on them (the last state an ended execution entered). */
    READ_RELEASE_HISTORY,
    /** states:SendTaskSuccess and SendTaskFailure (task-token APIs: resource "*"). */
    COMPLETE_TASK_TOKENS,
    /**
     * secretsmanager:GetSecretValue on the webhook secret (one JSON object: github, jenkins,
     * jenkinsToken, build, approvals; docs/webhooks.md).
     */
    READ_WEBHOOK_SECRET,
    /** secretsmanager:GetSecretValue on the Grafana token. */
    READ_GRAFANA_SECRET,
    /** eks:DescribeCluster on the configured EKS clusters. */
    DESCRIBE_CLUSTERS,
    /** sts:AssumeRole on the configured per-cluster roles. */
    ASSUME_CLUSTER_ROLES,
    /** sns:Publish on the notification topic (and the key that encrypts it). */
    PUBLISH_NOTIFICATIONS,
    /** aps:QueryMetrics on the configured Amazon Managed Prometheus workspace, if any. */
    QUERY_PROMETHEUS_WORKSPACE,
    /** read the configured static-data source buckets, write the destination buckets. */
    SYNC_STATIC_DATA
  }

  /** Object access to one key pattern of the Slipway bucket. */
  public record S3Grant(String keyPattern, Set<S3Op> ops) {
    static S3Grant get(String pattern) {
      return new S3Grant(pattern, EnumSet.of(S3Op.GET));
    }

    static S3Grant put(String pattern) {
      return new S3Grant(pattern, EnumSet.of(S3Op.PUT));
    }

    static S3Grant getPut(String pattern) {
      return new S3Grant(pattern, EnumSet.of(S3Op.GET, S3Op.PUT));
    }

    static S3Grant getPutDelete(String pattern) {
      return new S3Grant(pattern, EnumSet.of(S3Op.GET, S3Op.PUT, S3Op.DELETE));
    }
  }

  /** An S3 object operation, with the KMS action it needs on the bucket key (SSE-KMS). */
  public enum S3Op {
    GET("s3:GetObject", "kms:Decrypt"),
    PUT("s3:PutObject", "kms:GenerateDataKey"),
    DELETE("s3:DeleteObject", null);

    private final String action;
    private final String kmsAction;

    S3Op(String action, String kmsAction) {
      this.action = action;
      this.kmsAction = kmsAction;
    }

    public String action() {
      return action;
    }

    /** The KMS action S3 calls on the caller's behalf, or null when none. */
    public String kmsAction() {
      return kmsAction;
    }
  }
}
