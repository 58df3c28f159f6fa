package dev.slipway.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
import org.junit.jupiter.api.io.TempDir;

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
      "every ${...} placeholder of the real release.asl.json has a substitution, and no"
          + " substitution is unused")
  void realDefinition_shouldMatchTheSubstitutionsBothWays() throws IOException {
    String asl = Files.readString(SynthesizedSlipway.RELEASE_ASL);
    Set<String> placeholders = new TreeSet<>();
    Matcher m = Pattern.compile("\\$\\{([^}]*)}").matcher(asl);
    while (m.find()) {
      placeholders.add(m.group(1));
    }
    assertThat(placeholders).as("placeholders of " + SynthesizedSlipway.RELEASE_ASL).isNotEmpty();
    assertThat(substitutions.keySet()).containsExactlyInAnyOrderElementsOf(placeholders);
    // Written out by hand, so that a renamed placeholder or function shows up here.
    assertThat(placeholders)
        .containsExactlyInAnyOrder(
            "PlanFunctionArn",
            "LockFunctionArn",
            "AnnotateFunctionArn",
            "ManifestsFunctionArn",
            "DiffFunctionArn",
            "StaticSyncFunctionArn",
            "ApprovalGateFunctionArn",
            "DeployFunctionArn",
            "RolloutFunctionArn",
            "CanaryFunctionArn",
            "RollbackFunctionArn",
            "RecordFunctionArn",
            "UnlockFunctionArn");
  }

  @Test
  @DisplayName("a definition with an unknown placeholder, or missing a function, is refused")
  void checkPlaceholders_shouldRefuse_whenDefinitionAndCatalogueDisagree(@TempDir Path dir)
      throws IOException {
    String real = Files.readString(SynthesizedSlipway.RELEASE_ASL);
    Path unknown = dir.resolve("unknown.asl.json");
    Files.writeString(unknown, real.replace("${PlanFunctionArn}", "${PlanningFunctionArn}"));
    assertThatThrownBy(() -> SlipwayStackProps.checkPlaceholders(unknown))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("placeholders with no function: [PlanningFunctionArn]")
        .hasMessageContaining("functions the definition never invokes: [PlanFunctionArn]");
    Path fine = dir.resolve("fine.asl.json");
    Files.writeString(fine, real);
    assertThatCode(() -> SlipwayStackProps.checkPlaceholders(fine)).doesNotThrowAnyException();
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

  @Test
  @DisplayName(
      "the approval gate gets the API's URL from the RestApi alone, not from its stage, so the"
          + " state machine does not depend on the API's methods or the webhook")
  void approvalGate_shouldReferenceTheApiWithoutItsStage() {
    Map<String, Set<String>> graph = dependencyGraph();
    String sm = SlipwayStackTest.idIn(resources, "Release");
    String gate = SlipwayStackTest.idIn(resources, "ApprovalGateFunction");
    Set<String> fromGate = reachable(graph, gate);
    assertThat(fromGate).contains(SlipwayStackTest.idIn(resources, "Api"));
    for (Map.Entry<String, Object> e : resources.entrySet()) {
      String type = (String) TemplateJson.map(e.getValue()).get("Type");
      if (type.equals("AWS::ApiGateway::Stage")
          || type.equals("AWS::ApiGateway::Deployment")
          || type.equals("AWS::ApiGateway::Method")) {
        assertThat(reachable(graph, sm))
            .as("state machine reaches " + e.getKey())
            .doesNotContain(e.getKey());
      }
    }
    Map<String, Object> env =
        TemplateJson.map(TemplateJson.map(properties(gate).get("Environment")).get("Variables"));
    assertThat(TemplateJson.render(env.get("SLIPWAY_API_URL")))
        .isEqualTo("https://<Api>.execute-api.${AWS::Region}.${AWS::URLSuffix}/v1");
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
