package dev.slipway.local.executor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.random.RandomGenerator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The conformance suite: every fixture under {@code src/test/resources/conformance} is one rule of
 * asl-semantics.md (or of AWS's documentation): a definition, an input, the expected result.
 *
 * <p>Fixture fields: {@code definition}, {@code input} (default {}), {@code options} ({@code
 * random}: a fixed double for jitter, {@code seed}, {@code clock}: ISO instant, {@code
 * callbackGraceMillis}, {@code mock} + {@code testCase}, {@code substitutions}, {@code
 * stateMachineName}, {@code executionName}, {@code realTime}, {@code stop}: StopExecution with
 * {@code error} and {@code cause} once a task waits for its token, or once the state {@code
 * whenEntered} is entered) and {@code expect}: {@code status}, {@code output}, {@code error},
 * {@code cause}, {@code causeStartsWith}, {@code causeMatches} (regex), {@code history} (exact
 * event types), {@code historyContains}, {@code elapsedSeconds} (virtual time), {@code invalid} (a
 * substring of the validation problem).
 */
class ConformanceTest {

  static Stream<Fixtures.Case> cases() {
    return Fixtures.all().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void fixture_shouldBehaveAsAws(Fixtures.Case c) throws InterruptedException {
    JsonNode n = c.node();
    JsonNode opts = n.path("options");
    JsonNode expect = n.get("expect");
    TaskTokens tokens = new TaskTokens();
    LocalExecutor.Builder b = LocalExecutor.builder().taskTokens(tokens).log(line -> {});
    TestFunctions.bindAll(b, tokens);
    if (opts.has("random")) {
      double r = opts.get("random").asDouble();
      b.random(new FixedRandom(r));
    } else {
      b.random(new Random(opts.path("seed").asLong(42)));
    }
    Instant start =
        opts.has("clock")
            ? Instant.parse(opts.get("clock").asText())
            : Instant.parse("2024-05-01T12:00:00Z");
    b.clock(Clock.fixed(start, ZoneOffset.UTC));
    b.callbackGrace(Duration.ofMillis(opts.path("callbackGraceMillis").asLong(200)));
    b.realTime(opts.path("realTime").asBoolean(false));
    if (opts.has("stateMachineName")) {
      b.stateMachineName(opts.get("stateMachineName").asText());
    }
    if (opts.has("mock")) {
      b.mockConfig(JsonSupport.compact(opts.get("mock")), opts.get("testCase").asText());
    }
    opts.path("substitutions")
        .properties()
        .iterator()
        .forEachRemaining(e -> b.substitution(e.getKey(), e.getValue().asText()));
    LocalExecutor ex = b.build();
    String def = JsonSupport.compact(n.get("definition"));
    if (expect.has("invalid")) {
      assertThatThrownBy(() -> ex.start(def, "{}"))
          .isInstanceOf(InvalidDefinitionException.class)
          .hasMessageContaining(expect.get("invalid").asText());
      return;
    }
    String input = n.has("input") ? JsonSupport.compact(n.get("input")) : "{}";
    String name = opts.path("executionName").asText("exec-1");
    Execution e =
        opts.has("stop")
            ? stopped(ex.begin(def, input, name), opts.get("stop"))
            : ex.start(def, input, name).await(Duration.ofSeconds(30));
    String full = JsonSupport.compact(e.toJson(true));
    String report = "\n" + (full.length() > 3000 ? full.substring(0, 3000) + "..." : full);
    assertThat(e.status().name())
        .as("status" + report)
        .isEqualTo(expect.path("status").asText("SUCCEEDED"));
    if (expect.has("output")) {
      assertThat(Values.jsonEquals(e.output(), expect.get("output")))
          .as("output was " + e.outputJson() + ", expected " + expect.get("output") + report)
          .isTrue();
    }
    if (expect.has("error")) {
      assertThat(e.error())
          .as("error" + report)
          .isEqualTo(expect.get("error").isNull() ? null : expect.get("error").asText());
    }
    if (expect.has("cause")) {
      assertThat(e.cause())
          .as("cause" + report)
          .isEqualTo(expect.get("cause").isNull() ? null : expect.get("cause").asText());
    }
    if (expect.has("causeStartsWith")) {
      assertThat(e.cause()).as("cause" + report).startsWith(expect.get("causeStartsWith").asText());
    }
    if (expect.has("causeMatches")) {
      assertThat(e.cause()).as("cause" + report).matches(expect.get("causeMatches").asText());
    }
    if (expect.has("history")) {
      List<String> types = new ArrayList<>();
      expect.get("history").forEach(t -> types.add(t.asText()));
      assertThat(e.historyTypes()).as("history" + report).containsExactlyElementsOf(types);
    }
    if (expect.has("historyContains")) {
      List<String> types = new ArrayList<>();
      expect.get("historyContains").forEach(t -> types.add(t.asText()));
      assertThat(e.historyTypes()).as("history" + report).containsSubsequence(types);
    }
    if (expect.has("elapsedSeconds")) {
      double secs = Duration.between(e.startDate(), e.stopDate()).toMillis() / 1000.0;
      assertThat(secs)
          .as("elapsed virtual seconds" + report)
          .isCloseTo(
              expect.get("elapsedSeconds").asDouble(), org.assertj.core.data.Offset.offset(0.01));
    }
  }

  /** Stops {@code e} as the fixture's {@code stop} option says, then waits for it to end. */
  private static Execution stopped(Execution e, JsonNode stop) throws InterruptedException {
    String state = stop.path("whenEntered").asText(null);
    while (e.status() == ExecutionStatus.RUNNING
        && !(state == null ? e.waitingForTaskToken() : entered(e, state))) {
      e.await(Duration.ofMillis(2));
    }
    e.stop(stop.path("error").asText(null), stop.path("cause").asText(null));
    return e.await(Duration.ofSeconds(30));
  }

  private static boolean entered(Execution e, String state) {
    return e.history().stream()
        .anyMatch(
            h ->
                h.type().endsWith("StateEntered")
                    && h.details() != null
                    && state.equals(h.details().path("name").asText()));
  }

  /** A random generator whose nextDouble is fixed (for FULL jitter fixtures). */
  static final class FixedRandom implements RandomGenerator {
    private final double value;
    private final Random rest = new Random(7);

    FixedRandom(double value) {
      this.value = value;
    }

    @Override
    public double nextDouble() {
      return value;
    }

    @Override
    public long nextLong() {
      return rest.nextLong();
    }
  }
}
