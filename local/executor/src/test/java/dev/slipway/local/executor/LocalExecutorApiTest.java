package dev.slipway.local.executor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Java API as a team would use it in its own JUnit tests (docs/local-executor.md has the
 * example).
 */
class LocalExecutorApiTest {

  /** A plain-Java service the handler wraps; the test injects a fake. */
  interface Deployer {
    String deploy(String app);
  }

  /** A thin handler over the service, as STYLE.md prescribes. */
  static final class DeployHandler
      implements RequestHandler<Map<String, String>, Map<String, String>> {
    private final Deployer deployer;

    DeployHandler(Deployer deployer) {
      this.deployer = deployer;
    }

    @Override
    public Map<String, String> handleRequest(Map<String, String> in, Context context) {
      return Map.of("revision", deployer.deploy(in.get("app")));
    }
  }

  static final String DEFINITION =
      """
      {"StartAt": "Deploy", "States": {
        "Deploy": {"Type": "Task", "Resource": "${DeployFunction}", "ResultPath": "$.deploy", "Next": "Done"},
        "Done": {"Type": "Succeed"}}}
      """;

  @Test
  void start_shouldRunHandlersInProcess_whenBoundByPlaceholderName() {
    List<String> deployed = new ArrayList<>();
    Deployer fake =
        app -> {
          deployed.add(app);
          return "r42";
        };

    Execution e =
        LocalExecutor.builder()
            .function("DeployFunction", new DeployHandler(fake))
            .build()
            .run(DEFINITION, "{\"app\": \"shop\"}");

    assertThat(e.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(e.outputJson()).isEqualTo("{\"app\":\"shop\",\"deploy\":{\"revision\":\"r42\"}}");
    assertThat(deployed).containsExactly("shop");
    assertThat(e.historyTypes()).contains("LambdaFunctionSucceeded");
    var json = e.toJson(true);
    assertThat(json.at("/history/0/executionStartedEventDetails/input").asText())
        .isEqualTo("{\"app\":\"shop\"}");
    assertThat(json.at("/history/1/type").asText()).isEqualTo("TaskStateEntered");
    assertThat(json.at("/history/1/stateEnteredEventDetails/name").asText()).isEqualTo("Deploy");
    assertThat(json.at("/history/1/previousEventId").asLong()).isEqualTo(1);
    assertThat(json.at("/history/2/lambdaFunctionScheduledEventDetails/resource").asText())
        .isEqualTo("${DeployFunction}");
  }

  @Test
  void listener_shouldHearEveryHistoryEventInOrder_andAListenerFailureShouldNotChangeTheOutcome() {
    List<String> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
    LocalExecutor executor =
        LocalExecutor.builder()
            .function("DeployFunction", new DeployHandler(app -> "r1"))
            .listener(
                (execution, event) -> {
                  heard.add(event.type());
                  if (event.type().equals("TaskStateEntered")) {
                    throw new IllegalStateException("a broken listener");
                  }
                })
            .log(line -> {})
            .build();

    Execution run = executor.run(DEFINITION, "{\"app\": \"web\"}");

    assertThat(run.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(heard).isEqualTo(run.historyTypes());
    assertThat(heard).contains("TaskStateEntered", "SucceedStateEntered");
  }

  @Test
  void map_shouldStartEachIterationWhenThePreviousEnded_whenMaxConcurrencyIsOne() {
    String definition =
        """
        {"StartAt": "Waves", "States": {"Waves": {"Type": "Map", "MaxConcurrency": 1,
          "ItemsPath": "$.waves", "End": true,
          "ItemProcessor": {"StartAt": "Bake", "States": {
            "Bake": {"Type": "Wait", "Seconds": 600, "End": true}}}}}}
        """;
    Execution run =
        LocalExecutor.builder()
            .clock(
                java.time.Clock.fixed(
                    java.time.Instant.parse("2026-11-27T09:00:00Z"), java.time.ZoneOffset.UTC))
            .log(line -> {})
            .build()
            .run(definition, "{\"waves\": [\"core\", \"edge\", \"last\"]}");

    assertThat(run.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    List<java.time.Instant> bakes =
        run.history().stream()
            .filter(e -> e.type().equals("WaitStateEntered"))
            .map(HistoryEvent::timestamp)
            .toList();
    assertThat(bakes)
        .containsExactly(
            run.startDate(), run.startDate().plusSeconds(600), run.startDate().plusSeconds(1200));
    assertThat(run.stopDate()).isEqualTo(run.startDate().plusSeconds(1800));
  }

  @Test
  void sendTaskSuccess_shouldResumeTheExecution_whenCalledFromTheTest() {
    LocalExecutor executor =
        LocalExecutor.builder()
            .function("Notify", new TestFunctions.Echo())
            .callbackGrace(Duration.ofSeconds(60)) // the test answers; never race the grace
            .build();
    String def =
        """
        {"StartAt": "Approve", "States": {"Approve": {"Type": "Task",
          "Resource": "arn:aws:states:::lambda:invoke.waitForTaskToken",
          "Parameters": {"FunctionName": "Notify", "Payload": {"token.$": "$$.Task.Token"}},
          "End": true}}}
        """;

    Execution e = executor.start(def, "{}");
    assertThat(e.status()).isEqualTo(ExecutionStatus.RUNNING);
    assertThat(e.waitingForTaskToken()).isTrue();
    List<String> tokens = executor.taskTokens().waiting();
    assertThat(tokens).hasSize(1);

    executor.taskTokens().sendTaskHeartbeat(tokens.get(0));
    executor.taskTokens().sendTaskSuccess(tokens.get(0), "{\"approved\": true}");
    e.await(Duration.ofSeconds(10));

    assertThat(e.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(e.outputJson()).isEqualTo("{\"approved\":true}");
    assertThatThrownBy(() -> executor.taskTokens().sendTaskSuccess(tokens.get(0), "{}"))
        .hasMessageContaining("Slipway.Executor.TaskDoesNotExist");
  }

  @Test
  void stop_shouldAbortTheExecution_whenItWaitsForAToken() {
    LocalExecutor executor =
        LocalExecutor.builder()
            .function("Notify", new TestFunctions.Echo())
            .callbackGrace(Duration.ofSeconds(60)) // the test answers; never race the grace
            .build();
    String def =
        """
        {"StartAt": "Wait", "States": {"Wait": {"Type": "Task",
          "Resource": "arn:aws:states:::lambda:invoke.waitForTaskToken",
          "Parameters": {"FunctionName": "Notify", "Payload": {"t.$": "$$.Task.Token"}}, "End": true}}}
        """;
    Execution e = executor.start(def, "{}");
    e.stop("Operator.Stopped", "no longer needed");
    e.await(Duration.ofSeconds(10));
    assertThat(e.status()).isEqualTo(ExecutionStatus.ABORTED);
    assertThat(e.error()).isEqualTo("Operator.Stopped");
    assertThat(e.historyTypes()).endsWith("ExecutionAborted");
  }

  @Test
  void realTime_shouldReallyWait_whenAsked() {
    LocalExecutor executor = LocalExecutor.builder().realTime(true).build();
    long t0 = System.nanoTime();
    Execution e =
        executor.run(
            "{\"StartAt\":\"W\",\"States\":{\"W\":{\"Type\":\"Wait\",\"Seconds\":1,\"End\":true}}}",
            "{}");
    assertThat(e.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(Duration.ofNanos(System.nanoTime() - t0))
        .isGreaterThanOrEqualTo(Duration.ofMillis(950));
  }

  @Test
  void start_shouldListEveryProblem_whenTheDefinitionIsInvalid() {
    LocalExecutor executor = LocalExecutor.builder().build();
    assertThatThrownBy(
            () ->
                executor.start(
                    "{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Pass\"},\"B\":{\"Type\":\"Nope\"}}}",
                    "{}"))
        .isInstanceOf(InvalidDefinitionException.class)
        .hasMessageStartingWith("Slipway.Executor.InvalidDefinition: ")
        .hasMessageContaining("State 'A': needs Next or \"End\": true")
        .hasMessageContaining("State 'B': unknown Type 'Nope'")
        .hasMessageNotContaining("\n");
  }

  @Test
  void mockConfig_shouldFailClearly_whenTheTestCaseIsMissing() {
    assertThatThrownBy(
            () ->
                LocalExecutor.builder()
                    .mockConfig(
                        "{\"StateMachines\":{\"M\":{\"TestCases\":{}}},\"MockedResponses\":{}}",
                        "Nope")
                    .build())
        .hasMessageContaining("Slipway.Executor.InvalidMockConfig")
        .hasMessageContaining("no test case 'Nope'");
  }

  @Test
  void start_shouldFailWithDataLimitExceeded_whenTheInputIsOver256KiB() {
    String big = "{\"s\":\"" + "x".repeat(262_144) + "\"}";
    Execution e =
        LocalExecutor.builder()
            .build()
            .run("{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"End\":true}}}", big);
    assertThat(e.status()).isEqualTo(ExecutionStatus.FAILED);
    assertThat(e.error()).isEqualTo("States.DataLimitExceeded");
  }
}
