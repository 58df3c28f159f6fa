package dev.slipway.local.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.local.executor.Execution;
import dev.slipway.local.executor.ExecutionStatus;
import dev.slipway.local.executor.HistoryEvent;
import dev.slipway.local.executor.TaskTokens;
import dev.slipway.model.Json;
import dev.slipway.model.TerminalStepException;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;

/**
 * Step Functions' StartExecution, DescribeExecution, StopExecution, ListExecutions,
 * GetExecutionHistory, SendTaskSuccess and SendTaskFailure on the local executor, with Step
 * Functions' inputs, answers and error codes, for {@link LocalAwsEndpoint}.
 */
final class LocalStepFunctions {
  /** What Step Functions allows in an execution name: 1 to 80 characters, none of these. */
  private static final Pattern NAME = Pattern.compile("[^\\s<>{}\\[\\]?*\"#%\\\\^|~`$&,;:/]{1,80}");

  /** StopExecution's limits on the error and cause it records (Step Functions' API). */
  private static final int MAX_ERROR = 256;

  private static final int MAX_CAUSE = 32_768;

  /** The statuses ListExecutions filters on. */
  private static final List<String> STATUSES =
      List.of("RUNNING", "SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED", "PENDING_REDRIVE");

  /** The local page tokens: the offset of the next page, behind a prefix. */
  private static final String TOKEN_PREFIX = "slipway-local-page-";

  /** How long StopExecution waits (real time) for the execution to end before it answers. */
  private static final Duration STOP_WAIT = Duration.ofSeconds(30);

  private final LocalExecutionStarter starter;
  private final TaskTokens tokens;
  private final RandomGenerator random;

  LocalStepFunctions(LocalExecutionStarter starter, TaskTokens tokens, RandomGenerator random) {
    this.starter = starter;
    this.tokens = tokens;
    this.random = random;
  }

  ObjectNode startExecution(JsonNode in) {
    String arn = LocalAwsEndpoint.required(in, "stateMachineArn");
    if (!arn.equals(starter.stateMachineArn())) {
      throw new LocalAwsEndpoint.AwsError(
          "StateMachineDoesNotExist",
          "State Machine Does Not Exist: '"
              + arn
              + "' (this local endpoint runs "
              + starter.stateMachineArn()
              + ")");
    }
    String name =
        in.path("name").isTextual()
            ? in.path("name").asText()
            : new UUID(random.nextLong(), random.nextLong()).toString();
    if (!NAME.matcher(name).matches()) {
      throw new LocalAwsEndpoint.AwsError(
          "InvalidName",
          "Invalid Name: '" + name + "' (1 to 80 characters, no spaces, brackets or wildcards)");
    }
    String input = in.path("input").isTextual() ? in.path("input").asText() : "{}";
    try {
      Json.mapper().readTree(input);
    } catch (IOException e) {
      throw new LocalAwsEndpoint.AwsError(
          "InvalidExecutionInput", "Invalid State Machine Execution Input: not JSON text");
    }
    Execution e;
    try {
      e = starter.begin(name, input);
    } catch (TerminalStepException refused) {
      if (LocalExecutionStarter.ALREADY_EXISTS.equals(refused.errorName())) {
        throw new LocalAwsEndpoint.AwsError("ExecutionAlreadyExists", refused.causeText());
      }
      throw refused;
    }
    ObjectNode out = Json.mapper().createObjectNode();
    out.put("executionArn", e.executionArn());
    out.put("startDate", epochSeconds(e.startDate()));
    return out;
  }

  ObjectNode describeExecution(JsonNode in) {
    LocalExecutionStarter.Begun b = begun(in);
    Execution e = b.execution();
    ObjectNode out = Json.mapper().createObjectNode();
    out.put("executionArn", e.executionArn());
    out.put("stateMachineArn", starter.stateMachineArn());
    out.put("name", e.name());
    out.put("status", e.status().name());
    out.put("startDate", epochSeconds(e.startDate()));
    if (e.stopDate() != null) {
      out.put("stopDate", epochSeconds(e.stopDate()));
    }
    out.put("input", b.input());
    if (e.status() == ExecutionStatus.SUCCEEDED) {
      out.put("output", e.outputJson());
    }
    if (e.error() != null) {
      out.put("error", e.error());
    }
    if (e.cause() != null) {
      out.put("cause", e.cause());
    }
    return out;
  }

  /**
   * StopExecution: a running execution ends ABORTED with the given error and cause (either may be
   * absent), wherever it is (a Wait, a callback task, a Map iteration; a function call in progress
   * is let finish first, its result discarded). An execution that already ended is left as it is;
   * both answer with the stop date.
   */
  ObjectNode stopExecution(JsonNode in) {
    Execution e = begun(in).execution();
    String error = optional(in, "error", MAX_ERROR);
    String cause = optional(in, "cause", MAX_CAUSE);
    if (e.status() == ExecutionStatus.RUNNING) {
      e.stop(error, cause);
      e.await(STOP_WAIT);
    }
    if (e.stopDate() == null) {
      throw new LocalAwsEndpoint.AwsError(
          503,
          "ServiceUnavailable",
          "the execution is stopping once its current function call returns; DescribeExecution"
              + " shows ABORTED then");
    }
    ObjectNode out = Json.mapper().createObjectNode();
    out.put("stopDate", epochSeconds(e.stopDate()));
    return out;
  }

  /**
   * ListExecutions: the state machine's executions, newest first, optionally of one {@code
   * statusFilter}, a page of {@code maxResults} (1 to 1000; default 100) at a time with an opaque
   * {@code nextToken}.
   */
  ObjectNode listExecutions(JsonNode in) {
    String arn = LocalAwsEndpoint.required(in, "stateMachineArn");
    if (!arn.equals(starter.stateMachineArn())) {
      throw new LocalAwsEndpoint.AwsError(
          "StateMachineDoesNotExist", "State Machine Does Not Exist: '" + arn + "'");
    }
    String filter = optional(in, "statusFilter", 32);
    if (filter != null && !STATUSES.contains(filter)) {
      throw new LocalAwsEndpoint.AwsError(
          "ValidationException",
          "1 validation error detected: 'statusFilter' must be one of " + STATUSES);
    }
    List<ObjectNode> all = new ArrayList<>();
    for (LocalExecutionStarter.Begun b : starter.all()) {
      Execution e = b.execution();
      if (filter == null || e.status().name().equals(filter)) {
        ObjectNode item = Json.mapper().createObjectNode();
        item.put("executionArn", e.executionArn());
        item.put("stateMachineArn", starter.stateMachineArn());
        item.put("name", e.name());
        item.put("status", e.status().name());
        item.put("startDate", epochSeconds(e.startDate()));
        if (e.stopDate() != null) {
          item.put("stopDate", epochSeconds(e.stopDate()));
        }
        all.add(item);
      }
    }
    ObjectNode out = Json.mapper().createObjectNode();
    page(in, all, out.putArray("executions"), 100).ifPresent(next -> out.put("nextToken", next));
    return out;
  }

  /**
   * GetExecutionHistory: the execution's events as Step Functions gives them (dates in epoch
   * seconds), oldest first or with {@code reverseOrder} newest first, a page of {@code maxResults}
   * (1 to 1000; default 100) at a time; {@code includeExecutionData: false} leaves out inputs and
   * outputs.
   */
  ObjectNode getExecutionHistory(JsonNode in) {
    Execution e = begun(in).execution();
    boolean data =
        !in.path("includeExecutionData").isBoolean() || in.path("includeExecutionData").asBoolean();
    List<ObjectNode> events = new ArrayList<>();
    for (HistoryEvent h : e.history()) {
      ObjectNode event = h.toJson();
      event.put("timestamp", epochSeconds(h.timestamp()));
      if (!data) {
        event
            .fields()
            .forEachRemaining(
                f -> {
                  if (f.getKey().endsWith("EventDetails") && f.getValue() instanceof ObjectNode d) {
                    d.remove(List.of("input", "output", "inputDetails", "outputDetails"));
                  }
                });
      }
      events.add(event);
    }
    if (in.path("reverseOrder").asBoolean(false)) {
      Collections.reverse(events);
    }
    ObjectNode out = Json.mapper().createObjectNode();
    page(in, events, out.putArray("events"), 100).ifPresent(next -> out.put("nextToken", next));
    return out;
  }

  /**
   * Adds the page of {@code all} the request's {@code nextToken} and {@code maxResults} ask for (0
   * means the default) to {@code into}; the token of the next page, if any.
   */
  private static Optional<String> page(
      JsonNode in, List<ObjectNode> all, ArrayNode into, int defaultSize) {
    JsonNode max = in.path("maxResults");
    int size =
        max.isMissingNode() || max.isNull() || max.asInt() == 0 ? defaultSize : max.asInt(-1);
    if (!max.isMissingNode() && !max.isNull() && (!max.isInt() || size < 0 || size > 1000)) {
      throw new LocalAwsEndpoint.AwsError(
          "ValidationException",
          "1 validation error detected: 'maxResults' must be a number from 0 to 1000");
    }
    int from = 0;
    String token = optional(in, "nextToken", 1024);
    if (token != null) {
      from = offset(token);
      if (from < 0 || from > all.size()) {
        throw new LocalAwsEndpoint.AwsError(
            "InvalidToken", "Invalid Token: not one this endpoint gave");
      }
    }
    int to = Math.min(all.size(), from + size);
    all.subList(from, to).forEach(into::add);
    return to < all.size() ? Optional.of(TOKEN_PREFIX + to) : Optional.empty();
  }

  private static int offset(String token) {
    if (!token.startsWith(TOKEN_PREFIX)) {
      return -1;
    }
    try {
      return Integer.parseInt(token.substring(TOKEN_PREFIX.length()));
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** The execution named by the request's {@code executionArn}, or ExecutionDoesNotExist. */
  private LocalExecutionStarter.Begun begun(JsonNode in) {
    String arn = LocalAwsEndpoint.required(in, "executionArn");
    return starter
        .byArn(arn)
        .orElseThrow(
            () ->
                new LocalAwsEndpoint.AwsError(
                    "ExecutionDoesNotExist", "Execution Does Not Exist: '" + arn + "'"));
  }

  /** An optional text field of at most {@code max} characters (null when absent). */
  private static String optional(JsonNode in, String name, int max) {
    JsonNode v = in.get(name);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual() || v.asText().length() > max) {
      throw new LocalAwsEndpoint.AwsError(
          "ValidationException",
          "1 validation error detected: '"
              + name
              + "' must be text of at most "
              + max
              + " characters");
    }
    return v.asText();
  }

  ObjectNode sendTaskSuccess(JsonNode in) {
    String token = LocalAwsEndpoint.required(in, "taskToken");
    String output = LocalAwsEndpoint.required(in, "output");
    try {
      Json.mapper().readTree(output);
    } catch (IOException e) {
      throw new LocalAwsEndpoint.AwsError("InvalidOutput", "Invalid Output: not JSON text");
    }
    return answer(() -> tokens.sendTaskSuccess(token, output));
  }

  ObjectNode sendTaskFailure(JsonNode in) {
    String token = LocalAwsEndpoint.required(in, "taskToken");
    String error = in.path("error").isTextual() ? in.path("error").asText() : null;
    String cause = in.path("cause").isTextual() ? in.path("cause").asText() : null;
    return answer(() -> tokens.sendTaskFailure(token, error, cause));
  }

  private static ObjectNode answer(Runnable send) {
    try {
      send.run();
    } catch (TerminalStepException gone) {
      throw new LocalAwsEndpoint.AwsError("TaskDoesNotExist", gone.causeText());
    }
    return Json.mapper().createObjectNode();
  }

  /** Step Functions' dates: epoch seconds with a fraction (milliseconds). */
  static BigDecimal epochSeconds(Instant t) {
    return BigDecimal.valueOf(t.toEpochMilli()).movePointLeft(3);
  }
}
