package dev.slipway.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The state machine's placeholders resolve to the deployed functions, and nothing is circular. */
class StateMachineWiringTest {
  private static Map<String, Object> resources;
  private static Map<String, Object> substitutions;

  @BeforeAll
  static void synth() {
    resources = TemplateJson.map(SynthesizedSlipway.get().template.toJSON().get("Resources"));
    String sm = SlipwayStackTest.idIn(resources, "Release");
    substitutions =
        TemplateJson.map(
            TemplateJson.map(TemplateJson.map(resources.get(sm)).get("Properties"))
                .get("DefinitionSubstitutions"));
  }

  @Test
  @DisplayName(
      "every ${...} placeholder of the ASL has a substitution, and no substitution is unused")
  void placeholders_shouldMatchSubstitutions() throws IOException {
    String asl = Files.readString(SynthesizedSlipway.FIXTURES.resolve("release.asl.json"));
    Set<String> placeholders = new TreeSet<>();
    Matcher m = Pattern.compile("\\$\\{([A-Za-z0-9]+)}").matcher(asl);
    while (m.find()) {
      placeholders.add(m.group(1));
    }
    assertThat(substitutions.keySet()).containsExactlyInAnyOrderElementsOf(placeholders);
    assertThat(placeholders)
        .containsExactlyInAnyOrder(
            "LockFunctionArn",
            "AnnotateFunctionArn",
            "ManifestsFunctionArn",
            "StaticSyncFunctionArn",
            "DeployFunctionArn",
            "RolloutFunctionArn",
            "RollbackFunctionArn",
            "CanaryFunctionArn",
            "RecordFunctionArn",
            "ArtifactBucketName",
            "NotificationTopicArn");
  }

  @Test
  @DisplayName(
      "the real statemachines/release.asl.json uses only placeholders the stack substitutes")
  void realDefinition_shouldUseOnlyKnownPlaceholders() throws IOException {
    java.nio.file.Path real =
        java.nio.file.Path.of("")
            .toAbsolutePath()
            .getParent()
            .resolve("statemachines/release.asl.json");
    org.junit.jupiter.api.Assumptions.assumeTrue(
        Files.isRegularFile(real), "statemachines/release.asl.json is not written yet");
    Matcher m = Pattern.compile("\\$\\{([A-Za-z0-9]+)}").matcher(Files.readString(real));
    Set<String> placeholders = new TreeSet<>();
    while (m.find()) {
      placeholders.add(m.group(1));
    }
    assertThat(substitutions.keySet()).containsAll(placeholders);
  }

  @Test
  @DisplayName("each function placeholder is the 'live' alias of the function with that handler")
  void functionPlaceholders_shouldResolveToTheLiveAliasOfTheRightHandler() {
    for (SlipwayFunction f : SlipwayFunction.values()) {
      if (!f.invokedByStateMachine()) {
        assertThat(substitutions).doesNotContainKey(f.substitutionKey());
        continue;
      }
      String alias = (String) TemplateJson.map(substitutions.get(f.substitutionKey())).get("Ref");
      Map<String, Object> aliasProps = properties(alias);
      assertThat(aliasProps.get("Name")).isEqualTo("live");
      String function = (String) TemplateJson.map(aliasProps.get("FunctionName")).get("Ref");
      assertThat(properties(function).get("Handler")).as(f.id()).isEqualTo(f.handler());
      String version =
          (String)
              TemplateJson.list(
                      TemplateJson.map(aliasProps.get("FunctionVersion")).get("Fn::GetAtt"))
                  .get(0);
      assertThat(TemplateJson.map(resources.get(version)).get("Type"))
          .isEqualTo("AWS::Lambda::Version");
    }
    assertThat(substitutions.get("ArtifactBucketName"))
        .isEqualTo(Map.of("Ref", SlipwayStackTest.idIn(resources, "ArtifactBucket")));
    assertThat(substitutions.get("NotificationTopicArn"))
        .isEqualTo(Map.of("Ref", SlipwayStackTest.idIn(resources, "Notifications")));
  }

  @Test
  @DisplayName("the template has no dependency cycle (Ref, GetAtt, DependsOn)")
  void template_shouldHaveNoDependencyCycle() {
    Map<String, Set<String>> graph = dependencyGraph();
    List<String> cycle = findCycle(graph);
    assertThat(cycle).as("dependency cycle").isEmpty();
  }

  @Test
  @DisplayName("the state machine does not depend on the webhook, which holds its ARN")
  void stateMachine_shouldNotDependOnTheWebhook() {
    Map<String, Set<String>> graph = dependencyGraph();
    String sm = SlipwayStackTest.idIn(resources, "Release");
    Set<String> reachable = reachable(graph, sm);
    assertThat(reachable)
        .doesNotContain(
            SlipwayStackTest.idIn(resources, "WebhookFunction"),
            SlipwayStackTest.idIn(resources, "WebhookRole"),
            SlipwayStackTest.idIn(resources, "ApprovalFunction"));
    // ... while the webhook does depend on it (its environment and its StartExecution grant).
    assertThat(reachable(graph, SlipwayStackTest.idIn(resources, "WebhookFunction"))).contains(sm);
  }

  private static Map<String, Object> properties(String logicalId) {
    return TemplateJson.map(TemplateJson.map(resources.get(logicalId)).get("Properties"));
  }

  private static Map<String, Set<String>> dependencyGraph() {
    Map<String, Set<String>> graph = new HashMap<>();
    for (Map.Entry<String, Object> e : resources.entrySet()) {
      Map<String, Object> r = TemplateJson.map(e.getValue());
      Set<String> deps = new LinkedHashSet<>(TemplateJson.references(r.get("Properties")));
      if (r.containsKey("DependsOn")) {
        TemplateJson.list(r.get("DependsOn")).forEach(d -> deps.add((String) d));
      }
      deps.retainAll(resources.keySet());
      graph.put(e.getKey(), deps);
    }
    return graph;
  }

  private static Set<String> reachable(Map<String, Set<String>> graph, String from) {
    Set<String> seen = new HashSet<>();
    Deque<String> todo = new ArrayDeque<>(graph.get(from));
    while (!todo.isEmpty()) {
      String n = todo.pop();
      if (seen.add(n)) {
        todo.addAll(graph.getOrDefault(n, Set.of()));
      }
    }
    return seen;
  }

  /** A cycle as a list of logical ids, or empty (iterative three-colour DFS). */
  static List<String> findCycle(Map<String, Set<String>> graph) {
    Map<String, Integer> colour = new HashMap<>();
    for (String start : graph.keySet()) {
      if (colour.containsKey(start)) {
        continue;
      }
      Deque<String> path = new ArrayDeque<>();
      Deque<java.util.Iterator<String>> its = new ArrayDeque<>();
      path.push(start);
      its.push(graph.get(start).iterator());
      colour.put(start, 1);
      while (!path.isEmpty()) {
        if (its.peek().hasNext()) {
          String next = its.peek().next();
          Integer c = colour.get(next);
          if (c == null) {
            colour.put(next, 1);
            path.push(next);
            its.push(graph.getOrDefault(next, Set.of()).iterator());
          } else if (c == 1) {
            List<String> cycle = new ArrayList<>(path);
            cycle.add(0, next);
            return cycle;
          }
        } else {
          colour.put(path.pop(), 2);
          its.pop();
        }
      }
    }
    return List.of();
  }

  @Test
  @DisplayName("the cycle finder finds a planted cycle (so the test above can fail)")
  void findCycle_shouldFindAPlantedCycle() {
    Map<String, Set<String>> graph =
        Map.of("Fn", Set.of("Policy"), "Policy", Set.of("Sm"), "Sm", Set.of("Fn"), "X", Set.of());
    assertThat(findCycle(graph)).contains("Fn", "Policy", "Sm");
    assertThat(findCycle(Map.of("A", Set.of("B"), "B", Set.of()))).isEmpty();
  }
}
