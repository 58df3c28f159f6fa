package dev.slipway.infra;

import java.util.Map;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.CfnOutputProps;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.apigateway.RestApi;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.iam.ManagedPolicy;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.deployment.BucketDeployment;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.stepfunctions.StateMachine;
import software.constructs.Construct;

/**
 * All of Slipway in one stack, wired from its parts (docs/infra-layout.md): {@link
 * ArtifactStorage}, {@link SlipwaySecret}s, {@link Notifications}, {@link SlipwayFunctions}, the
 * {@link ReleaseStateMachine}, the {@link WebhookApi} and the {@link Reconciliation}. Every part
 * creates its resources in this stack's scope, so their logical ids stay those of the one-class
 * stack that came before (the template is the same; deployed stacks update in place).
 */
public class SlipwayStack extends Stack {
  private final ArtifactStorage storage;
  private final Map<SlipwaySecret, Secret> secrets;
  private final Notifications notifications;
  private final SlipwayFunctions functions;
  private final ReleaseStateMachine release;
  private final WebhookApi api;
  private final Reconciliation reconciliation;
  private final BucketDeployment configUpload;
  private final ManagedPolicy operatorPolicy;

  public SlipwayStack(Construct scope, String id, StackProps stackProps, SlipwayStackProps props) {
    super(scope, id, stackProps);
    InfraConfig config = props.config();
    RetentionDays retention = retention(config.logRetentionDays());

    storage = new ArtifactStorage(this);
    secrets = SlipwaySecret.createAll(this);
    notifications = new Notifications(this, storage.key(), config.alarmEmail());
    functions =
        new SlipwayFunctions(
            this,
            props,
            retention,
            new SlipwayFunctions.Resources(
                storage.bucket(), notifications.topic(), secrets, config));
    release = new ReleaseStateMachine(this, props, retention, functions);

    RolePolicies policies =
        new RolePolicies(
            this,
            storage.bucket(),
            storage.key(),
            notifications.topic(),
            secrets,
            release.name(),
            release.stateMachine(),
            config);
    functions.grant(policies);
    release.grantInvoke(policies, functions);

    api = new WebhookApi(this, config, retention, functions);
    functions.addLateSettings(release.stateMachine().getStateMachineArn(), api.url());
    notifications.alarmOn(release.stateMachine(), api.restApi(), functions);
    reconciliation =
        new Reconciliation(
            this,
            functions.alias(SlipwayFunction.RECONCILE),
            release.stateMachine(),
            notifications);
    configUpload = storage.uploadSlipwayConfig(props);
    operatorPolicy =
        OperatorPolicy.create(
            this, storage.bucket(), storage.key(), release.stateMachine(), release.name());
    outputs();
    SlipwayNagSuppressions.apply(this, config);
  }

  private void outputs() {
    RestApi rest = api.restApi();
    output("ApiUrl", rest.getUrl(), "Base URL of the webhook API");
    output("GitHubWebhookUrl", rest.urlForPath("/webhooks/github"), "GitHub: Payload URL");
    output("JenkinsWebhookUrl", rest.urlForPath("/webhooks/jenkins"), "Jenkins: notification URL");
    output("BuildWebhookUrl", rest.urlForPath("/webhooks/build"), "Any CI: signed build webhook");
    output("ApprovalsUrl", rest.urlForPath("/approvals"), "GET|POST /approvals/{id}?<signed link>");
    output("StateMachineArn", stateMachine().getStateMachineArn(), "The release state machine");
    output("BucketName", bucket().getBucketName(), "Kubeconfigs, config, artifacts, releases");
    output("TopicArn", topic().getTopicArn(), "Release notifications and alarms");
    output(
        "ReconcileRoleArn",
        role(SlipwayFunction.RECONCILE).getRoleArn(),
        "Grant this role access to each cluster too: it rolls back releases that timed out");
    output(
        "ClusterRoleArn",
        role(SlipwayFunction.DEPLOY).getRoleArn(),
        "Grant this role access to each EKS cluster (access entry)");
    output(
        "OperatorPolicyArn",
        operatorPolicy.getManagedPolicyArn(),
        "Attach to operators' roles: what slipway releases|status|stop|approve|reject|rollback|"
            + "promote|rerun --stack need");
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
    return storage.bucket();
  }

  public Bucket accessLogBucket() {
    return storage.accessLogBucket();
  }

  /** The operating commands' managed policy ({@link OperatorPolicy}). */
  public ManagedPolicy operatorPolicy() {
    return operatorPolicy;
  }

  public Key key() {
    return storage.key();
  }

  public Topic topic() {
    return notifications.topic();
  }

  /** Where reconciliations that could not run or failed end up. */
  public Queue reconcileDeadLetters() {
    return reconciliation.deadLetters();
  }

  /** The rule that sends the release's unclean endings to the reconcile function. */
  public Rule reconcileRule() {
    return reconciliation.rule();
  }

  public StateMachine stateMachine() {
    return release.stateMachine();
  }

  public RestApi api() {
    return api.restApi();
  }

  public Function function(SlipwayFunction f) {
    return functions.function(f);
  }

  public Alias alias(SlipwayFunction f) {
    return functions.alias(f);
  }

  public Role role(SlipwayFunction f) {
    return functions.role(f);
  }

  public Secret secret(SlipwaySecret s) {
    return secrets.get(s);
  }

  /** The bucket deployment of config/slipway.yaml, or null when no file is configured. */
  public BucketDeployment configUpload() {
    return configUpload;
  }
}
