package dev.slipway.local.executor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The executor's local event bus: one EventBridge-shaped status change per ended execution. */
class ExecutionStatusEventsTest {
  private static final Path SAMPLES = Path.of("../../events/reconcile");
  private static final Instant START = Instant.parse("2026-11-27T01:00:00Z");

  private final List<ExecutionStatusChange> heard = new CopyOnWriteArrayList<>();

  private LocalExecutor executor(ExecutionStatusListener... more) {
    LocalExecutor.Builder b =
        LocalExecutor.builder()
            .stateMachineName("slipway-release")
            .clock(Clock.fixed(START, ZoneOffset.UTC))
            .callbackGrace(Duration.ofSeconds(60))
            .log(line -> {})
            .function("Echo", new TestFunctions.Echo());
    for (ExecutionStatusListener l : more) {
      b.statusListener(l);
    }
    return b.statusListener(heard::add).build();
  }

  @Test
  void timedOut_shouldPublishAnEventShapedAsTheEventBridgeSample() throws IOException {
    Execution e =
        executor()
            .run(
                "{\"TimeoutSeconds\":7200,\"StartAt\":\"Bake\",\"States\":{\"Bake\":"
                    + "{\"Type\":\"Wait\",\"Seconds\":9000,\"End\":true}}}",
                "{\"app\":\"checkout\"}");

    assertThat(e.status()).isEqualTo(ExecutionStatus.TIMED_OUT);
    assertThat(heard).hasSize(1);
    JsonNode event = heard.get(0).toEventBridgeJson();
    JsonNode sample = JsonSupport.parse(Files.readString(SAMPLES.resolve("timed-out.json")));
    assertThat(fields(event)).isEqualTo(fields(sample));
    assertThat(event.path("detail-type").asText()).isEqualTo(sample.path("detail-type").asText());
    assertThat(event.path("source").asText()).isEqualTo("aws.states");
    assertThat(event.path("time").asText()).isEqualTo("2026-11-27T03:00:00Z");
    JsonNode d = event.path("detail");
    assertThat(d.path("status").asText()).isEqualTo("TIMED_OUT");
    assertThat(d.path("error").asText()).isEqualTo("States.Timeout");
    assertThat(d.path("cause").isNull()).isTrue();
    assertThat(d.path("stopDate").asLong() - d.path("startDate").asLong()).isEqualTo(7_200_000L);
    assertThat(d.path("input").asText()).isEqualTo("{\"app\":\"checkout\"}");
    assertThat(d.path("executionArn").asText()).isEqualTo(e.executionArn());
    assertThat(event.path("resources").get(0).asText()).isEqualTo(e.executionArn());
  }

  @Test
  void everySample_shouldHaveTheShapeTheExecutorPublishes() throws IOException {
    JsonNode published =
        executor()
            .run("{\"StartAt\":\"F\",\"States\":{\"F\":{\"Type\":\"Fail\",\"Error\":\"E\"}}}", "{}")
            .await(Duration.ofSeconds(10))
            .toJson(false);
    assertThat(published.path("status").asText()).isEqualTo("FAILED");
    try (var files = Files.list(SAMPLES)) {
      for (Path f : files.sorted().toList()) {
        JsonNode sample = JsonSupport.parse(Files.readString(f));
        assertThat(fields(sample))
            .as(f.toString())
            .isEqualTo(fields(heard.get(0).toEventBridgeJson()));
      }
    }
  }

  @Test
  void eachTerminalStatus_shouldBePublishedOnce_withOutputErrorAndCauseAsDescribeExecution() {
    LocalExecutor executor = executor();
    executor.run("{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"End\":true}}}", "[1]");
    executor.run(
        "{\"StartAt\":\"F\",\"States\":{\"F\":{\"Type\":\"Fail\",\"Error\":\"Slipway.X\","
            + "\"Cause\":\"why\"}}}",
        "{}");
    Execution waiting =
        executor.start(
            "{\"StartAt\":\"T\",\"States\":{\"T\":{\"Type\":\"Task\",\"Resource\":"
                + "\"arn:aws:states:::lambda:invoke.waitForTaskToken\",\"Parameters\":"
                + "{\"FunctionName\":\"Echo\",\"Payload\":{\"t.$\":\"$$.Task.Token\"}},\"End\":true}}}",
            "{}");
    waiting.stop("Operator.Stopped", "from the console");
    waiting.await(Duration.ofSeconds(10));

    assertThat(heard)
        .extracting(ExecutionStatusChange::status)
        .containsExactly(
            ExecutionStatus.SUCCEEDED, ExecutionStatus.FAILED, ExecutionStatus.ABORTED);
    assertThat(heard.get(0).output()).isEqualTo("[1]");
    assertThat(heard.get(0).toEventBridgeJson().path("detail").path("redriveStatus").asText())
        .isEqualTo("NOT_REDRIVABLE");
    assertThat(heard.get(1).error()).isEqualTo("Slipway.X");
    assertThat(heard.get(1).cause()).isEqualTo("why");
    assertThat(heard.get(1).output()).isNull();
    assertThat(heard.get(2).error()).isEqualTo("Operator.Stopped");
    assertThat(heard.get(2).cause()).isEqualTo("from the console");
    assertThat(heard.get(2).stopDate()).isEqualTo(waiting.stopDate());
  }

  @Test
  void aListenerThatThrows_shouldNeitherChangeTheOutcomeNorSilenceTheOthers() {
    List<String> late = new ArrayList<>();
    LocalExecutor executor =
        executor(
            change -> {
              throw new IllegalStateException("broken listener");
            });
    executor.subscribe(change -> late.add(change.name()));

    Execution e =
        executor.start(
            "{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"End\":true}}}", "{}", "n1");
    e.await(Duration.ofSeconds(10));

    assertThat(e.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(heard).hasSize(1);
    assertThat(late).containsExactly("n1");
  }

  /** Every field path of a JSON document (objects' keys, recursively), values ignored. */
  private static TreeSet<String> fields(JsonNode n) {
    TreeSet<String> out = new TreeSet<>();
    collect("", n, out);
    return out;
  }

  private static void collect(String prefix, JsonNode n, TreeSet<String> out) {
    if (n.isObject()) {
      n.properties()
          .forEach(
              e -> {
                String p = prefix + "/" + e.getKey();
                out.add(p);
                collect(p, e.getValue(), out);
              });
    }
  }
}
