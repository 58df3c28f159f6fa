package dev.slipway.local.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.slipway.local.executor.Execution;
import dev.slipway.local.executor.ExecutionClock;
import dev.slipway.local.executor.LocalExecutor;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * {@code slipway up}'s executions on virtual time: each starts at the environment's now and keeps
 * its own clock, and the functions read the clock of the execution calling them.
 */
class ExecutionClocksTest {
  private static final Instant T0 = Instant.parse("2026-11-27T01:00:00Z");

  @Test
  void anExecution_shouldKeepItsOwnTime_whileAnotherMovesTheEnvironmentsClockOn()
      throws InterruptedException {
    VirtualClock environment = new VirtualClock(T0);
    ExecutionClock functionsClock = new ExecutionClock(environment);
    List<Instant> calledAt = new CopyOnWriteArrayList<>();
    RequestStreamHandler gate = (in, out, context) -> calledAt.add(functionsClock.instant());
    LocalExecutor executor =
        LocalExecutor.builder()
            .stateMachineName("slipway-release")
            .clock(environment)
            .callbackGrace(Duration.ofMinutes(5))
            .log(line -> {})
            .function("Notify", gate)
            .build();
    try (var starter = new LocalExecutionStarter(executor, LocalAwsEndpointTest.GATE)) {
      Execution first = starter.begin("first", "{}").awaitSettled();
      environment.advanceTo(T0.plus(Duration.ofHours(2))); // a queued release's lock waits
      Execution second = starter.begin("second", "{}").awaitSettled();
      for (String token : executor.taskTokens().waiting()) {
        executor.taskTokens().sendTaskSuccess(token, "{}");
      }
      first.await(Duration.ofSeconds(10));
      second.await(Duration.ofSeconds(10));

      assertThat(first.startDate()).isEqualTo(T0);
      assertThat(first.stopDate()).isEqualTo(T0); // not pushed two hours on by the other
      assertThat(second.startDate()).isEqualTo(T0.plus(Duration.ofHours(2)));
      assertThat(calledAt).containsExactly(T0, T0.plus(Duration.ofHours(2)));
    }
  }
}
