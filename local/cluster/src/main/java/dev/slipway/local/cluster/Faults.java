package dev.slipway.local.cluster;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.http.MockResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Faults the embedded API server answers with instead of serving a request: status codes with the
 * API server's own Status bodies (403, 409 field-manager conflicts, 422, 429, 5xx) and slow answers
 * that make a client time out. Each fault matches a method and a path fragment, for a number of
 * requests.
 */
public final class Faults {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<Rule> rules = new ArrayList<>();

  private static final class Rule {
    final String method;
    final String pathContains;
    final MockResponse response;
    final boolean writesOnly;
    int remaining;

    Rule(String method, String pathContains, MockResponse response, int times, boolean writesOnly) {
      this.method = method;
      this.pathContains = pathContains;
      this.response = response;
      this.remaining = times;
      this.writesOnly = writesOnly;
    }

    boolean matches(String requestMethod, String path) {
      return (method == null || method.equalsIgnoreCase(requestMethod))
          && path.contains(pathContains)
          && !(writesOnly && path.contains("dryRun="));
    }
  }

  /** Answers the next {@code times} matching requests with {@code code} and a Status body. */
  public Faults status(
      String method, String pathContains, int code, String reason, String message, int times) {
    return add(
        method, pathContains, ServerSideApplyDispatcher.status(code, reason, message), times);
  }

  /** 403 as the API server's authorizer gives it. */
  public Faults forbidden(String method, String pathContains, String user, int times) {
    return status(
        method,
        pathContains,
        403,
        "Forbidden",
        "deployments.apps \"web\" is forbidden: User \""
            + user
            + "\" cannot patch resource \"deployments\" in API group \"apps\" in the namespace \"shop\"",
        times);
  }

  /** 409 as server-side apply reports a field-manager conflict. */
  public Faults applyConflict(
      String pathContains, String otherManager, String apiVersion, List<String> fields, int times) {
    var body =
        JSON.createObjectNode()
            .put("kind", "Status")
            .put("apiVersion", "v1")
            .put("status", "Failure")
            .put(
                "message",
                "Apply failed with "
                    + fields.size()
                    + " conflict"
                    + (fields.size() == 1 ? "" : "s")
                    + ": conflict with \""
                    + otherManager
                    + "\" using "
                    + apiVersion
                    + ": "
                    + String.join(", ", fields))
            .put("reason", "Conflict")
            .put("code", 409);
    ObjectNode details = body.putObject("details");
    var causes = details.putArray("causes");
    for (var field : fields) {
      causes
          .addObject()
          .put("type", "FieldManagerConflict")
          .put("message", "conflict with \"" + otherManager + "\" using " + apiVersion)
          .put("field", field);
    }
    var response =
        new MockResponse()
            .setResponseCode(409)
            .setHeader("Content-Type", "application/json")
            .setBody(body.toString());
    return add("PATCH", pathContains, response, times);
  }

  /** Answers after {@code delay}: longer than the client's read timeout, it is a timeout. */
  public Faults slow(String method, String pathContains, Duration delay, int times) {
    return add(method, pathContains, slowAnswer(delay), times);
  }

  /**
   * Like {@link #slow} for server-side applies that write ({@code PATCH} without {@code dryRun}): a
   * diff's dry run goes through, the deploy's write times out.
   */
  public Faults slowApply(String pathContains, Duration delay, int times) {
    return add(new Rule("PATCH", pathContains, slowAnswer(delay), times, true));
  }

  private static MockResponse slowAnswer(Duration delay) {
    return new MockResponse()
        .setResponseCode(200)
        .setHeader("Content-Type", "application/json")
        .setBody("{}")
        .setBodyDelay(delay);
  }

  public synchronized Faults clear() {
    rules.clear();
    return this;
  }

  private Faults add(String method, String pathContains, MockResponse response, int times) {
    return add(new Rule(method, pathContains, response, times, false));
  }

  private synchronized Faults add(Rule rule) {
    rules.add(rule);
    return this;
  }

  synchronized MockResponse match(String method, String path) {
    for (var it = rules.iterator(); it.hasNext(); ) {
      var rule = it.next();
      if (rule.matches(method, path)) {
        if (--rule.remaining <= 0) {
          it.remove();
        }
        return rule.response;
      }
    }
    return null;
  }
}
