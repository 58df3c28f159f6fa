package dev.slipway.infra;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.events.EventPattern;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.targets.LambdaFunction;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.EventInvokeConfigOptions;
import software.amazon.awscdk.services.lambda.destinations.SqsDestination;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.amazon.awscdk.services.stepfunctions.StateMachine;

/**
 * The executions no state of their own can clean up after (the machine's timeout, a Stop, a failure
 * outside a Catch) go to the reconcile function: an EventBridge rule on the state machine's status
 * changes. What cannot be delivered (the rule's retries spent) and what the function fails on
 * (Lambda's asynchronous retries spent) lands in one dead-letter queue, whose first message raises
 * an alarm: such a release may still be half-deployed. Created in the stack's own scope (see
 * docs/infra-layout.md).
 */
final class Reconciliation {
  private final Queue deadLetters;
  private final Rule rule;

  Reconciliation(Stack stack, Alias reconcile, StateMachine release, Notifications notifications) {
    deadLetters =
        Queue.Builder.create(stack, "ReconcileDeadLetters")
            .encryption(QueueEncryption.SQS_MANAGED)
            .enforceSsl(true)
            .retentionPeriod(Duration.days(14))
            .build();
    reconcile.configureAsyncInvoke(
        EventInvokeConfigOptions.builder()
            .retryAttempts(2)
            .maxEventAge(Duration.hours(6))
            .onFailure(new SqsDestination(deadLetters))
            .build());
    rule =
        Rule.Builder.create(stack, "ReconcileRule")
            .description(
                "Slipway: a release that timed out, was stopped or failed outside a Catch is"
                    + " reconciled (rolled back, recorded, unlocked)")
            .eventPattern(
                EventPattern.builder()
                    .source(List.of("aws.states"))
                    .detailType(List.of("Step Functions Execution Status Change"))
                    .detail(
                        // Sorted, so that the template is the same from one synth to the next.
                        new TreeMap<>(
                            Map.of(
                                "stateMachineArn",
                                List.of(release.getStateMachineArn()),
                                "status",
                                List.of("TIMED_OUT", "ABORTED", "FAILED"))))
                    .build())
            .targets(
                List.of(
                    LambdaFunction.Builder.create(reconcile)
                        .deadLetterQueue(deadLetters)
                        .retryAttempts(8)
                        .maxEventAge(Duration.hours(24))
                        .build()))
            .build();
    notifications.alarm(
        "ReconcileDeadLetterAlarm",
        "A release's reconciliation could not run or failed (its event is in the reconcile"
            + " dead-letter queue): the release may still be half-deployed and its lock held",
        deadLetters.metricApproximateNumberOfMessagesVisible(Notifications.fiveMinuteMaximum()),
        1);
    notifications.alarm(
        "ReconcileFailedInvocationsAlarm",
        "EventBridge could not invoke the reconcile function for a release that ended badly",
        Metric.Builder.create()
            .namespace("AWS/Events")
            .metricName("FailedInvocations")
            .dimensionsMap(Map.of("RuleName", rule.getRuleName()))
            .period(Duration.minutes(5))
            .statistic("Sum")
            .build(),
        1);
  }

  /** Where reconciliations that could not run or failed end up. */
  Queue deadLetters() {
    return deadLetters;
  }

  /** The rule that sends the release's unclean endings to the reconcile function. */
  Rule rule() {
    return rule;
  }
}
