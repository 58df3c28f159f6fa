package dev.slipway.local.executor;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each execution (and each Map iteration) lives on its own virtual time; handlers read it. */
class ExecutionClockTest {
  private static final Instant T0 = Instant.parse("2026-11-27T01:00:00Z");

  /** A function returning the time {@code clock} reads, as a JSON string. */
  static RequestStreamHandler now(Clock clock) {
    return (in, out, context) ->
        out.write(("\"" + clock.instant() + "\"").getBytes(StandardCharsets.UTF_8));
  }

  /** Waits {@code $.wait} seconds, waits for a token when {@code $.gate}, then reads the time. */
  static final String WAIT_GATE_NOW =
      """
      {"StartAt": "Wait", "States": {
        "Wait": {"Type": "Wait", "SecondsPath": "$.wait", "Next": "Gate?"},
        "Gate?": {"Type": "Choice", "Choices": [{"Variable": "$.gate", "BooleanEquals": true,
          "Next": "Gate"}], "Default": "Now"},
        "Gate": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke.waitForTaskToken",
          "Parameters": {"FunctionName": "Notify", "Payload": {"t.$": "$$.Task.Token"}},
          "ResultPath": null, "Next": "Now"},
        "Now": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:Now",
          "ResultPath": "$.now", "Next": "Entered"},
        "Entered": {"Type": "Pass", "Parameters": {"now.$": "$.now",
          "entered.$": "$$.State.EnteredTime"}, "End": true}}}
      """;

  private final Clock environment = Clock.fixed(T0, ZoneOffset.UTC);

  private LocalExecutor executor() {
    return LocalExecutor.builder()
        .clock(environment)
        .callbackGrace(Duration.ofMinutes(5))
        .log(line -> {})
        .function("Notify", new TestFunctions.Echo())
        .function("Now", now(new ExecutionClock(environment)))
        .build();
  }

  @Test
  void aHandler_shouldReadTheTimeOfTheExecutionInvokingIt_notAnotherExecutionsTime() {
    LocalExecutor executor = executor();
    // A waits two hours (virtual), then for its gate
    Execution a = executor.start(WAIT_GATE_NOW, "{\"wait\": 7200, \"gate\": true}", "a");
    assertThat(a.waitingForTaskToken()).isTrue();

    Execution b = executor.run(WAIT_GATE_NOW, "{\"wait\": 60, \"gate\": false}");
    executor.taskTokens().sendTaskSuccess(executor.taskTokens().waiting().get(0), "{}");
    a.await(Duration.ofSeconds(10));

    assertThat(b.output().path("now").asText()).isEqualTo(T0.plusSeconds(60).toString());
    assertThat(a.output().path("now").asText()).isEqualTo(T0.plusSeconds(7200).toString());
  }

  @Test
  void letTimePass_shouldMoveOnlyTheWaitingExecutionsTime_andTheAnswerComesThen() {
    LocalExecutor executor = executor();
    Execution a = executor.start(WAIT_GATE_NOW, "{\"wait\": 60, \"gate\": true}", "a");
    String token = executor.taskTokens().waiting().get(0);

    Instant at = executor.taskTokens().letTimePass(token, Duration.ofMinutes(40));
    executor.taskTokens().sendTaskSuccess(token, "{}");
    a.await(Duration.ofSeconds(10));
    Execution b = executor.run(WAIT_GATE_NOW, "{\"wait\": 60, \"gate\": false}");

    assertThat(at).isEqualTo(T0.plusSeconds(60 + 2400));
    assertThat(a.output().path("now").asText()).isEqualTo(at.toString());
    assertThat(b.output().path("now").asText()).isEqualTo(T0.plusSeconds(60).toString());
  }

  @Test
  void aWaitPacer_shouldHoldAVirtualWaitBack_untilItIsReady_andSetWhereTheWaitEnds() {
    var ready = new java.util.concurrent.atomic.AtomicBoolean();
    LocalExecutor executor =
        LocalExecutor.builder()
            .clock(environment)
            .log(line -> {})
            .function("Now", now(new ExecutionClock(environment)))
            .waitPacer(
                (execution, state, input, wait) ->
                    new WaitPacer.Pace() {
                      @Override
                      public boolean ready() {
                        return ready.get();
                      }

                      @Override
                      public Instant atLeast() {
                        return T0.plusSeconds(3600); // another execution's time, later
                      }
                    })
            .build();
    Execution e = executor.begin(WAIT_GATE_NOW, "{\"wait\": 60, \"gate\": false}", "held");

    e.await(Duration.ofMillis(200));
    assertThat(e.status()).isEqualTo(ExecutionStatus.RUNNING);
    ready.set(true);
    e.await(Duration.ofSeconds(10));

    assertThat(e.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(e.output().path("now").asText()).isEqualTo(T0.plusSeconds(3600).toString());
  }

  @Test
  void eachMapIteration_shouldReadItsOwnTime() {
    Execution e =
        executor()
            .run(
                """
                {"StartAt": "M", "States": {"M": {"Type": "Map", "End": true,
                  "ItemProcessor": {"StartAt": "Wait", "States": {
                    "Wait": {"Type": "Wait", "SecondsPath": "$", "Next": "Now"},
                    "Now": {"Type": "Task", "End": true,
                      "Resource": "arn:aws:lambda:us-east-1:123456789012:function:Now"}}}}}}
                """,
                "[0, 600, 60]");

    assertThat(e.output())
        .extracting(n -> n.asText())
        .containsExactlyElementsOf(
            List.of(T0.toString(), T0.plusSeconds(600).toString(), T0.plusSeconds(60).toString()));
  }

  @Test
  void outsideAnyExecution_shouldReadTheFallbackClock() {
    assertThat(new ExecutionClock(environment).instant()).isEqualTo(T0);
    assertThat(new ExecutionClock(environment).withZone(ZoneOffset.ofHours(2)).instant())
        .isEqualTo(T0);
  }
}
