package dev.slipway.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.local.executor.JsonSupport;
import dev.slipway.local.executor.LocalContext;
import dev.slipway.local.run.Billing;
import dev.slipway.local.run.LocalEnvironment;
import dev.slipway.local.run.LocalExecutions;
import dev.slipway.local.run.LocalFunctions;
import dev.slipway.local.run.Meter;
import dev.slipway.local.run.RunOptions;
import dev.slipway.local.run.Scenario;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Every place a state of the release state machine touches agrees with the others (the list in
 * docs/development.md, "Adding a state"). Nothing is named here: the functions come from the ASL's
 * {@code ${XxxFunctionArn}} placeholders, the function name from what {@code LocalFunctions}
 * registers under the placeholder, the handler class from that registration.
 */
class TaskStatesWiredEverywhereTest {
  private static final Path ROOT = Path.of("../..");
  private static final Path ASL = ROOT.resolve("statemachines/release.asl.json");
  private static final Path EVENTS = ROOT.resolve("events");
  private static final Path INFRA = ROOT.resolve("infra/src/main/java");
  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{(\\w+)FunctionArn}");
  private static final String HOW = " (docs/development.md, Adding a state)";

  @Test
  @DisplayName(
      "each Task's function: a LocalFunctions registration, a properties entry, a handler with"
          + " that TASK_NAME, events/<name>/, an infra function")
  void everyTaskFunction_shouldBeWiredInEveryPlace() throws Exception {
    List<String> stems = taskFunctionStems();
    assertThat(stems).as("Task states invoking ${XxxFunctionArn} in " + ASL).isNotEmpty();
    Map<String, String> properties = FunctionRegistry.builtIn();
    String infra = infraSource();
    SoftAssertions soft = new SoftAssertions();

    try (var env =
        LocalEnvironment.start(
            RunOptions.demo(EVENTS, Scenario.HEALTHY), Instant.parse("2026-11-27T09:00:00Z"))) {
      Meter meter = new Meter();
      Map<String, Object> byPlaceholder =
          LocalFunctions.handlers(env, new LocalExecutions(), meter);
      Map<String, RequestStreamHandler> byFunction =
          LocalFunctions.byFunction(env, new LocalExecutions());
      soft.assertThat(new TreeSet<>(byPlaceholder.keySet()))
          .as("LocalFunctions registers exactly the ASL's placeholders")
          .isEqualTo(
              stems.stream()
                  .map(s -> s + "FunctionArn")
                  .collect(Collectors.toCollection(TreeSet::new)));

      for (String stem : stems) {
        String placeholder = stem + "FunctionArn";
        Object registered = byPlaceholder.get(placeholder);
        if (registered == null) {
          soft.fail("LocalFunctions (local/run) registers nothing under " + placeholder + HOW);
          continue;
        }
        String function = functionNameOf((RequestStreamHandler) registered, meter);
        RequestStreamHandler handler = byFunction.get(function);
        if (handler == null) {
          soft.fail("LocalFunctions.byFunction has no '" + function + "'" + HOW);
          continue;
        }
        Class<?> handlerClass = handler.getClass();
        String className = handlerClass.getName();

        soft.assertThat(properties.get(function))
            .as(
                "local/cli/src/main/resources/slipway-functions.properties: "
                    + function
                    + "="
                    + className
                    + HOW)
            .isEqualTo(className);
        soft.assertThat(taskName(handlerClass))
            .as(className + ".TASK_NAME, the function name of " + placeholder + HOW)
            .isEqualTo(function);
        soft.assertThat(eventsOf(function))
            .as("events/" + function + "/ with at least one sample event (*.json)" + HOW)
            .isNotEmpty();
        soft.assertThat(Billing.MEMORY_MB)
            .as("local/run Billing.MEMORY_MB prices '" + function + "' at the stack's memory" + HOW)
            .containsKey(function);
        soft.assertThat(infra)
            .as("infra/: a function with handler " + className + HOW)
            .contains(".handler(\"" + className + "\")");
        soft.assertThat(infra)
            .as("infra/: the function whose id is \"" + stem + "\" (" + placeholder + ")" + HOW)
            .contains("\"" + stem + "\"");
      }
    }
    soft.assertAll();
  }

  /** The {@code Xxx} of every {@code ${XxxFunctionArn}} a Task state invokes, in ASL order. */
  static List<String> taskFunctionStems() throws Exception {
    List<String> out = new ArrayList<>();
    collect(JsonSupport.parse(Files.readString(ASL)), out);
    return out.stream().distinct().toList();
  }

  private static void collect(JsonNode node, List<String> out) {
    if (node.isObject() && "Task".equals(node.path("Type").asText())) {
      for (JsonNode ref :
          List.of(
              node.path("Resource"),
              node.path("Parameters").path("FunctionName"),
              node.path("Arguments").path("FunctionName"))) {
        Matcher m = PLACEHOLDER.matcher(ref.asText(""));
        if (m.find()) {
          out.add(m.group(1));
        }
      }
    }
    node.forEach(child -> collect(child, out));
  }

  /** The name LocalFunctions measures the handler under: invoked once on a refused event. */
  private static String functionNameOf(RequestStreamHandler metered, Meter meter) {
    int before = meter.invocations().size();
    try {
      metered.handleRequest(
          new ByteArrayInputStream("[]".getBytes(StandardCharsets.UTF_8)),
          new ByteArrayOutputStream(),
          new LocalContext("test", "test", "arn:test", Duration.ofSeconds(10), line -> {}));
    } catch (Exception | Error refused) {
      // "[]" is not an event any handler takes; only the name it was measured under matters
    }
    var invocations = meter.invocations();
    assertThat(invocations).hasSize(before + 1);
    return invocations.get(before).function();
  }

  private static String taskName(Class<?> handlerClass) {
    try {
      return String.valueOf(handlerClass.getField("TASK_NAME").get(null));
    } catch (ReflectiveOperationException e) {
      return "(no public static TASK_NAME)";
    }
  }

  private static List<Path> eventsOf(String function) throws Exception {
    Path dir = EVENTS.resolve(function);
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(p -> p.toString().endsWith(".json")).toList();
    }
  }

  /** infra's source text: read, not compiled against, so its layout may change freely. */
  private static String infraSource() throws Exception {
    try (Stream<Path> files = Files.walk(INFRA)) {
      StringBuilder all = new StringBuilder();
      for (Path p : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        all.append(Files.readString(p)).append('\n');
      }
      return all.toString();
    }
  }
}
