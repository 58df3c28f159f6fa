package dev.slipway.local.executor;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.model.TerminalStepException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Step Functions Local's mock configuration file ({@code StateMachines → TestCases → state → mocked
 * response name}; {@code MockedResponses → name → "0" | "1-2" → Return | Throw}), resolved for one
 * test case.
 */
public final class MockConfig {
  static final String ERROR = "Slipway.Executor.InvalidMockConfig";

  /** A mocked response for one invocation: a result, or an error and cause. */
  record Mock(JsonNode result, String error, String cause) {}

  private record Range(int from, int to, Mock mock) {}

  private final String testCase;
  private final Map<String, List<Range>> byState;

  private MockConfig(String testCase, Map<String, List<Range>> byState) {
    this.testCase = testCase;
    this.byState = byState;
  }

  /**
   * Reads a mock configuration and picks a test case. {@code stateMachineName} may be null when the
   * test case name is unique across the file's state machines.
   */
  public static MockConfig parse(String json, String stateMachineName, String testCase) {
    JsonNode root;
    try {
      root = JsonSupport.parse(json);
    } catch (IllegalArgumentException e) {
      throw invalid("the mock config is " + e.getMessage());
    }
    JsonNode machines = root.path("StateMachines");
    JsonNode responses = root.path("MockedResponses");
    if (!machines.isObject() || !responses.isObject()) {
      throw invalid("a mock config has the objects \"StateMachines\" and \"MockedResponses\"");
    }
    JsonNode tc = null;
    List<String> found = new ArrayList<>();
    Iterator<Map.Entry<String, JsonNode>> it = machines.properties().iterator();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> m = it.next();
      JsonNode c = m.getValue().path("TestCases").get(testCase);
      if (c != null && (stateMachineName == null || stateMachineName.equals(m.getKey()))) {
        tc = c;
        found.add(m.getKey());
      }
    }
    if (tc == null) {
      throw invalid(
          "no test case '"
              + testCase
              + "'"
              + (stateMachineName == null ? "" : " for state machine '" + stateMachineName + "'")
              + " in the mock config: name one of its StateMachines.<name>.TestCases");
    }
    if (found.size() > 1) {
      throw invalid(
          "test case '"
              + testCase
              + "' exists for several state machines "
              + found
              + ": give the state machine name (--state-machine-name)");
    }
    Map<String, List<Range>> byState = new HashMap<>();
    Iterator<Map.Entry<String, JsonNode>> states = tc.properties().iterator();
    while (states.hasNext()) {
      Map.Entry<String, JsonNode> s = states.next();
      String responseName = s.getValue().asText();
      JsonNode r = responses.get(responseName);
      if (r == null || !r.isObject()) {
        throw invalid(
            "state '"
                + s.getKey()
                + "' uses the mocked response '"
                + responseName
                + "', which MockedResponses does not define");
      }
      List<Range> ranges = new ArrayList<>();
      Iterator<Map.Entry<String, JsonNode>> rs = r.properties().iterator();
      while (rs.hasNext()) {
        Map.Entry<String, JsonNode> e = rs.next();
        ranges.add(range(responseName, e.getKey(), e.getValue()));
      }
      byState.put(s.getKey(), ranges);
    }
    return new MockConfig(testCase, byState);
  }

  private static Range range(String name, String key, JsonNode v) {
    int from;
    int to;
    try {
      int dash = key.indexOf('-');
      from = Integer.parseInt((dash < 0 ? key : key.substring(0, dash)).trim());
      to = dash < 0 ? from : Integer.parseInt(key.substring(dash + 1).trim());
    } catch (NumberFormatException e) {
      throw invalid(
          "mocked response '"
              + name
              + "' has the key '"
              + key
              + "': keys are invocation numbers such as \"0\" or ranges such as \"1-2\"");
    }
    if (v.has("Return") == v.has("Throw")) {
      throw invalid(
          "mocked response '"
              + name
              + "' invocation '"
              + key
              + "' needs exactly one of Return or Throw");
    }
    Mock m =
        v.has("Return")
            ? new Mock(v.get("Return"), null, null)
            : new Mock(
                null,
                v.get("Throw").path("Error").asText(null),
                v.get("Throw").path("Cause").asText(null));
    return new Range(from, to, m);
  }

  private static TerminalStepException invalid(String why) {
    return new TerminalStepException(ERROR, why);
  }

  public String testCase() {
    return testCase;
  }

  boolean mocks(String state) {
    return byState.containsKey(state);
  }

  /** The response for the n-th (0-based) invocation of a state; past the last range, the last. */
  Mock response(String state, int invocation) {
    List<Range> ranges = byState.get(state);
    Range last = null;
    for (Range r : ranges) {
      if (invocation >= r.from() && invocation <= r.to()) {
        return r.mock();
      }
      if (last == null || r.to() > last.to()) {
        last = r;
      }
    }
    return last.mock();
  }
}
