package dev.slipway.infra;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import software.amazon.awscdk.Arn;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.ec2.ISecurityGroup;
import software.amazon.awscdk.services.ec2.ISubnet;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.Subnet;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.ec2.VpcAttributes;
import software.amazon.awscdk.services.iam.ManagedPolicy;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.ApplicationLogLevel;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.LoggingFormat;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.lambda.SystemLogLevel;
import software.amazon.awscdk.services.lambda.Tracing;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.amazon.awscdk.services.sns.Topic;

/**
 * Every function of the catalogue ({@link SlipwayFunction}): its role (shared by role id), log
 * group, Lambda function with its environment, and the {@value #ALIAS} alias everything invokes;
 * placed in the VPC when the infra config names one. Created in the stack's own scope (see
 * docs/infra-layout.md).
 */
final class SlipwayFunctions {
  /** The alias on the published version (SnapStart) that the state machine and API invoke. */
  static final String ALIAS = "live";

  static final String VPC_ACCESS_POLICY = "service-role/AWSLambdaVPCAccessExecutionRole";

  /** {@link EnvVar#JAVA_TOOL_OPTIONS}: C1 only, for the functions a caller waits on. */
  static final String JVM_QUICK_START = "-XX:+TieredCompilation -XX:TieredStopAtLevel=1";

  /** What the functions' settings point at. */
  record Resources(
      Bucket bucket, Topic topic, Map<SlipwaySecret, Secret> secrets, InfraConfig config) {}

  private final Resources resources;
  private final Map<SlipwayFunction, Function> functions = new EnumMap<>(SlipwayFunction.class);
  private final Map<SlipwayFunction, Alias> aliases = new EnumMap<>(SlipwayFunction.class);
  private final Map<String, Role> roles = new LinkedHashMap<>();

  SlipwayFunctions(
      Stack stack, SlipwayStackProps props, RetentionDays retention, Resources resources) {
    this.resources = resources;
    InfraConfig config = props.config();
    Placement placement = config.vpc() == null ? null : new Placement(stack, config.vpc());
    checkSharedRoles();
    Set<String> rolesInVpc = new HashSet<>();
    for (SlipwayFunction f : SlipwayFunction.values()) {
      Role role =
          roles.computeIfAbsent(
              f.roleId(),
              r ->
                  Role.Builder.create(stack, r + "Role")
                      .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                      .description("Slipway " + r + " function(s): least privilege, see infra/")
                      .build());
      LogGroup logs =
          LogGroup.Builder.create(stack, f.id() + "Logs")
              .retention(retention)
              .removalPolicy(RemovalPolicy.DESTROY)
              .build();
      Function.Builder fn =
          Function.Builder.create(stack, f.id() + "Function")
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
              .environment(environment(f));
      if (config.reservedConcurrency() && f.reservedConcurrency() != null) {
        fn.reservedConcurrentExecutions(f.reservedConcurrency());
      }
      if (placement != null && f.vpcCandidate()) {
        fn.vpc(placement.vpc)
            .vpcSubnets(SubnetSelection.builder().subnets(placement.subnets).build())
            .securityGroups(placement.securityGroups);
        // With its own role CDK adds nothing: Lambda needs this to attach network interfaces.
        if (rolesInVpc.add(f.roleId())) {
          role.addManagedPolicy(ManagedPolicy.fromAwsManagedPolicyName(VPC_ACCESS_POLICY));
        }
      }
      Function function = fn.build();
      functions.put(f, function);
      aliases.put(
          f,
          Alias.Builder.create(stack, f.id() + "Alias")
              .aliasName(ALIAS)
              .version(function.getCurrentVersion())
              .build());
      role.addToPrincipalPolicy(
          PolicyStatement.Builder.create()
              .actions(List.of("logs:CreateLogStream", "logs:PutLogEvents"))
              .resources(List.of(logs.getLogGroupArn()))
              .build());
    }
  }

  /** The imported VPC, subnets and security groups (or one egress-only group of Slipway's). */
  private static final class Placement {
    final IVpc vpc;
    final List<ISubnet> subnets = new ArrayList<>();
    final List<ISecurityGroup> securityGroups = new ArrayList<>();

    Placement(Stack stack, InfraConfig.VpcPlacement placement) {
      vpc =
          Vpc.fromVpcAttributes(
              stack,
              "Vpc",
              VpcAttributes.builder()
                  .vpcId(placement.vpcId())
                  .availabilityZones(placement.availabilityZones())
                  .build());
      for (int i = 0; i < placement.subnetIds().size(); i++) {
        subnets.add(Subnet.fromSubnetId(stack, "Subnet" + i, placement.subnetIds().get(i)));
      }
      for (int i = 0; i < placement.securityGroupIds().size(); i++) {
        securityGroups.add(
            SecurityGroup.fromSecurityGroupId(
                stack, "SecurityGroup" + i, placement.securityGroupIds().get(i)));
      }
      if (securityGroups.isEmpty()) {
        securityGroups.add(
            SecurityGroup.Builder.create(stack, "FunctionSecurityGroup")
                .vpc(vpc)
                .description("Slipway functions: egress only (clusters, Prometheus, Grafana, AWS)")
                .allowAllOutbound(true)
                .build());
      }
    }
  }

  /**
   * The function's {@link SlipwayFunction#environment()}, each with its value. The state machine's
   * ARN and the API's URL come later ({@link #addLateSettings}), once those exist.
   */
  private Map<String, String> environment(SlipwayFunction f) {
    Map<String, String> env = new TreeMap<>();
    for (EnvVar v : f.environment()) {
      value(v).ifPresent(value -> env.put(v.name(), value));
    }
    return env;
  }

  private Optional<String> value(EnvVar v) {
    InfraConfig config = resources.config();
    return switch (v) {
      case SLIPWAY_BUCKET -> Optional.of(resources.bucket().getBucketName());
      case SLIPWAY_TOPIC_ARN -> Optional.of(resources.topic().getTopicArn());
      case SLIPWAY_WEBHOOK_SECRET_ID -> Optional.of(secretArn(SlipwaySecret.WEBHOOK));
      case SLIPWAY_GRAFANA_TOKEN_SECRET_ARN -> Optional.of(secretArn(SlipwaySecret.GRAFANA));
      case SLIPWAY_GRAFANA_URL -> config.grafana();
      case SLIPWAY_PROMETHEUS_URL -> config.prometheus();
      case SLIPWAY_PROMETHEUS_SIGV4_REGION ->
          Optional.ofNullable(config.prometheusWorkspaceArn())
              .map(arn -> Arn.split(arn, ArnFormat.SLASH_RESOURCE_NAME).getRegion());
      case JAVA_TOOL_OPTIONS -> Optional.of(JVM_QUICK_START);
      case SLIPWAY_STATE_MACHINE_ARN, SLIPWAY_API_URL -> Optional.empty();
    };
  }

  private String secretArn(SlipwaySecret s) {
    return resources.secrets().get(s).getSecretArn();
  }

  /**
   * Settings that name the state machine or the API, added once those exist. No cycle: only
   * functions the state machine never invokes may hold its ARN ({@link FunctionSpec}); the API's
   * URL is built from the RestApi's id alone, not from its stage, whose deployment depends on the
   * API functions and so on the state machine.
   */
  void addLateSettings(String stateMachineArn, String apiUrl) {
    for (SlipwayFunction f : SlipwayFunction.values()) {
      if (f.environment().contains(EnvVar.SLIPWAY_STATE_MACHINE_ARN)) {
        functions.get(f).addEnvironment(EnvVar.SLIPWAY_STATE_MACHINE_ARN.name(), stateMachineArn);
      }
      if (f.environment().contains(EnvVar.SLIPWAY_API_URL)) {
        functions.get(f).addEnvironment(EnvVar.SLIPWAY_API_URL.name(), apiUrl);
      }
    }
  }

  /** Gives every role the statements its functions need (once per shared role). */
  void grant(RolePolicies policies) {
    for (SlipwayFunction f : SlipwayFunction.values()) {
      policies.grant(roles.get(f.roleId()), f);
    }
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

  Function function(SlipwayFunction f) {
    return functions.get(f);
  }

  Alias alias(SlipwayFunction f) {
    return aliases.get(f);
  }

  Role role(SlipwayFunction f) {
    return roles.get(f.roleId());
  }

  /** The live aliases of the functions the state machine invokes, by substitution key. */
  Map<String, String> stateMachineSubstitutions() {
    Map<String, String> substitutions = new TreeMap<>();
    for (SlipwayFunction f : SlipwayFunction.values()) {
      if (f.invokedByStateMachine()) {
        substitutions.put(f.substitutionKey(), aliases.get(f).getFunctionArn());
      }
    }
    return substitutions;
  }

  /** The live alias ARNs of the functions the state machine invokes, in catalogue order. */
  List<String> stateMachineTargets() {
    return aliases.entrySet().stream()
        .filter(e -> e.getKey().invokedByStateMachine())
        .map(e -> e.getValue().getFunctionArn())
        .toList();
  }
}
