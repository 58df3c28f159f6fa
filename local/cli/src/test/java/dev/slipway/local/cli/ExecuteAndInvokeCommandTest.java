package dev.slipway.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.local.executor.JsonSupport;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code slipway execute} and {@code slipway invoke} contracts. */
class ExecuteAndInvokeCommandTest {
  @TempDir Path dir;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private PrintStream oldOut;
  private PrintStream oldErr;

  @BeforeEach
  void capture() {
    oldOut = System.out;
    oldErr = System.err;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restore() {
    System.setOut(oldOut);
    System.setErr(oldErr);
  }

  private Path file(String name, String text) throws Exception {
    Path p = dir.resolve(name);
    Files.writeString(p, text);
    return p;
  }

  private JsonNode stdoutJson() {
    return JsonSupport.parse(out.toString(StandardCharsets.UTF_8).trim());
  }

  private static final String GREET =
      """
      {"StartAt": "Greet", "States": {"Greet": {"Type": "Task",
        "Resource": "arn:aws:lambda:${Region}:123456789012:function:greet", "End": true}}}
      """;

  /** Runs GREET with the greet function bound to GreetingHandler. */
  private int executeGreet(String input, String region, String... more) throws Exception {
    java.util.List<String> args =
        new java.util.ArrayList<>(
            java.util.List.of(
                "execute",
                "--definition",
                file("def.json", GREET).toString(),
                "--input",
                file("in.json", input).toString(),
                "--function",
                "greet=dev.slipway.local.cli.GreetingHandler",
                "--substitution",
                "Region=" + region));
    args.addAll(java.util.List.of(more));
    return SlipwayCli.execute(args.toArray(String[]::new));
  }

  @Test
  void execute_shouldPrintStatusAndOutput_whenTheExecutionSucceeds() throws Exception {
    int code = executeGreet("{\"name\":\"Ann\"}", "eu-west-1", "--history");
    assertThat(code).isZero();
    JsonNode r = stdoutJson();
    assertThat(r.get("status").asText()).isEqualTo("SUCCEEDED");
    assertThat(r.get("output").toString()).isEqualTo("{\"message\":\"hello, Ann\"}");
    assertThat(r.has("error")).isFalse();
    assertThat(r.get("history").get(0).get("type").asText()).isEqualTo("ExecutionStarted");
  }

  @Test
  void execute_shouldExitZeroWithErrorAndCause_whenTheExecutionFails() throws Exception {
    int code = executeGreet("{\"fail\":\"no name\"}", "us-east-1");
    assertThat(code).isZero();
    JsonNode r = stdoutJson();
    assertThat(r.get("status").asText()).isEqualTo("FAILED");
    assertThat(r.get("error").asText()).isEqualTo("java.lang.IllegalArgumentException");
    assertThat(r.get("cause").asText())
        .startsWith(
            "{\"errorMessage\": \"no name\", \"errorType\": \"java.lang.IllegalArgumentException\"");
    assertThat(r.has("output")).isFalse();
    assertThat(r.has("history")).isFalse();
  }

  @Test
  void execute_shouldUseTheMockConfig_whenATestCaseIsGiven() throws Exception {
    String mock =
        """
        {"StateMachines": {"greeter": {"TestCases": {"Happy": {"Greet": "Hi"}}}},
         "MockedResponses": {"Hi": {"0": {"Return": {"message": "mocked"}}}}}
        """;
    int code =
        SlipwayCli.execute(
            "execute",
            "--definition",
            file("def.json", GREET).toString(),
            "--mock-config",
            file("mock.json", mock).toString(),
            "--test-case",
            "Happy",
            "--state-machine-name",
            "greeter");
    assertThat(code).isZero();
    assertThat(stdoutJson().get("output").toString()).isEqualTo("{\"message\":\"mocked\"}");
  }

  @Test
  void execute_shouldExitNonZeroWithOneLine_whenTheDefinitionIsInvalid() throws Exception {
    int code =
        SlipwayCli.execute(
            "execute",
            "--definition",
            file("bad.json", "{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Pass\"}}}")
                .toString());
    assertThat(code).isEqualTo(2);
    String e = err.toString(StandardCharsets.UTF_8).trim();
    assertThat(e)
        .startsWith("slipway: Slipway.Executor.InvalidDefinition: ")
        .contains("State 'A': needs Next");
    assertThat(e.lines()).hasSize(1);
    assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
  }

  @Test
  void execute_shouldExitNonZero_whenAFileIsMissing() {
    int code = SlipwayCli.execute("execute", "--definition", dir.resolve("nope.json").toString());
    assertThat(code).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("no such file").contains("nope.json");
  }

  @Test
  void invoke_shouldPrintTheResponse_whenGivenAClassName() throws Exception {
    int code =
        SlipwayCli.execute(
            "invoke",
            "dev.slipway.local.cli.GreetingHandler",
            "--event",
            file("e.json", "{\"name\":\"Bo\"}").toString());
    assertThat(code).isZero();
    assertThat(stdoutJson().get("message").asText()).isEqualTo("hello, Bo");
  }

  @Test
  void invoke_shouldPrintTheRuntimeErrorPayload_whenTheHandlerThrows() throws Exception {
    int code =
        SlipwayCli.execute(
            "invoke",
            "dev.slipway.local.cli.GreetingHandler",
            "--event",
            file("e.json", "{\"fail\":\"bad\"}").toString());
    assertThat(code).isEqualTo(1);
    JsonNode r = stdoutJson();
    assertThat(r.get("errorType").asText()).isEqualTo("java.lang.IllegalArgumentException");
    assertThat(r.get("errorMessage").asText()).isEqualTo("bad");
    assertThat(r.get("stackTrace").isArray()).isTrue();
  }

  @Test
  void invoke_shouldRunInAChildJvmWithTheEnvironment_whenEnvIsGiven() throws Exception {
    int code =
        SlipwayCli.execute(
            "invoke",
            "dev.slipway.local.cli.GreetingHandler",
            "--event",
            file("e.json", "{\"name\":\"Cy\"}").toString(),
            "--env",
            "GREETING=bonjour");
    assertThat(code).isZero();
    assertThat(stdoutJson().get("message").asText()).isEqualTo("bonjour, Cy");
  }

  @Test
  void invoke_shouldNameTheFunctions_whenTheFunctionIsUnknown() throws Exception {
    int code =
        SlipwayCli.execute("invoke", "no-such-fn", "--event", file("e.json", "{}").toString());
    assertThat(code).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("Slipway.Cli.UnknownFunction")
        .contains("no-such-fn");
  }

  @Test
  void invoke_shouldNameTheMissingSetting_whenAKnownFunctionHasNoEnvironment() throws Exception {
    int code = SlipwayCli.execute("invoke", "webhook", "--event", file("e.json", "{}").toString());
    String e = err.toString(StandardCharsets.UTF_8);
    assertThat(code).as(e).isEqualTo(2);
    assertThat(e)
        .contains("Slipway.Cli.FunctionNotConfigured")
        .contains("'webhook' (dev.slipway.webhook.WebhookHandler) cannot start")
        .contains("Slipway.Webhook.Misconfigured: set the environment variable")
        .contains("SLIPWAY_STATE_MACHINE_ARN")
        .contains("--env-file .slipway/local.env")
        .doesNotContain("neither a function");
  }

  @Test
  void execute_shouldTakeTaskTokenAnswersFromStdin_whenAskedTo() throws Exception {
    String def =
        """
        {"StartAt": "Approve", "States": {"Approve": {"Type": "Task",
          "Resource": "arn:aws:states:::lambda:invoke.waitForTaskToken",
          "Parameters": {"FunctionName": "greet", "Payload": {"name": "Ann", "token.$": "$$.Task.Token"}},
          "End": true}}}
        """;
    java.io.PipedOutputStream answers = new java.io.PipedOutputStream();
    java.io.InputStream oldIn = System.in;
    System.setIn(new java.io.PipedInputStream(answers));
    try {
      java.util.concurrent.CompletableFuture<Integer> code =
          java.util.concurrent.CompletableFuture.supplyAsync(
              () ->
                  SlipwayCli.execute(
                      "execute",
                      "--definition",
                      write("def.json", def),
                      "--function",
                      "greet=dev.slipway.local.cli.GreetingHandler",
                      "--task-tokens",
                      "stdin"));
      String marker = "a task waits for token ";
      long deadline = System.nanoTime() + 20_000_000_000L;
      while (!err.toString(StandardCharsets.UTF_8).contains(marker)
          && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      String e = err.toString(StandardCharsets.UTF_8);
      String token =
          e.substring(e.indexOf(marker) + marker.length()).lines().findFirst().orElseThrow().trim();
      answers.write(
          ("success " + token + " {\"approved\":true}\n").getBytes(StandardCharsets.UTF_8));
      answers.flush();
      assertThat(code.get(20, java.util.concurrent.TimeUnit.SECONDS)).isZero();
      assertThat(stdoutJson().get("output").toString()).isEqualTo("{\"approved\":true}");
    } finally {
      answers.close();
      System.setIn(oldIn);
    }
  }

  private String write(String name, String text) {
    try {
      return file(name, text).toString();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void execute_shouldReadTheInputFromStdin_whenInputIsDash() throws Exception {
    java.io.InputStream oldIn = System.in;
    System.setIn(
        new java.io.ByteArrayInputStream("{\"name\":\"Di\"}".getBytes(StandardCharsets.UTF_8)));
    try {
      int code =
          SlipwayCli.execute(
              "execute",
              "--definition",
              write("def.json", GREET),
              "--input",
              "-",
              "--function",
              "greet=dev.slipway.local.cli.GreetingHandler",
              "--substitution",
              "Region=us-east-1");
      assertThat(code).isZero();
      assertThat(stdoutJson().get("output").get("message").asText()).isEqualTo("hello, Di");
    } finally {
      System.setIn(oldIn);
    }
  }
}
