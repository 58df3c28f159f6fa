package dev.slipway.infra;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.apigateway.RestApi;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscription;
import software.amazon.awscdk.services.stepfunctions.StateMachine;

/**
 * The notification topic (release results, approval requests, alarms) and the alarms that publish
 * to it: a failed or timed-out release, a rejecting or failing webhook API, a failing function. The
 * reconciliation's own alarms are made with {@link #alarm} too ({@link Reconciliation}).
 */
final class Notifications {
  private final Stack stack;
  private final Topic topic;

  Notifications(Stack stack, Key key, String alarmEmail) {
    this.stack = stack;
    topic =
        Topic.Builder.create(stack, "Notifications")
            .displayName("Slipway releases")
            .masterKey(key)
            .enforceSsl(true)
            .build();
    if (alarmEmail != null) {
      topic.addSubscription(new EmailSubscription(alarmEmail));
    }
  }

  Topic topic() {
    return topic;
  }

  /** The alarms on the release, the webhook API and every function. */
  void alarmOn(StateMachine release, RestApi api, SlipwayFunctions functions) {
    List<Alarm> all = new ArrayList<>();
    all.add(
        create(
            "ReleaseFailedAlarm",
            "A release execution failed (the execution's error names Slipway.<Area>.<What>)",
            release.metricFailed(fiveMinuteSum()),
            1));
    all.add(
        create(
            "ReleaseTimedOutAlarm",
            "A release execution hit the state machine's TimeoutSeconds (statemachines/release.asl.json):"
                + " Slipway's own budget should end every release before it; report it",
            release.metricTimedOut(fiveMinuteSum()),
            1));
    all.add(
        create(
            "Webhook4xxAlarm",
            "More than 20 rejected webhook calls in 5 minutes: a wrong secret or a probe",
            api.metricClientError(fiveMinuteSum()),
            20));
    all.add(
        create(
            "Webhook5xxAlarm",
            "The webhook API answered 5xx: CI builds may not have started releases",
            api.metricServerError(fiveMinuteSum()),
            1));
    for (SlipwayFunction f : SlipwayFunction.values()) {
      all.add(
          create(
              f.id() + "ErrorsAlarm",
              "The " + f.id() + " function failed (an uncaught error, a timeout or out of memory)",
              functions.function(f).metricErrors(fiveMinuteSum()),
              1));
    }
    SnsAction notify = new SnsAction(topic);
    all.forEach(a -> a.addAlarmAction(notify));
  }

  /** An alarm (at or above the threshold in one 5-minute period) that notifies the topic. */
  Alarm alarm(String id, String description, Metric metric, double threshold) {
    Alarm alarm = create(id, description, metric, threshold);
    alarm.addAlarmAction(new SnsAction(topic));
    return alarm;
  }

  private Alarm create(String id, String description, Metric metric, double threshold) {
    return Alarm.Builder.create(stack, id)
        .alarmDescription("Slipway: " + description)
        .metric(metric)
        .threshold(threshold)
        .evaluationPeriods(1)
        .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
        .treatMissingData(TreatMissingData.NOT_BREACHING)
        .build();
  }

  static MetricOptions fiveMinuteSum() {
    return MetricOptions.builder().period(Duration.minutes(5)).statistic("Sum").build();
  }

  /** The maximum over 5 minutes (a queue's depth). */
  static MetricOptions fiveMinuteMaximum() {
    return MetricOptions.builder().period(Duration.minutes(5)).statistic("Maximum").build();
  }
}
