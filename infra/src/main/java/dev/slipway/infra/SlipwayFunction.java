package dev.slipway.infra;

import static dev.slipway.infra.FunctionSpec.function;

import java.nio.file.Path;
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
 *
 * <p>Each constant is a {@link FunctionSpec} built by name; {@code docs/infra-layout.md} says how
 * to add one.
 */
public enum SlipwayFunction {
  WEBHOOK(
      function("Webhook")
          .module("webhook")
          .handler("dev.slipway.webhook.WebhookHandler")
          .memoryMb(
              1024,
              "GitHub gives a delivery 10 s; 1 GB halves the restore-to-response time of 512 MB")
          .timeout(Duration.seconds(15))
          .reservedConcurrency(20)
          // WebhookConfig: the bucket (config/slipway.yaml, approval requests) and the secret.
          .environment(
              EnvVar.SLIPWAY_BUCKET,
              EnvVar.SLIPWAY_WEBHOOK_SECRET_ID,
              EnvVar.JAVA_TOOL_OPTIONS,
              EnvVar.SLIPWAY_STATE_MACHINE_ARN)
          .s3(S3Grant.get(BucketLayout.CONFIG), S3Grant.getPut(BucketLayout.WEBHOOK_DELIVERIES))
          .can(
              Capability.START_RELEASES,
              Capability.DESCRIBE_RELEASES,
              Capability.READ_WEBHOOK_SECRET)),
  APPROVAL(
      function("Approval")
          .module("webhook")
          .handler("dev.slipway.webhook.ApprovalHandler")
          .memoryMb(
              512, "one S3 read, one conditional write and one Step Functions call per human click")
          .timeout(Duration.seconds(15))
          .reservedConcurrency(5)
          .environment(
              EnvVar.SLIPWAY_BUCKET,
              EnvVar.SLIPWAY_WEBHOOK_SECRET_ID,
              EnvVar.JAVA_TOOL_OPTIONS,
              EnvVar.SLIPWAY_STATE_MACHINE_ARN)
          // the approval page also shows the gate's per-cluster diffs, its canary result and the
          // waves still to come (the configuration)
          .s3(
              S3Grant.getPut(BucketLayout.APPROVALS),
              S3Grant.get(BucketLayout.DIFFS),
              S3Grant.get(BucketLayout.CANARY_RESULTS),
              S3Grant.get(BucketLayout.CONFIG))
          .can(Capability.COMPLETE_TASK_TOKENS, Capability.READ_WEBHOOK_SECRET)),
  PLAN(
      function("Plan")
          .module("pipeline")
          .handler("dev.slipway.pipeline.PlanHandler")
          .memoryMb(512, "reads and validates config/slipway.yaml, expands the release plan")
          .timeout(Duration.seconds(30))
          .invokedByStateMachine()
          .environment(EnvVar.SLIPWAY_BUCKET)
          .s3(S3Grant.get(BucketLayout.CONFIG))),
  LOCK(
      function("Lock")
          .module("pipeline")
          .handler("dev.slipway.pipeline.AcquireLockHandler")
          .memoryMb(512, "a conditional S3 write and at most one DescribeExecution")
          .timeout(Duration.seconds(30))
          .invokedByStateMachine()
          .environment(EnvVar.SLIPWAY_BUCKET)
          .s3(BucketLayout.LOCK_FUNCTION_GRANTS)
          .can(Capability.DESCRIBE_RELEASES)),
  UNLOCK(
      function("Unlock")
          .module("pipeline")
          // The unlock task's handler: the one place infra names it.
          .handler("dev.slipway.pipeline.UnlockHandler")
          .memoryMb(
              512,
              "one S3 read and one delete; runs on every path out of a release, so it must be quick")
          .timeout(Duration.seconds(30))
          .role("Lock")
          .invokedByStateMachine()
          .environment(EnvVar.SLIPWAY_BUCKET)
          .s3(BucketLayout.LOCK_FUNCTION_GRANTS)
          .can(Capability.DESCRIBE_RELEASES)),
  APPROVAL_GATE(
      function("ApprovalGate")
          .module("pipeline")
          .handler("dev.slipway.pipeline.ApprovalGateHandler")
          .memoryMb(512, "one S3 write, one secret read (to sign the link) and one SNS publish")
          .timeout(Duration.seconds(30))
          .invokedByStateMachine()
          // The secret and the API's URL: the gate signs the approval links it sends.
          .environment(
              EnvVar.SLIPWAY_BUCKET,
              EnvVar.SLIPWAY_TOPIC_ARN,
              EnvVar.SLIPWAY_WEBHOOK_SECRET_ID,
              EnvVar.SLIPWAY_API_URL)
          .s3(S3Grant.put(BucketLayout.APPROVALS))
          .can(Capability.PUBLISH_NOTIFICATIONS, Capability.READ_WEBHOOK_SECRET)),
  ANNOTATE(
      function("Annotate")
          .module("annotate")
          .handler("dev.slipway.annotate.AnnotateHandler")
          .memoryMb(
              512,
              "one HTTP call to Grafana (and the start's id journaled to S3); best effort, so quick")
          .timeout(Duration.seconds(30))
          .invokedByStateMachine()
          .inVpcWhenConfigured()
          // AnnotateConfig: Grafana's defaults and the token's secret; the bucket holds
          // config/slipway.yaml (its grafana block) and the start annotations' ids (journaled for
          // the reconciliation and per-cluster ends).
          .environment(
              EnvVar.SLIPWAY_BUCKET,
              EnvVar.SLIPWAY_GRAFANA_TOKEN_SECRET_ARN,
              EnvVar.SLIPWAY_GRAFANA_URL)
          .s3(S3Grant.get(BucketLayout.CONFIG), S3Grant.getPut(BucketLayout.ANNOTATION_JOURNALS))
          .can(Capability.READ_GRAFANA_SECRET)),
  MANIFESTS(
      function("Manifests")
          .module("manifests")
          .handler("dev.slipway.manifests.ManifestsHandler")
          .memoryMb(
              1024,
              "renders every template of every cluster and parses the YAML back to validate it")
          .timeout(Duration.seconds(120))
          .invokedByStateMachine()
          .environment(EnvVar.SLIPWAY_BUCKET)
          .s3(
              S3Grant.get(BucketLayout.TEMPLATES),
              S3Grant.get(BucketLayout.CONFIG),
              S3Grant.put(BucketLayout.ARTIFACTS))),
  DIFF(
      clusterFunction("Diff")
          .handler("dev.slipway.deploy.DiffHandler")
          .memoryMb(
              1536,
              "client-java + TLS to every cluster: a server-side dry-run apply of each object")
          .timeout(Duration.minutes(5))),
  STATIC_SYNC(
      function("StaticSync")
          .module("staticsync")
          .handler("dev.slipway.staticsync.StaticSyncHandler")
          .memoryMb(1024, "copies and checksums objects; network throughput scales with memory")
          .timeout(Duration.minutes(15))
          .invokedByStateMachine()
          // StaticSyncConfig: buckets come with each request; no environment.
          .can(Capability.SYNC_STATIC_DATA)),
  DEPLOY(
      clusterFunction("Deploy")
          .handler("dev.slipway.deploy.DeployHandler")
          .memoryMb(
              1536,
              "client-java + Bouncy Castle + TLS handshakes: CPU-bound start, snapshot then apply")
          .timeout(Duration.minutes(5))),
  ROLLOUT(
      clusterFunction("Rollout")
          .handler("dev.slipway.deploy.RolloutHandler")
          .memoryMb(1024, "client-java, but only reads a few objects per poll")
          .timeout(Duration.seconds(60))),
  ROLLBACK(
      clusterFunction("Rollback")
          .handler("dev.slipway.deploy.RollbackHandler")
          .memoryMb(
              1536, "same work as deploy, run when something already went wrong: never starve it")
          .timeout(Duration.minutes(5))),
  CANARY(
      function("Canary")
          .module("analysis")
          .handler("dev.slipway.analysis.CanaryHandler")
          .memoryMb(
              2048,
              "parses query_range JSON for every metric and runs Mann-Whitney with its CI search")
          .timeout(Duration.minutes(5))
          .invokedByStateMachine()
          .inVpcWhenConfigured()
          // AnalysisConfig: Prometheus, signed with SigV4 when it is an Amazon Managed Prometheus
          // workspace; plus the store for the canary config and results.
          .environment(
              EnvVar.SLIPWAY_BUCKET,
              EnvVar.SLIPWAY_PROMETHEUS_URL,
              EnvVar.SLIPWAY_PROMETHEUS_SIGV4_REGION)
          .s3(S3Grant.get(BucketLayout.CONFIG), S3Grant.put(BucketLayout.CANARY_RESULTS))
          .can(Capability.QUERY_PROMETHEUS_WORKSPACE, Capability.READ_PROMETHEUS_SECRETS)),
  RECORD(
      function("Record")
          .module("pipeline")
          .handler("dev.slipway.pipeline.RecordHandler")
          .memoryMb(512, "one S3 read-modify-write and one SNS publish")
          .timeout(Duration.seconds(30))
          .invokedByStateMachine()
          .environment(EnvVar.SLIPWAY_BUCKET, EnvVar.SLIPWAY_TOPIC_ARN)
          .s3(S3Grant.getPut(BucketLayout.RELEASES))
          .can(Capability.PUBLISH_NOTIFICATIONS)),
  RECONCILE(
      function("Reconcile")
          .module("reconcile")
          .handler("dev.slipway.reconcile.ReconcileHandler")
          .memoryMb(
              1536,
              "the rollback's work (client-java, TLS to every cluster the release wrote to), run by the"
                  + " EventBridge rule when an execution timed out, was stopped or failed uncaught")
          .timeout(Duration.minutes(15))
          .reservedConcurrency(2)
          .inVpcWhenConfigured()
          // ReconcileWiring: the union of what the pipeline, deploy and annotate functions read.
          .environment(
              EnvVar.SLIPWAY_BUCKET,
              EnvVar.SLIPWAY_TOPIC_ARN,
              EnvVar.SLIPWAY_GRAFANA_TOKEN_SECRET_ARN,
              EnvVar.SLIPWAY_GRAFANA_URL)
          .s3(BucketLayout.RECONCILE_FUNCTION_GRANTS)
          .can(
              Capability.DESCRIBE_CLUSTERS,
              Capability.ASSUME_CLUSTER_ROLES,
              Capability.DESCRIBE_RELEASES,
              Capability.READ_RELEASE_HISTORY,
              Capability.PUBLISH_NOTIFICATIONS,
              Capability.READ_GRAFANA_SECRET));

  private final FunctionSpec spec;

  SlipwayFunction(FunctionSpec.Builder definition) {
    this.spec = definition.build();
  }

  /**
   * Diff, deploy, rollout and rollback: the deploy module's functions, one identity towards the
   * clusters (the "Cluster" role: each cluster needs one access entry, not four, and so they have
   * the same grants), in the VPC when one is set, at most 10 at a time each.
   */
  private static FunctionSpec.Builder clusterFunction(String id) {
    return function(id)
        .module("deploy")
        .reservedConcurrency(10)
        .role("Cluster")
        .invokedByStateMachine()
        .inVpcWhenConfigured()
        .environment(EnvVar.SLIPWAY_BUCKET)
        .s3(BucketLayout.CLUSTER_FUNCTION_GRANTS)
        .can(Capability.DESCRIBE_CLUSTERS, Capability.ASSUME_CLUSTER_ROLES);
  }

  /**
   * The construct id, also the stem of the state machine's substitution {@code ${IdFunctionArn}}.
   */
  public String id() {
    return spec.id();
  }

  /**
   * The jar's path relative to the repository root: {@code
   * functions/<module>/target/slipway-<module>-lambda.jar}, the shaded jar every function module
   * builds ({@code mvn -B package -DskipTests}; functions/pom.xml).
   */
  public Path jar() {
    return spec.jar();
  }

  /** Lambda's handler string, {@code <class>::handleRequest}. */
  public String handler() {
    return spec.handler();
  }

  public int memoryMb() {
    return spec.memoryMb();
  }

  public Duration timeout() {
    return spec.timeout();
  }

  /** Reserved concurrency, or null where reserving would protect nothing. */
  public Integer reservedConcurrency() {
    return spec.reservedConcurrency();
  }

  /**
   * Functions with the same role id share one IAM role, and so have the same grants: diff, deploy,
   * rollout and rollback are one identity, so each cluster needs one access entry, not four; lock
   * and unlock touch the same lock objects.
   */
  public String roleId() {
    return spec.roleId();
  }

  /**
   * Whether the state machine calls it. Only these get a definition substitution and an invoke
   * grant; the webhook must not be one, since it holds the state machine's ARN (a cycle).
   */
  public boolean invokedByStateMachine() {
    return spec.invokedByStateMachine();
  }

  /** The placeholder in {@code release.asl.json}: {@code ${DeployFunctionArn}} etc. */
  public String substitutionKey() {
    return id() + "FunctionArn";
  }

  /** Whether it talks to in-VPC endpoints (clusters, Prometheus, Grafana) when a VPC is set. */
  public boolean vpcCandidate() {
    return spec.vpcCandidate();
  }

  /** The environment variables it gets (optional ones only when configured). */
  public Set<EnvVar> environment() {
    return spec.environment();
  }

  public List<S3Grant> s3Grants() {
    return spec.s3Grants();
  }

  public Set<Capability> capabilities() {
    return spec.capabilities();
  }

  public String memoryReason() {
    return spec.memoryReason();
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
    /**
     * secretsmanager:GetSecretValue on {@code slipway/prometheus/*}: the credentials a cluster's
     * {@code prometheus.authSecret} names (config/slipway.yaml).
     */
    READ_PROMETHEUS_SECRETS,
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
}
