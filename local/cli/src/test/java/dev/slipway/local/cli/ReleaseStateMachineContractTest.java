package dev.slipway.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.local.executor.LocalExecutor;
import dev.slipway.model.Json;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@code statemachines/release.asl.json}, checked at build time: error names that
 * exist, the Lambda retry everywhere, nothing that retries {@code States.ALL}, every failure path
 * through rollback, the record and the end annotation, and a handler for every function.
 */
class ReleaseStateMachineContractTest {
  private static final Path ASL = Path.of("../../statemachines/release.asl.json");
  private static final List<String> LAMBDA_ERRORS =
      List.of(
          "Lambda.ServiceException",
          "Lambda.AWSLambdaException",
          "Lambda.SdkClientException",
          "Lambda.TooManyRequestsException");

  private static String text;
  private static JsonNode machine;

  /** Every state of the machine and its branches, by name. */
  private static final Map<String, JsonNode> STATES = new HashMap<>();

  @BeforeAll
  static void load() throws Exception {
    text = Files.readString(ASL);
    machine = Json.mapper().readTree(text);
    collect(machine.get("States"));
  }

  private static void collect(JsonNode states) {
    states
        .fields()
        .forEachRemaining(
            e -> {
              STATES.put(e.getKey(), e.getValue());
              JsonNode processor = e.getValue().path("ItemProcessor").path("States");
              if (processor.isObject()) {
                collect(processor);
              }
            });
  }

  @Test
  void definition_shouldBeValidForTheLocalExecutor_andTellThePlanItsTimeout() {
    assertThat(LocalExecutor.validate(text)).isEmpty();
    assertThat(machine.get("TimeoutSeconds").asInt()).isPositive();
    // the plan lays out the release's worst case against the machine's timeout (one knob)
    assertThat(machine.at("/States/Plan/Parameters/machineTimeoutSeconds").asInt())
        .isEqualTo(machine.get("TimeoutSeconds").asInt());
    assertThat(machine.path("QueryLanguage").asText("JSONPath")).isEqualTo("JSONPath");
  }

  @Test
  void errorNames_shouldBeExceptionClassesOrStepFunctionsNames() {
    for (var state : STATES.entrySet()) {
      for (String list : List.of("Retry", "Catch")) {
        for (JsonNode rule : state.getValue().path(list)) {
          for (JsonNode name : rule.get("ErrorEquals")) {
            String n = name.asText();
            boolean known = n.startsWith("States.") || n.startsWith("Lambda.") || isThrowable(n);
            assertThat(known).as(state.getKey() + " " + list + " names " + n).isTrue();
          }
        }
      }
    }
  }

  @Test
  void retries_shouldNeverRetryEverything() {
    for (var state : STATES.entrySet()) {
      for (JsonNode rule : state.getValue().path("Retry")) {
        assertThat(rule.get("ErrorEquals").toString())
            .as(state.getKey())
            .doesNotContain("States.ALL");
      }
    }
  }

  @Test
  void everyTask_shouldRetryLambdasOwnTransientErrors() {
    for (var state : STATES.entrySet()) {
      if (!"Task".equals(state.getValue().path("Type").asText())) {
        continue;
      }
      List<String> retried = new ArrayList<>();
      state
          .getValue()
          .path("Retry")
          .forEach(r -> r.get("ErrorEquals").forEach(n -> retried.add(n.asText())));
      assertThat(retried).as(state.getKey()).containsAll(LAMBDA_ERRORS);
    }
  }

  @Test
  void everyCatch_shouldLeadThroughTheRecordToTheEnd() {
    for (var state : machine.get("States").properties()) {
      for (JsonNode c : state.getValue().path("Catch")) {
        Set<String> reachable = reachable(c.get("Next").asText());
        assertThat(reachable).as(state.getKey() + " catch").contains("Outcome?");
        boolean bestEffort = !c.get("ErrorEquals").toString().contains("TerminalStepException");
        if (bestEffort) {
          continue; // Grafana and the lock's release: the release goes on
        }
        assertThat(reachable).as(state.getKey() + " catch").contains("RecordRelease");
        if (!List.of("Plan", "AcquireLock").contains(state.getKey())) {
          assertThat(reachable)
              .as(state.getKey() + " catch, after the lock")
              .contains("AnnotateEnd", "ReleaseLock");
        }
      }
    }
    // only the waves write to clusters: their failure rolls back; earlier ones have nothing to undo
    assertThat(machine.at("/States/Waves/Catch/0/Next").asText()).isEqualTo("Rollback");
    for (String beforeFirstWrite :
        List.of("GenerateManifests", "Diff", "StaticSync", "RequestApproval")) {
      assertThat(machine.at("/States/" + beforeFirstWrite + "/Catch/0/Next").asText())
          .as(beforeFirstWrite)
          .isEqualTo("RecordRelease");
    }
  }

  @Test
  void everyFunction_shouldHaveARegisteredHandler() throws Exception {
    Properties functions = new Properties();
    try (InputStream in = getClass().getResourceAsStream("/slipway-functions.properties")) {
      functions.load(in);
    }
    Matcher m = Pattern.compile("\\$\\{([A-Za-z]+)FunctionArn}").matcher(text);
    Set<String> placeholders = new HashSet<>();
    while (m.find()) {
      placeholders.add(m.group(1));
    }
    assertThat(placeholders).isNotEmpty();
    for (String p : placeholders) {
      String name = p.replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase();
      String handler = functions.getProperty(name, functions.getProperty(name.replace("-", "")));
      assertThat(handler).as("function '" + name + "' for ${" + p + "FunctionArn}").isNotNull();
      assertThat(isClass(handler)).as(handler).isTrue();
    }
  }

  private static Set<String> reachable(String from) {
    Set<String> seen = new HashSet<>();
    ArrayDeque<String> queue = new ArrayDeque<>(List.of(from));
    JsonNode top = machine.get("States");
    while (!queue.isEmpty()) {
      String name = queue.pop();
      if (!seen.add(name)) {
        continue;
      }
      JsonNode s = top.get(name);
      if (s == null) {
        continue;
      }
      if (s.has("Next")) {
        queue.add(s.get("Next").asText());
      }
      if (s.has("Default")) {
        queue.add(s.get("Default").asText());
      }
      s.path("Choices").forEach(c -> queue.add(c.get("Next").asText()));
      s.path("Catch").forEach(c -> queue.add(c.get("Next").asText()));
    }
    return seen;
  }

  private static boolean isThrowable(String name) {
    try {
      return Throwable.class.isAssignableFrom(Class.forName(name));
    } catch (ClassNotFoundException e) {
      return false;
    }
  }

  private static boolean isClass(String name) {
    try {
      Class.forName(name);
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }
}
