package dev.slipway.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/**
 * The reconciliation outside the execution: the EventBridge rule on the release state machine's
 * unclean endings, its target with retries and a dead-letter queue, the alarms on that queue and on
 * failed invocations, and the function's settings.
 */
class ReconcileWiringTest {
  private static final Template template = SynthesizedSlipway.get().template;
  private static final Map<String, Object> resources =
      TemplateJson.map(template.toJSON().get("Resources"));

  @Test
  @DisplayName("the rule matches TIMED_OUT, ABORTED and FAILED of the release state machine only")
  void rule_shouldMatchTheReleaseMachinesUncleanEndings() {
    Map<String, Object> rule = properties("ReconcileRule");
    Map<String, Object> pattern = TemplateJson.map(rule.get("EventPattern"));
    assertThat(pattern.get("source")).isEqualTo(List.of("aws.states"));
    assertThat(pattern.get("detail-type"))
        .isEqualTo(List.of("Step Functions Execution Status Change"));
    Map<String, Object> detail = TemplateJson.map(pattern.get("detail"));
    assertThat(detail.get("status")).isEqualTo(List.of("TIMED_OUT", "ABORTED", "FAILED"));
    assertThat(TemplateJson.render(detail.get("stateMachineArn"))).isEqualTo("[<Release>]");
    assertThat(rule.get("State")).isEqualTo("ENABLED");
  }

  @Test
  @DisplayName("its target is the reconcile function's live alias, with retries and the DLQ")
  void target_shouldRetryAndDeadLetter() {
    Map<String, Object> target =
        TemplateJson.map(TemplateJson.list(properties("ReconcileRule").get("Targets")).get(0));
    assertThat(TemplateJson.render(target.get("Arn"))).isEqualTo("<ReconcileAlias>");
    assertThat(TemplateJson.map(target.get("RetryPolicy")))
        .containsEntry("MaximumRetryAttempts", 8)
        .containsEntry("MaximumEventAgeInSeconds", 86400);
    assertThat(TemplateJson.render(TemplateJson.map(target.get("DeadLetterConfig")).get("Arn")))
        .isEqualTo("<ReconcileDeadLetters.Arn>");
    // EventBridge may invoke the alias, and only from this rule
    template.hasResourceProperties(
        "AWS::Lambda::Permission",
        Match.objectLike(
            Map.of(
                "Action", "lambda:InvokeFunction",
                "Principal", "events.amazonaws.com",
                "SourceArn", Map.of("Fn::GetAtt", List.of(id("ReconcileRule"), "Arn")))));
  }

  @Test
  @DisplayName("the function's own failures, after Lambda's retries, land in the same DLQ")
  void asyncInvoke_shouldSendFailuresToTheDeadLetterQueue() {
    Map<String, Object> config = properties("ReconcileAliasEventInvokeConfig");
    assertThat(config.get("MaximumRetryAttempts")).isEqualTo(2);
    assertThat(TemplateJson.map(config.get("DestinationConfig")).toString())
        .contains("OnFailure")
        .contains("ReconcileDeadLetters");
  }

  @Test
  @DisplayName("the DLQ is encrypted, TLS-only, keeps messages 14 days, and is reachable by events")
  void deadLetterQueue_shouldBeEncryptedAndAcceptTheRulesMessages() {
    Map<String, Object> queue = properties("ReconcileDeadLetters");
    assertThat(queue).containsEntry("SqsManagedSseEnabled", true);
    assertThat(queue).containsEntry("MessageRetentionPeriod", 1209600);
    String policy = properties("ReconcileDeadLettersPolicy").toString();
    assertThat(policy).contains("events.amazonaws.com").contains("aws:SecureTransport");
  }

  @Test
  @DisplayName("a message in the DLQ and a failed invocation each raise an alarm to the topic")
  void alarms_shouldWatchTheDlqAndTheRulesFailedInvocations() {
    Map<String, Object> dlq = properties("ReconcileDeadLetterAlarm");
    assertThat(dlq.get("MetricName")).isEqualTo("ApproximateNumberOfMessagesVisible");
    assertThat(dlq.get("Namespace")).isEqualTo("AWS/SQS");
    assertThat(dlq.get("Threshold")).isEqualTo(1);
    assertThat(TemplateJson.render(dlq.get("AlarmActions"))).isEqualTo("[<Notifications>]");
    Map<String, Object> failed = properties("ReconcileFailedInvocationsAlarm");
    assertThat(failed.get("MetricName")).isEqualTo("FailedInvocations");
    assertThat(failed.get("Namespace")).isEqualTo("AWS/Events");
    assertThat(TemplateJson.references(failed.get("Dimensions"))).contains(id("ReconcileRule"));
    assertThat(TemplateJson.render(failed.get("AlarmActions"))).isEqualTo("[<Notifications>]");
  }

  @Test
  @DisplayName("the function gets the store, the topic and Grafana's token; the state machine")
  void function_shouldHaveItsSettings_andNotBeInvokedByTheStateMachine() {
    Map<String, Object> env =
        TemplateJson.map(
            TemplateJson.map(properties("ReconcileFunction").get("Environment")).get("Variables"));
    assertThat(env.keySet())
        .contains("SLIPWAY_BUCKET", "SLIPWAY_TOPIC_ARN", "SLIPWAY_GRAFANA_TOKEN_SECRET_ARN");
    assertThat(SlipwayFunction.RECONCILE.invokedByStateMachine()).isFalse();
    assertThat(properties("ReconcileFunction").get("Timeout")).isEqualTo(900);
  }

  private static Map<String, Object> properties(String name) {
    return TemplateJson.map(TemplateJson.map(resources.get(id(name))).get("Properties"));
  }

  private static String id(String name) {
    return SlipwayStackTest.idIn(resources, name);
  }
}
