package dev.slipway.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import software.amazon.awscdk.Arn;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.CfnOutputProps;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.apigateway.AccessLogFormat;
import software.amazon.awscdk.services.apigateway.AuthorizationType;
import software.amazon.awscdk.services.apigateway.EndpointType;
import software.amazon.awscdk.services.apigateway.LambdaIntegration;
import software.amazon.awscdk.services.apigateway.LogGroupLogDestination;
import software.amazon.awscdk.services.apigateway.MethodLoggingLevel;
import software.amazon.awscdk.services.apigateway.MethodOptions;
import software.amazon.awscdk.services.apigateway.RequestValidator;
import software.amazon.awscdk.services.apigateway.RequestValidatorOptions;
import software.amazon.awscdk.services.apigateway.Resource;
import software.amazon.awscdk.services.apigateway.RestApi;
import software.amazon.awscdk.services.apigateway.StageOptions;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.ec2.ISecurityGroup;
import software.amazon.awscdk.services.ec2.ISubnet;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.Subnet;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.ec2.VpcAttributes;
import software.amazon.awscdk.services.events.EventPattern;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.targets.LambdaFunction;
import software.amazon.awscdk.services.iam.ManagedPolicy;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.ApplicationLogLevel;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.EventInvokeConfigOptions;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.LoggingFormat;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.lambda.SystemLogLevel;
import software.amazon.awscdk.services.lambda.Tracing;
import software.amazon.awscdk.services.lambda.destinations.SqsDestination;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.amazon.awscdk.services.s3.ObjectOwnership;
import software.amazon.awscdk.services.s3.deployment.BucketDeployment;
import software.amazon.awscdk.services.s3.deployment.Source;
import software.amazon.awscdk.services.secretsmanager.CfnSecret;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscription;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.amazon.awscdk.services.stepfunctions.DefinitionBody;
import software.amazon.awscdk.services.stepfunctions.LogLevel;
import software.amazon.awscdk.services.stepfunctions.LogOptions;
import software.amazon.awscdk.services.stepfunctions.StateMachine;
import software.amazon.awscdk.services.stepfunctions.StateMachineType;
import software.constructs.Construct;

/**
 * All of Slipway in one stack: the bucket (and its key and access-log bucket), the functions, the
 * release state machine, the webhook API, the secrets, the notification topic and the alarms.
 */
public class SlipwayStack extends Stack {
  static final String ALIAS = "live";
  static final String VPC_ACCESS_POLICY = "service-role/AWSLambdaVPCAccessExecutionRole";

  /** The API's one stage; also part of SLIPWAY_API_URL (see {@link #apiUrl()}). */
  static final String API_STAGE = "v1";

  private final Key key;
  private final Bucket bucket;
  private final Bucket accessLogBucket;
  private final Topic topic;
  private final Map<SlipwaySecret, Secret> secrets = new EnumMap<>(SlipwaySecret.class);
  private final Map<SlipwayFunction, Function> functions = new EnumMap<>(SlipwayFunction.class);
  private final Map<SlipwayFunction, Alias> aliases = new EnumMap<>(SlipwayFunction.class);
  private final Map<String, Role> roles = new LinkedHashMap<>();
  private final StateMachine stateMachine;
  private final RestApi api;
  private final BucketDeployment configUpload;
  private Queue reconcileDeadLetters;
  private Rule reconcileRule;

  public SlipwayStack(Construct scope, String id, StackProps stackProps, SlipwayStackProps props) {
    super(scope, id, stackProps);
    InfraConfig config = props.config();
    RetentionDays retention = retention(config.logRetentionDays());

    key =
        Key.Builder.create(this, "BucketKey")
            .description("Slipway: encrypts the artifact bucket (kubeconfigs!) and the topic")
            .enableKeyRotation(true)
            .removalPolicy(RemovalPolicy.RETAIN)
            .build();
    // CloudWatch alarms publish to the encrypted topic as the CloudWatch service.
    key.addToResourcePolicy(
        PolicyStatement.Builder.create()
            .sid("AllowCloudWatchAlarmsToPublishToTheTopic")
            .principals(List.of(new ServicePrincipal("cloudwatch.amazonaws.com")))
            .actions(List.of("kms:Decrypt", "kms:GenerateDataKey"))
            // In a key policy "*" means "this key".
            .resources(List.of("*"))
            .build());

    accessLogBucket =
        Bucket.Builder.create(this, "AccessLogBucket")
            // S3 server access logging can only deliver to SSE-S3 buckets.
            .encryption(BucketEncryption.S3_MANAGED)
            .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
            .enforceSsl(true)
            .minimumTlsVersion(1.2)
            .objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED)
            .lifecycleRules(
                List.of(
                    LifecycleRule.builder()
                        .id("expire-access-logs")
                        .expiration(Duration.days(365))
                        .build()))
            .removalPolicy(RemovalPolicy.RETAIN)
            .build();

    bucket =
        Bucket.Builder.create(this, "ArtifactBucket")
            .encryption(BucketEncryption.KMS)
            .encryptionKey(key)
            .bucketKeyEnabled(true)
            .versioned(true)
            .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
            .enforceSsl(true)
            .minimumTlsVersion(1.2)
            .objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED)
            .serverAccessLogsBucket(accessLogBucket)
            .serverAccessLogsPrefix("artifact-bucket/")
            .lifecycleRules(
                List.of(
                    // Jenkins' buildDiscarder(daysToKeepStr: '180'); kubeconfigs/ and config/
                    // (and releases/, locks/, templates/, webhooks/ deliveries) never expire.
                    LifecycleRule.builder()
                        .id("expire-artifacts")
                        .prefix(BucketLayout.ARTIFACTS_PREFIX)
                        .expiration(Duration.days(180))
                        .build(),
                    LifecycleRule.builder()
                        .id("expire-noncurrent-versions")
                        .noncurrentVersionExpiration(Duration.days(30))
                        .abortIncompleteMultipartUploadAfter(Duration.days(7))
                        .build(),
                    LifecycleRule.builder()
                        .id("remove-expired-delete-markers")
                        .expiredObjectDeleteMarker(true)
                        .build()))
            .removalPolicy(RemovalPolicy.RETAIN)
            .build();

    for (SlipwaySecret s : SlipwaySecret.values()) {
      secrets.put(s, emptySecret(s));
    }

    topic =
        Topic.Builder.create(this, "Notifications")
            .displayName("Slipway releases")
            .masterKey(key)
            .enforceSsl(true)
            .build();
    if (config.alarmEmail() != null) {
      topic.addSubscription(new EmailSubscription(config.alarmEmail()));
    }

    String stateMachineName = getStackName() + "-release";
    IVpc vpc = null;
    List<ISubnet> subnets = new ArrayList<>();
    List<ISecurityGroup> securityGroups = new ArrayList<>();
    if (config.vpc() != null) {
      InfraConfig.VpcPlacement placement = config.vpc();
      vpc =
          Vpc.fromVpcAttributes(
              this,
              "Vpc",
              VpcAttributes.builder()
                  .vpcId(placement.vpcId())
                  .availabilityZones(placement.availabilityZones())
                  .build());
      for (int i = 0; i < placement.subnetIds().size(); i++) {
        subnets.add(Subnet.fromSubnetId(this, "Subnet" + i, placement.subnetIds().get(i)));
      }
      for (int i = 0; i < placement.securityGroupIds().size(); i++) {
        securityGroups.add(
            SecurityGroup.fromSecurityGroupId(
                this, "SecurityGroup" + i, placement.securityGroupIds().get(i)));
      }
      if (securityGroups.isEmpty()) {
        securityGroups.add(
            SecurityGroup.Builder.create(this, "FunctionSecurityGroup")
                .vpc(vpc)
                .description("Slipway functions: egress only (clusters, Prometheus, Grafana, AWS)")
                .allowAllOutbound(true)
                .build());
      }
    }

    checkSharedRoles();
    Set<String> rolesInVpc = new HashSet<>();
    for (SlipwayFunction f : SlipwayFunction.values()) {
      Role role =
          roles.computeIfAbsent(
              f.roleId(),
              r ->
                  Role.Builder.create(this, r + "Role")
                      .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                      .description("Slipway " + r + " function(s): least privilege, see infra/")
                      .build());
      LogGroup logs =
          LogGroup.Builder.create(this, f.id() + "Logs")
              .retention(retention)
              .removalPolicy(RemovalPolicy.DESTROY)
              .build();
      Function.Builder fn =
          Function.Builder.create(this, f.id() + "Function")
              .description("Slipway " + f.id() + ": " + f.memoryReason())
              .runtime(Runtime.JAVA_21)
              .architecture(Architecture.ARM_64)
              .code(Code.fromAsset(props.jar(f).toString()))
              .handler(f.handler())
              .memorySize(f.memoryMb())
              .timeout(f.timeout())
              .role(role)
              .snapStart(SnapStartConf.ON_PUBLISHED_VERSIONS)
              .tracing(Tracing.ACTIVE)
              .loggingFormat(LoggingFormat.JSON)
              .applicationLogLevelV2(ApplicationLogLevel.INFO)
              .systemLogLevelV2(SystemLogLevel.WARN)
              .logGroup(logs)
              .environment(environment(f, config));
      if (config.reservedConcurrency() && f.reservedConcurrency() != null) {
        fn.reservedConcurrentExecutions(f.reservedConcurrency());
      }
      if (vpc != null && f.vpcCandidate()) {
        fn.vpc(vpc)
            .vpcSubnets(SubnetSelection.builder().subnets(subnets).build())
            .securityGroups(securityGroups);
        // With its own role CDK adds nothing: Lambda needs this to attach network interfaces.
        if (rolesInVpc.add(f.roleId())) {
          role.addManagedPolicy(ManagedPolicy.fromAwsManagedPolicyName(VPC_ACCESS_POLICY));
        }
      }
      Function function = fn.build();
      functions.put(f, function);
      aliases.put(
          f,
          Alias.Builder.create(this, f.id() + "Alias")
              .aliasName(ALIAS)
              .version(function.getCurrentVersion())
              .build());
      role.addToPrincipalPolicy(
          PolicyStatement.Builder.create()
              .actions(List.of("logs:CreateLogStream", "logs:PutLogEvents"))
              .resources(List.of(logs.getLogGroupArn()))
              .build());
    }

    Map<String, String> substitutions = new TreeMap<>();
    for (SlipwayFunction f : SlipwayFunction.values()) {
      if (f.invokedByStateMachine()) {
        substitutions.put(f.substitutionKey(), aliases.get(f).getFunctionArn());
      }
    }

    LogGroup executionLogs =
        LogGroup.Builder.create(this, "ReleaseLogs")
            // The vended-logs prefix keeps Step Functions' log resource policy small.
            .logGroupName("/aws/vendedlogs/states/" + stateMachineName)
            .retention(retention)
            .removalPolicy(RemovalPolicy.DESTROY)
            .build();
    stateMachine =
        StateMachine.Builder.create(this, "Release")
            .stateMachineName(stateMachineName)
            .stateMachineType(StateMachineType.STANDARD)
            .definitionBody(DefinitionBody.fromFile(props.definition().toString()))
            .definitionSubstitutions(substitutions)
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

    RolePolicies policies =
        new RolePolicies(this, bucket, key, topic, secrets, stateMachineName, stateMachine, config);
    for (SlipwayFunction f : SlipwayFunction.values()) {
      policies.grant(roles.get(f.roleId()), f);
    }
    policies.grantStateMachine(
        stateMachine.getRole(),
        aliases.entrySet().stream()
            .filter(e -> e.getKey().invokedByStateMachine())
            .map(e -> e.getValue().getFunctionArn())
            .toList());

    api = webhookApi(config, retention);
    // Settings that name the state machine or the API, added once those exist. No cycle: only
    // the API functions (which the state machine never invokes) get the state machine's ARN; the
    // approval gate (invoked by it) gets the API's URL built from the RestApi's id alone, not from
    // its stage, whose deployment depends on the API functions and so on the state machine.
    for (SlipwayFunction f : List.of(SlipwayFunction.WEBHOOK, SlipwayFunction.APPROVAL)) {
      functions
          .get(f)
          .addEnvironment("SLIPWAY_STATE_MACHINE_ARN", stateMachine.getStateMachineArn());
    }
    functions.get(SlipwayFunction.APPROVAL_GATE).addEnvironment("SLIPWAY_API_URL", apiUrl());
    alarms();
    reconciliation();
    configUpload = uploadSlipwayConfig(props);
    outputs();
    SlipwayNagSuppressions.apply(this, config);
  }

  private Secret emptySecret(SlipwaySecret s) {
    Secret secret =
        Secret.Builder.create(this, s.id())
            .secretName(getStackName() + "/" + s.nameSuffix())
            .description(
                "Slipway: "
                    + s.description()
                    + ". Created empty on purpose: set it with aws secretsmanager put-secret-value"
                    + " (README, Deploy to AWS).")
            .build();
    // Without a value: CDK would otherwise generate a random password, which is not the
    // secret GitHub, Jenkins or Grafana holds. A function reading it before it is set fails
    // with a named error.
    ((CfnSecret) secret.getNode().getDefaultChild())
        .addPropertyDeletionOverride("GenerateSecretString");
    return secret;
  }

  /**
   * Exactly the settings each function's {@code *Config} reads (AWS_REGION comes from Lambda).
   * SLIPWAY_STATE_MACHINE_ARN and SLIPWAY_API_URL are added once the state machine and the API
   * exist.
   */
  /** The JVM flags of the functions that answer a caller who waits (webhook, approval). */
  static final String JVM_QUICK_START = "-XX:+TieredCompilation -XX:TieredStopAtLevel=1";

  private Map<String, String> environment(SlipwayFunction f, InfraConfig config) {
    Map<String, String> env = new TreeMap<>();
    String webhookSecret = secrets.get(SlipwaySecret.WEBHOOK).getSecretArn();
    switch (f) {
      // WebhookConfig: the bucket (config/slipway.yaml, approval requests) and the secret.
      // The JVM: C1 only, AWS's advice for short request/response functions (the webhook bench:
      // first request after a SnapStart restore 31 -> 22 ms, fresh cold start 432 -> 353 ms).
      case WEBHOOK, APPROVAL -> {
        env.put("SLIPWAY_BUCKET", bucket.getBucketName());
        env.put("SLIPWAY_WEBHOOK_SECRET_ID", webhookSecret);
        env.put("JAVA_TOOL_OPTIONS", JVM_QUICK_START);
      }
      // PipelineConfig: the store; the topic for those that notify; the secret (and the API URL)
      // for the gate, which signs the approval links it sends.
      case PLAN, LOCK, UNLOCK -> env.put("SLIPWAY_BUCKET", bucket.getBucketName());
      case RECORD -> {
        env.put("SLIPWAY_BUCKET", bucket.getBucketName());
        env.put("SLIPWAY_TOPIC_ARN", topic.getTopicArn());
      }
      case APPROVAL_GATE -> {
        env.put("SLIPWAY_BUCKET", bucket.getBucketName());
        env.put("SLIPWAY_TOPIC_ARN", topic.getTopicArn());
        env.put("SLIPWAY_WEBHOOK_SECRET_ID", webhookSecret);
      }
      // StoreConfig (ManifestsHandler, DeployModule); DeployConfig's timeouts keep their defaults.
      case MANIFESTS, DIFF, DEPLOY, ROLLOUT, ROLLBACK ->
          env.put("SLIPWAY_BUCKET", bucket.getBucketName());
      // AnalysisConfig: Prometheus, signed with SigV4 when it is an Amazon Managed Prometheus
      // workspace; plus the store for the canary config and results.
      case CANARY -> {
        env.put("SLIPWAY_BUCKET", bucket.getBucketName());
        config.prometheus().ifPresent(url -> env.put("SLIPWAY_PROMETHEUS_URL", url));
        if (config.prometheusWorkspaceArn() != null) {
          env.put(
              "SLIPWAY_PROMETHEUS_SIGV4_REGION",
              Arn.split(config.prometheusWorkspaceArn(), ArnFormat.SLASH_RESOURCE_NAME)
                  .getRegion());
        }
      }
      // AnnotateConfig: Grafana's URL and the token's secret; no bucket.
      case ANNOTATE -> {
        // the start annotation's id, journaled for the reconciliation
        env.put("SLIPWAY_BUCKET", bucket.getBucketName());
        env.put(
            "SLIPWAY_GRAFANA_TOKEN_SECRET_ARN", secrets.get(SlipwaySecret.GRAFANA).getSecretArn());
        config.grafana().ifPresent(url -> env.put("SLIPWAY_GRAFANA_URL", url));
      }
      // ReconcileWiring: the union of what the pipeline, deploy and annotate functions read.
      case RECONCILE -> {
        env.put("SLIPWAY_BUCKET", bucket.getBucketName());
        env.put("SLIPWAY_TOPIC_ARN", topic.getTopicArn());
        env.put(
            "SLIPWAY_GRAFANA_TOKEN_SECRET_ARN", secrets.get(SlipwaySecret.GRAFANA).getSecretArn());
        config.grafana().ifPresent(url -> env.put("SLIPWAY_GRAFANA_URL", url));
      }
      // StaticSyncConfig: buckets come with each request; nothing to set.
      case STATIC_SYNC -> {}
      default -> throw new IllegalStateException("no environment defined for " + f);
    }
    return env;
  }

  /**
   * {@code https://<api id>.execute-api.<region>.<suffix>/v1}, from the RestApi's id and the stage
   * name: {@code api.getUrl()} would reference the stage and so, through its deployment, every
   * method and the functions behind them.
   */
  private String apiUrl() {
    return Fn.join(
        "",
        List.of(
            "https://",
            api.getRestApiId(),
            ".execute-api.",
            getRegion(),
            ".",
            getUrlSuffix(),
            "/",
            API_STAGE));
  }

  /** Functions that share a role must need the same grants: the role gets them once. */
  private static void checkSharedRoles() {
    Map<String, SlipwayFunction> first = new LinkedHashMap<>();
    for (SlipwayFunction f : SlipwayFunction.values()) {
      SlipwayFunction other = first.putIfAbsent(f.roleId(), f);
      if (other != null
          && (!other.s3Grants().equals(f.s3Grants())
              || !other.capabilities().equals(f.capabilities()))) {
        throw new IllegalStateException(
            f + " shares role " + f.roleId() + " with " + other + " but needs other grants");
      }
    }
  }

  private RestApi webhookApi(InfraConfig config, RetentionDays retention) {
    LogGroup accessLogs =
        LogGroup.Builder.create(this, "ApiAccessLogs")
            .retention(retention)
            .removalPolicy(RemovalPolicy.DESTROY)
            .build();
    RestApi rest =
        RestApi.Builder.create(this, "Api")
            .restApiName(getStackName() + "-webhooks")
            .description("Slipway: CI webhooks start releases; approvers complete manual gates")
            .endpointTypes(List.of(EndpointType.REGIONAL))
            // The account-level role API Gateway needs to write execution and access logs.
            .cloudWatchRole(true)
            .deployOptions(
                StageOptions.builder()
                    .stageName(API_STAGE)
                    .throttlingRateLimit(config.apiRateLimit())
                    .throttlingBurstLimit(config.apiBurstLimit())
                    .loggingLevel(MethodLoggingLevel.ERROR)
                    .dataTraceEnabled(false)
                    .metricsEnabled(true)
                    .tracingEnabled(true)
                    .accessLogDestination(new LogGroupLogDestination(accessLogs))
                    .accessLogFormat(AccessLogFormat.jsonWithStandardFields())
                    .build())
            .build();

    RequestValidator validator =
        rest.addRequestValidator(
            "ParameterValidator",
            RequestValidatorOptions.builder()
                .requestValidatorName("required-headers-and-parameters")
                .validateRequestParameters(true)
                // No body model: the function parses and verifies the (signed) body itself.
                .validateRequestBody(true)
                .build());

    LambdaIntegration webhook = new LambdaIntegration(aliases.get(SlipwayFunction.WEBHOOK));
    Resource webhooks = rest.getRoot().addResource("webhooks");
    // GitHub signs every delivery; a request without the signature never reaches the function.
    webhooks
        .addResource("github")
        .addMethod(
            "POST",
            webhook,
            MethodOptions.builder()
                .requestValidator(validator)
                .requestParameters(
                    Map.of(
                        "method.request.header.X-Hub-Signature-256", true,
                        "method.request.header.X-GitHub-Delivery", true,
                        "method.request.header.X-GitHub-Event", true))
                .build());
    for (String source : List.of("jenkins", "build")) {
      webhooks
          .addResource(source)
          .addMethod("POST", webhook, MethodOptions.builder().requestValidator(validator).build());
    }

    LambdaIntegration approval = new LambdaIntegration(aliases.get(SlipwayFunction.APPROVAL));
    Resource approvalById = rest.getRoot().addResource("approvals").addResource("{id}");
    // Approvers open the signed, expiring link the approval gate sends (docs/webhooks.md): the
    // function checks its HMAC (the secret's "approvals" key), so API Gateway cannot require
    // SigV4 or a token a browser does not have (a bad or missing signature is a named 401).
    MethodOptions approvalOptions =
        MethodOptions.builder()
            .authorizationType(AuthorizationType.NONE)
            .requestValidator(validator)
            .requestParameters(Map.of("method.request.path.id", true))
            .build();
    approvalById.addMethod("GET", approval, approvalOptions);
    approvalById.addMethod("POST", approval, approvalOptions);
    return rest;
  }

  private void alarms() {
    SnsAction notify = new SnsAction(topic);
    List<Alarm> all = new ArrayList<>();
    all.add(
        alarm(
            "ReleaseFailedAlarm",
            "A release execution failed (the execution's error names Slipway.<Area>.<What>)",
            stateMachine.metricFailed(fiveMinuteSum()),
            1));
    all.add(
        alarm(
            "ReleaseTimedOutAlarm",
            "A release execution hit the state machine's TimeoutSeconds (statemachines/release.asl.json):"
                + " Slipway's own budget should end every release before it; report it",
            stateMachine.metricTimedOut(fiveMinuteSum()),
            1));
    all.add(
        alarm(
            "Webhook4xxAlarm",
            "More than 20 rejected webhook calls in 5 minutes: a wrong secret or a probe",
            api.metricClientError(fiveMinuteSum()),
            20));
    all.add(
        alarm(
            "Webhook5xxAlarm",
            "The webhook API answered 5xx: CI builds may not have started releases",
            api.metricServerError(fiveMinuteSum()),
            1));
    for (SlipwayFunction f : SlipwayFunction.values()) {
      all.add(
          alarm(
              f.id() + "ErrorsAlarm",
              "The " + f.id() + " function failed (an uncaught error, a timeout or out of memory)",
              functions.get(f).metricErrors(fiveMinuteSum()),
              1));
    }
    all.forEach(a -> a.addAlarmAction(notify));
  }

  /**
   * The executions no state of their own can clean up after (the machine's timeout, a Stop, a
   * failure outside a Catch) go to the reconcile function: an EventBridge rule on the state
   * machine's status changes. What cannot be delivered (the rule's retries spent) and what the
   * function fails on (Lambda's asynchronous retries spent) lands in one dead-letter queue, whose
   * first message raises an alarm: such a release may still be half-deployed.
   */
  private void reconciliation() {
    reconcileDeadLetters =
        Queue.Builder.create(this, "ReconcileDeadLetters")
            .encryption(QueueEncryption.SQS_MANAGED)
            .enforceSsl(true)
            .retentionPeriod(Duration.days(14))
            .build();
    Alias reconcile = aliases.get(SlipwayFunction.RECONCILE);
    reconcile.configureAsyncInvoke(
        EventInvokeConfigOptions.builder()
            .retryAttempts(2)
            .maxEventAge(Duration.hours(6))
            .onFailure(new SqsDestination(reconcileDeadLetters))
            .build());
    reconcileRule =
        Rule.Builder.create(this, "ReconcileRule")
            .description(
                "Slipway: a release that timed out, was stopped or failed outside a Catch is"
                    + " reconciled (rolled back, recorded, unlocked)")
            .eventPattern(
                EventPattern.builder()
                    .source(List.of("aws.states"))
                    .detailType(List.of("Step Functions Execution Status Change"))
                    .detail(
                        Map.of(
                            "stateMachineArn",
                            List.of(stateMachine.getStateMachineArn()),
                            "status",
                            List.of("TIMED_OUT", "ABORTED", "FAILED")))
                    .build())
            .targets(
                List.of(
                    LambdaFunction.Builder.create(reconcile)
                        .deadLetterQueue(reconcileDeadLetters)
                        .retryAttempts(8)
                        .maxEventAge(Duration.hours(24))
                        .build()))
            .build();
    SnsAction notify = new SnsAction(topic);
    alarm(
            "ReconcileDeadLetterAlarm",
            "A release's reconciliation could not run or failed (its event is in the reconcile"
                + " dead-letter queue): the release may still be half-deployed and its lock held",
            reconcileDeadLetters.metricApproximateNumberOfMessagesVisible(
                MetricOptions.builder().period(Duration.minutes(5)).statistic("Maximum").build()),
            1)
        .addAlarmAction(notify);
    alarm(
            "ReconcileFailedInvocationsAlarm",
            "EventBridge could not invoke the reconcile function for a release that ended badly",
            Metric.Builder.create()
                .namespace("AWS/Events")
                .metricName("FailedInvocations")
                .dimensionsMap(Map.of("RuleName", reconcileRule.getRuleName()))
                .period(Duration.minutes(5))
                .statistic("Sum")
                .build(),
            1)
        .addAlarmAction(notify);
  }

  private static MetricOptions fiveMinuteSum() {
    return MetricOptions.builder().period(Duration.minutes(5)).statistic("Sum").build();
  }

  private Alarm alarm(String id, String description, Metric metric, double threshold) {
    return Alarm.Builder.create(this, id)
        .alarmDescription("Slipway: " + description)
        .metric(metric)
        .threshold(threshold)
        .evaluationPeriods(1)
        .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
        .treatMissingData(TreatMissingData.NOT_BREACHING)
        .build();
  }

  private BucketDeployment uploadSlipwayConfig(SlipwayStackProps props) {
    String file = props.config().slipwayConfigFile();
    if (file == null) {
      return null;
    }
    Path path = props.configDir().resolve(file);
    String yaml;
    try {
      yaml = Files.readString(path);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "slipwayConfigFile " + path + " cannot be read: fix the path in the infra config", e);
    }
    return BucketDeployment.Builder.create(this, "SlipwayConfigUpload")
        .sources(List.of(Source.data("slipway.yaml", yaml)))
        .destinationBucket(bucket)
        .destinationKeyPrefix(BucketLayout.CONFIG_PREFIX)
        // Only config/slipway.yaml is managed here; anything else under config/ stays.
        .prune(false)
        .retainOnDelete(true)
        .memoryLimit(256)
        .build();
  }

  private void outputs() {
    output("ApiUrl", api.getUrl(), "Base URL of the webhook API");
    output("GitHubWebhookUrl", api.urlForPath("/webhooks/github"), "GitHub: Payload URL");
    output("JenkinsWebhookUrl", api.urlForPath("/webhooks/jenkins"), "Jenkins: notification URL");
    output("BuildWebhookUrl", api.urlForPath("/webhooks/build"), "Any CI: signed build webhook");
    output("ApprovalsUrl", api.urlForPath("/approvals"), "GET|POST /approvals/{id}?<signed link>");
    output("StateMachineArn", stateMachine.getStateMachineArn(), "The release state machine");
    output("BucketName", bucket.getBucketName(), "Kubeconfigs, config, artifacts, releases");
    output("TopicArn", topic.getTopicArn(), "Release notifications and alarms");
    output(
        "ReconcileRoleArn",
        roles.get(SlipwayFunction.RECONCILE.roleId()).getRoleArn(),
        "Grant this role access to each cluster too: it rolls back releases that timed out");
    output(
        "ClusterRoleArn",
        roles.get(SlipwayFunction.DEPLOY.roleId()).getRoleArn(),
        "Grant this role access to each EKS cluster (access entry)");
    for (SlipwaySecret s : SlipwaySecret.values()) {
      output(s.id() + "Name", s.nameFor(getStackName()), "Set with put-secret-value");
    }
  }

  private void output(String id, String value, String description) {
    new CfnOutput(this, id, CfnOutputProps.builder().value(value).description(description).build());
  }

  private static RetentionDays retention(int days) {
    return switch (days) {
      case 1 -> RetentionDays.ONE_DAY;
      case 3 -> RetentionDays.THREE_DAYS;
      case 5 -> RetentionDays.FIVE_DAYS;
      case 7 -> RetentionDays.ONE_WEEK;
      case 14 -> RetentionDays.TWO_WEEKS;
      case 30 -> RetentionDays.ONE_MONTH;
      case 60 -> RetentionDays.TWO_MONTHS;
      case 90 -> RetentionDays.THREE_MONTHS;
      case 120 -> RetentionDays.FOUR_MONTHS;
      case 150 -> RetentionDays.FIVE_MONTHS;
      case 180 -> RetentionDays.SIX_MONTHS;
      case 365 -> RetentionDays.ONE_YEAR;
      case 400 -> RetentionDays.THIRTEEN_MONTHS;
      case 545 -> RetentionDays.EIGHTEEN_MONTHS;
      case 731 -> RetentionDays.TWO_YEARS;
      case 1096 -> RetentionDays.THREE_YEARS;
      case 1827 -> RetentionDays.FIVE_YEARS;
      case 2192 -> RetentionDays.SIX_YEARS;
      case 2557 -> RetentionDays.SEVEN_YEARS;
      case 2922 -> RetentionDays.EIGHT_YEARS;
      case 3288 -> RetentionDays.NINE_YEARS;
      case 3653 -> RetentionDays.TEN_YEARS;
      default -> throw new IllegalArgumentException("unsupported log retention: " + days + " days");
    };
  }

  public Bucket bucket() {
    return bucket;
  }

  public Bucket accessLogBucket() {
    return accessLogBucket;
  }

  public Key key() {
    return key;
  }

  public Topic topic() {
    return topic;
  }

  /** Where reconciliations that could not run or failed end up. */
  public Queue reconcileDeadLetters() {
    return reconcileDeadLetters;
  }

  /** The rule that sends the release's unclean endings to the reconcile function. */
  public Rule reconcileRule() {
    return reconcileRule;
  }

  public StateMachine stateMachine() {
    return stateMachine;
  }

  public RestApi api() {
    return api;
  }

  public Function function(SlipwayFunction f) {
    return functions.get(f);
  }

  public Alias alias(SlipwayFunction f) {
    return aliases.get(f);
  }

  public Role role(SlipwayFunction f) {
    return roles.get(f.roleId());
  }

  public Secret secret(SlipwaySecret s) {
    return secrets.get(s);
  }

  /** The bucket deployment of config/slipway.yaml, or null when no file is configured. */
  public BucketDeployment configUpload() {
    return configUpload;
  }

  /** The secrets the stack creates, empty by design. */
  public enum SlipwaySecret {
    WEBHOOK(
        "WebhookSecret",
        "webhooks",
        "the webhook secret, a JSON object {github, jenkins, jenkinsToken, build, approvals}"
            + " (docs/webhooks.md)"),
    GRAFANA("GrafanaToken", "grafana-token", "a Grafana service-account token (Editor)");

    private final String id;
    private final String nameSuffix;
    private final String description;

    SlipwaySecret(String id, String nameSuffix, String description) {
      this.id = id;
      this.nameSuffix = nameSuffix;
      this.description = description;
    }

    public String id() {
      return id;
    }

    public String nameSuffix() {
      return nameSuffix;
    }

    public String description() {
      return description;
    }

    public String nameFor(String stackName) {
      return stackName + "/" + nameSuffix;
    }
  }
}
