package dev.slipway.local.executor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** Runs one execution of a validated definition. */
final class Interpreter {
  private static final String LAMBDA_INVOKE = "arn:aws:states:::lambda:invoke";
  private static final String CALLBACK = ".waitForTaskToken";
  private static final int INLINE_MAP_CONCURRENCY = 40;
  static final String INTERNAL_ERROR = "Slipway.Executor.InternalError";

  private final LocalExecutor executor;
  private final Execution execution;
  private final JsonNode definition;
  private final AtomicLong ids = new AtomicLong();
  private final Map<String, AtomicInteger> mockCounts =
      new java.util.concurrent.ConcurrentHashMap<>();
  private final Instant deadline;
  final Frame root;

  /** The whole execution ran past the machine's TimeoutSeconds. */
  static final class MachineTimeout extends RuntimeException {
    private static final long serialVersionUID = 1L;

    MachineTimeout() {
      super("timed out", null, false, false);
    }
  }

  private record Step(String next, JsonNode output) {}

  Interpreter(
      LocalExecutor executor,
      Execution execution,
      JsonNode definition,
      ObjectNode contextBase,
      Timeline time) {
    this.executor = executor;
    this.execution = execution;
    this.definition = definition;
    this.root = new Frame(null, contextBase, time, execution.cancel, 0);
    JsonNode t = definition.get("TimeoutSeconds");
    this.deadline = t == null ? null : time.now().plusSeconds(t.longValue());
  }

  // ---------------------------------------------------------------- history

  long event(Frame f, String type, ObjectNode details) {
    long id = ids.incrementAndGet();
    HistoryEvent e = new HistoryEvent(id, f.lastEvent, f.time.now(), type, details);
    execution.record(e);
    f.lastEvent = id;
    try {
      executor.listener.onEvent(execution, e);
    } catch (RuntimeException bad) {
      executor.log.accept("history listener failed on " + type + ": " + bad);
    }
    return id;
  }

  private static ObjectNode details(Object... kv) {
    ObjectNode o = JsonSupport.object();
    for (int i = 0; i < kv.length; i += 2) {
      Object v = kv[i + 1];
      if (v == null) {
        continue;
      }
      if (v instanceof JsonNode n) {
        o.set((String) kv[i], n);
      } else if (v instanceof Number n) {
        o.put((String) kv[i], n.longValue());
      } else {
        o.put((String) kv[i], v.toString());
      }
    }
    return o;
  }

  // ---------------------------------------------------------------- top level

  void run(JsonNode input) {
    Frame f = root;
    event(
        f,
        "ExecutionStarted",
        details("input", JsonSupport.compact(input), "roleArn", executor.roleArn));
    try {
      if (JsonSupport.size(input) > JsonSupport.MAX_PAYLOAD_BYTES) {
        throw StatesError.dataLimit(
            "The execution input exceeds the maximum number of bytes service limit.");
      }
      JsonNode out = runMachine(definition, input, f, jsonata(definition, false));
      event(f, "ExecutionSucceeded", details("output", JsonSupport.compact(out)));
      end(input, ExecutionStatus.SUCCEEDED, out, null, null);
    } catch (StatesError e) {
      event(f, "ExecutionFailed", details("error", e.error(), "cause", e.errorCause()));
      end(input, ExecutionStatus.FAILED, null, e.error(), e.errorCause());
    } catch (MachineTimeout e) {
      // it may have struck in a Map iteration or a branch, whose time the top level has not
      // joined: the execution ends at its deadline
      f.time.advanceVirtual(Duration.between(f.time.now(), deadline));
      event(f, "ExecutionTimedOut", details("error", StatesError.TIMEOUT));
      end(input, ExecutionStatus.TIMED_OUT, null, StatesError.TIMEOUT, null);
    } catch (Cancel.Cancelled e) {
      event(
          f,
          "ExecutionAborted",
          details("error", execution.abortError, "cause", execution.abortCause));
      end(input, ExecutionStatus.ABORTED, null, execution.abortError, execution.abortCause);
    } catch (RuntimeException | Error e) {
      // A bug in the executor must end the execution, never leave it RUNNING forever.
      String cause = "the local executor failed: " + e + " (please report it with the definition)";
      event(f, "ExecutionFailed", details("error", INTERNAL_ERROR, "cause", cause));
      end(input, ExecutionStatus.FAILED, null, INTERNAL_ERROR, cause);
    }
  }

  /** Ends the execution, then tells the status listeners (the local event bus). */
  private void end(
      JsonNode input, ExecutionStatus status, JsonNode output, String error, String cause) {
    Instant stop = root.time.now();
    execution.finish(status, output, error, cause, stop);
    try {
      publish(input, status, output, error, cause, stop);
    } finally {
      execution.settle();
    }
  }

  private void publish(
      JsonNode input,
      ExecutionStatus status,
      JsonNode output,
      String error,
      String cause,
      Instant stop) {
    ExecutionStatusChange change =
        new ExecutionStatusChange(
            new UUID(executor.random.nextLong(), executor.random.nextLong()).toString(),
            executor.region,
            executor.accountId,
            execution.executionArn(),
            executor.stateMachineArn(),
            execution.name(),
            status,
            execution.startDate(),
            stop,
            JsonSupport.compact(input),
            output == null ? null : JsonSupport.compact(output),
            error,
            cause);
    for (ExecutionStatusListener l : executor.statusListeners) {
      try {
        l.onStatusChange(change);
      } catch (RuntimeException bad) {
        executor.log.accept(
            "status listener failed on " + status + " of " + execution.name() + ": " + bad);
      }
    }
  }

  private static boolean jsonata(JsonNode node, boolean inherited) {
    JsonNode q = node.get("QueryLanguage");
    return q == null ? inherited : "JSONata".equals(q.textValue());
  }

  JsonNode runMachine(JsonNode machine, JsonNode input, Frame f, boolean machineJsonata) {
    String name = machine.get("StartAt").textValue();
    JsonNode states = machine.get("States");
    JsonNode cur = input;
    while (true) {
      f.cancel.check();
      checkDeadline(f);
      JsonNode st = states.get(name);
      Step step = execute(name, st, cur, f, jsonata(st, machineJsonata));
      if (step.next() == null) {
        return step.output();
      }
      name = step.next();
      cur = step.output();
    }
  }

  /**
   * Holds a virtual Wait back until the executor's {@link WaitPacer} lets it go; returns how long
   * the Wait then lasts ({@code d}, or up to the time the pacer says it must reach).
   */
  private Duration pace(String name, JsonNode input, Duration d, Frame f) {
    WaitPacer pacer = executor.waitPacer;
    if (pacer == null || f.time.real() || d.isNegative() || d.isZero()) {
      return d;
    }
    WaitPacer.Pace pace = pacer.begin(execution, name, input, d);
    while (!pace.ready()) {
      f.cancel.check();
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new Cancel.Cancelled();
      }
    }
    Instant atLeast = pace.atLeast();
    Instant now = f.time.now();
    return atLeast != null && atLeast.isAfter(now.plus(d)) ? Duration.between(now, atLeast) : d;
  }

  private void checkDeadline(Frame f) {
    if (deadline != null && f.time.now().isAfter(deadline)) {
      throw new MachineTimeout();
    }
  }

  /**
   * Waits {@code d} (a Wait state, a retry's back-off); when the machine's TimeoutSeconds passes
   * first, waits only until then and ends the execution TIMED_OUT.
   */
  private void sleepWithinDeadline(Duration d, Frame f) {
    Duration left = untilDeadline(f);
    if (left != null && d.compareTo(left) > 0) {
      f.time.sleep(left, f.cancel);
      throw new MachineTimeout();
    }
    f.time.sleep(d, f.cancel);
  }

  private Duration untilDeadline(Frame f) {
    return deadline == null ? null : Duration.between(f.time.now(), deadline);
  }

  // ---------------------------------------------------------------- states

  private Step execute(String name, JsonNode st, JsonNode input, Frame f, boolean jsonata) {
    String type = st.get("Type").textValue();
    long entered =
        event(f, type + "StateEntered", details("name", name, "input", JsonSupport.compact(input)));
    f.stateName = name;
    f.enteredTime = f.time.now();
    f.enteredEventId = entered;
    f.retryCount = null;
    f.token = null;
    try {
      Step step =
          switch (type) {
            case "Pass" -> pass(name, st, input, f, jsonata);
            case "Choice" -> choice(st, input, f, jsonata);
            case "Wait" -> waitState(name, st, input, f, jsonata);
            case "Succeed" -> succeed(st, input, f, jsonata);
            case "Fail" -> fail(st, input, f, jsonata);
            case "Task", "Parallel", "Map" -> withRetryAndCatch(name, type, st, input, f, jsonata);
            default -> throw new IllegalStateException("unknown state type " + type);
          };
      String output = JsonSupport.compact(step.output());
      if (oversized(output)) {
        throw StatesError.dataLimit(tooBig(name));
      }
      event(f, type + "StateExited", details("name", name, "output", output));
      return step;
    } catch (RuntimeFailure rf) {
      String cause =
          rf.prefixed()
              ? "An error occurred while executing the state '"
                  + name
                  + "' (entered at the event id #"
                  + entered
                  + "). "
                  + rf.getMessage()
              : rf.getMessage();
      throw new StatesError(rf.error(), cause);
    }
  }

  private static Step next(JsonNode st, JsonNode output) {
    JsonNode n = st.get("Next");
    return new Step(n == null ? null : n.textValue(), output);
  }

  // ---- data flow helpers (JSONPath)

  private static JsonNode inputPath(JsonNode st, JsonNode raw, Frame f) {
    return selectPath(st, "InputPath", raw, f);
  }

  private static JsonNode selectPath(JsonNode st, String field, JsonNode value, Frame f) {
    if (!st.has(field)) {
      return value;
    }
    JsonNode p = st.get(field);
    if (p.isNull()) {
      return JsonSupport.object();
    }
    return readOrInvalid(p.textValue(), value, f);
  }

  /**
   * Reads a path; a miss is AWS's "Invalid path '
   *
   * <p>' : <Jayway message>" runtime error.
   */
  private static JsonNode readOrInvalid(String path, JsonNode value, Frame f) {
    try {
      return JsonPaths.read(path, value, f);
    } catch (JsonPaths.PathMissing e) {
      throw new RuntimeFailure("Invalid path '" + path + "' : " + e.getMessage());
    }
  }

  private static JsonNode resultPath(JsonNode st, JsonNode raw, JsonNode result) {
    if (!st.has("ResultPath")) {
      return result;
    }
    JsonNode p = st.get("ResultPath");
    if (p.isNull()) {
      return raw;
    }
    try {
      return JsonPaths.put(raw, p.textValue(), result);
    } catch (IllegalStateException e) {
      throw new RuntimeFailure(
          "Invalid path '"
              + p.textValue()
              + "' : Unable to apply ResultPath to the input '"
              + JsonSupport.compact(raw)
              + "': "
              + e.getMessage());
    }
  }

  private Intrinsics.Env env(JsonNode input, Frame f) {
    return new Intrinsics.Env(input, f, executor.random, null);
  }

  private JsonNode template(JsonNode tpl, JsonNode input, Frame f) {
    return Templates.evaluate(tpl, env(input, f));
  }

  /** JSONPath Assign: evaluated against {@code value}, applied after the state's other work. */
  private Map<String, JsonNode> assignJsonPath(JsonNode st, JsonNode value, Frame f) {
    JsonNode a = st.get("Assign");
    if (a == null) {
      return Map.of();
    }
    JsonNode out = template(a, value, f);
    Map<String, JsonNode> m = new LinkedHashMap<>();
    out.properties().iterator().forEachRemaining(e -> m.put(e.getKey(), e.getValue()));
    return m;
  }

  // ---- JSONata helpers

  private JsonataEngine.Bindings bindings(
      Frame f, JsonNode input, JsonNode result, JsonNode errorOutput) {
    ObjectNode states = JsonSupport.object();
    states.set("input", input);
    if (result != null) {
      states.set("result", result);
    }
    if (errorOutput != null) {
      states.set("errorOutput", errorOutput);
    }
    states.set("context", f.contextObject());
    return new JsonataEngine.Bindings(states, f, f.visibleVariables(), executor.random);
  }

  private static JsonNode jsonataField(JsonNode st, String field, JsonataEngine.Bindings b) {
    JsonNode v = st.get(field);
    return v == null ? null : JsonataEngine.template(v, b, field);
  }

  private static Map<String, JsonNode> assignJsonata(JsonNode holder, JsonataEngine.Bindings b) {
    JsonNode a = holder.get("Assign");
    if (a == null) {
      return Map.of();
    }
    Map<String, JsonNode> m = new LinkedHashMap<>();
    a.properties()
        .iterator()
        .forEachRemaining(
            e ->
                m.put(e.getKey(), JsonataEngine.template(e.getValue(), b, "Assign/" + e.getKey())));
    return m;
  }

  // ---- Pass, Succeed, Fail, Choice, Wait

  private Step pass(String name, JsonNode st, JsonNode raw, Frame f, boolean jsonata) {
    if (jsonata) {
      JsonataEngine.Bindings b = bindings(f, raw, null, null);
      JsonNode out = st.has("Output") ? jsonataField(st, "Output", b) : raw;
      Map<String, JsonNode> assign = assignJsonata(st, b);
      limit(out, name);
      f.assign(assign);
      return next(st, out);
    }
    JsonNode eff = inputPath(st, raw, f);
    JsonNode result;
    if (st.has("Result")) {
      result = st.get("Result");
    } else if (st.has("Parameters")) {
      result = template(st.get("Parameters"), eff, f);
    } else {
      result = eff;
    }
    limit(result, name);
    Map<String, JsonNode> assign = assignJsonPath(st, result, f);
    JsonNode out = selectPath(st, "OutputPath", resultPath(st, raw, result), f);
    f.assign(assign);
    return next(st, out);
  }

  /** A result over 256 KiB: terminal {@code States.DataLimitExceeded} naming {@code who}. */
  private static void limit(JsonNode result, String who) {
    if (oversized(result)) {
      throw StatesError.dataLimit(tooBig(who));
    }
  }

  /**
   * An input over 256 KiB (a task's input after Parameters/Arguments, a branch's or iteration's
   * input): terminal {@code States.DataLimitExceeded} naming the state. The cause text is
   * [inferred]: AWS's recordings only show the result form.
   */
  private static void limitInput(JsonNode input, String state) {
    if (oversized(input)) {
      throw StatesError.dataLimit(
          "The state/task '"
              + state
              + "' has an input with a size exceeding the maximum number of bytes service limit.");
    }
  }

  /** Whether the UTF-8 bytes of the compact JSON exceed 256 KiB (262,144 bytes). */
  private static boolean oversized(JsonNode value) {
    return oversized(JsonSupport.compact(value));
  }

  private static boolean oversized(String compactJson) {
    // a UTF-8 char is at most 4 bytes (a surrogate pair is 2 chars, 4 bytes): short text is small
    return compactJson.length() > JsonSupport.MAX_PAYLOAD_BYTES / 4
        && compactJson.getBytes(StandardCharsets.UTF_8).length > JsonSupport.MAX_PAYLOAD_BYTES;
  }

  private static String tooBig(String who) {
    return "The state/task '"
        + who
        + "' returned a result with a size exceeding the maximum number of bytes service limit.";
  }

  private Step succeed(JsonNode st, JsonNode raw, Frame f, boolean jsonata) {
    if (jsonata) {
      JsonataEngine.Bindings b = bindings(f, raw, null, null);
      return new Step(null, st.has("Output") ? jsonataField(st, "Output", b) : raw);
    }
    JsonNode eff = inputPath(st, raw, f);
    return new Step(null, selectPath(st, "OutputPath", eff, f));
  }

  private Step fail(JsonNode st, JsonNode raw, Frame f, boolean jsonata) {
    String error;
    String cause;
    if (jsonata) {
      JsonataEngine.Bindings b = bindings(f, raw, null, null);
      error = text(jsonataField(st, "Error", b));
      cause = text(jsonataField(st, "Cause", b));
    } else {
      error = failField(st, "Error", raw, f);
      cause = failField(st, "Cause", raw, f);
    }
    throw new StatesError(error, cause);
  }

  private static String text(JsonNode n) {
    return n == null || n.isNull() ? null : n.isTextual() ? n.textValue() : JsonSupport.compact(n);
  }

  private String failField(JsonNode st, String field, JsonNode raw, Frame f) {
    if (st.has(field)) {
      return st.get(field).textValue();
    }
    JsonNode p = st.get(field + "Path");
    if (p == null) {
      return null;
    }
    String expr = p.textValue();
    if (Intrinsics.looksLikeCall(expr)) {
      return text(
          Intrinsics.evaluate(expr, new Intrinsics.Env(raw, f, executor.random, field + "Path")));
    }
    try {
      return text(JsonPaths.read(expr, raw, f));
    } catch (JsonPaths.PathMissing e) {
      throw new RuntimeFailure(
          "The JSONPath '"
              + expr
              + "' specified for the field '"
              + field
              + "Path' could not be found in the input '"
              + JsonSupport.compact(expr.startsWith("$$") ? f.contextObject() : raw)
              + "'");
    }
  }

  private Step choice(JsonNode st, JsonNode raw, Frame f, boolean jsonata) {
    if (jsonata) {
      JsonataEngine.Bindings b = bindings(f, raw, null, null);
      for (JsonNode rule : st.get("Choices")) {
        JsonNode cond = rule.get("Condition");
        JsonNode v =
            JsonataEngine.isExpression(cond)
                ? JsonataEngine.evaluate(cond.textValue(), b, "Condition")
                : cond;
        if (!v.isBoolean()) {
          throw unexpectedType(cond.asText(), "Condition", "boolean", v);
        }
        if (v.booleanValue()) {
          return choiceOutcome(rule, rule.get("Next").textValue(), raw, b, f);
        }
      }
      if (st.has("Default")) {
        return choiceOutcome(st, st.get("Default").textValue(), raw, b, f);
      }
      throw noChoice();
    }
    JsonNode eff = inputPath(st, raw, f);
    for (JsonNode rule : st.get("Choices")) {
      if (ChoiceRules.evaluate(rule, eff, f)) {
        Map<String, JsonNode> assign = assignJsonPath(rule, eff, f);
        JsonNode out = selectPath(st, "OutputPath", eff, f);
        f.assign(assign);
        return new Step(rule.get("Next").textValue(), out);
      }
    }
    if (st.has("Default")) {
      Map<String, JsonNode> assign = assignJsonPath(st, eff, f);
      JsonNode out = selectPath(st, "OutputPath", eff, f);
      f.assign(assign);
      return new Step(st.get("Default").textValue(), out);
    }
    throw noChoice();
  }

  private static RuntimeFailure noChoice() {
    return new RuntimeFailure("States.NoChoiceMatched", "No Matches!", false);
  }

  private Step choiceOutcome(
      JsonNode holder, String next, JsonNode raw, JsonataEngine.Bindings b, Frame f) {
    JsonNode out = holder.has("Output") ? jsonataField(holder, "Output", b) : raw;
    f.assign(assignJsonata(holder, b));
    return new Step(next, out);
  }

  private static RuntimeFailure unexpectedType(
      String expression, String field, String expected, JsonNode value) {
    return JsonataEngine.failed(
        JsonataEngine.body(expression),
        field,
        "returned an unexpected result type. Expected '"
            + expected
            + "', but was '"
            + typeName(value)
            + "' for value: "
            + JsonSupport.compact(value));
  }

  static String typeName(JsonNode v) {
    return switch (v.getNodeType()) {
      case ARRAY -> "array";
      case OBJECT -> "object";
      case NUMBER -> "number";
      case STRING -> "string";
      case BOOLEAN -> "boolean";
      default -> "null";
    };
  }

  private Step waitState(String name, JsonNode st, JsonNode raw, Frame f, boolean jsonata) {
    JsonataEngine.Bindings b = jsonata ? bindings(f, raw, null, null) : null;
    JsonNode eff = jsonata ? raw : inputPath(st, raw, f);
    Instant now = f.time.now();
    Instant until;
    if (st.has("Seconds")) {
      JsonNode s = st.get("Seconds");
      if (jsonata && JsonataEngine.isExpression(s)) {
        s = JsonataEngine.evaluate(s.textValue(), b, "Seconds");
        if (!s.isIntegralNumber() || s.longValue() < 0) {
          throw unexpectedType(st.get("Seconds").textValue(), "Seconds", "integer", s);
        }
      }
      until = now.plusSeconds(s.longValue());
    } else if (st.has("SecondsPath")) {
      String p = st.get("SecondsPath").textValue();
      JsonNode v;
      try {
        v = JsonPaths.read(p, eff, f);
      } catch (JsonPaths.PathMissing e) {
        throw new RuntimeFailure(
            "The SecondsPath parameter does not reference an input value: " + p);
      }
      if (!v.isNumber()
          || (!v.isIntegralNumber() && v.decimalValue().stripTrailingZeros().scale() > 0)) {
        throw new RuntimeFailure(
            "The SecondsPath parameter cannot be parsed as a long value: "
                + p
                + " == "
                + JsonSupport.compact(v));
      }
      if (v.longValue() < 0) {
        throw new RuntimeFailure(
            "The SecondsPath parameter references a negative value: " + p + " == " + v.longValue());
      }
      until = now.plusSeconds(v.longValue());
    } else if (st.has("Timestamp")) {
      JsonNode t = st.get("Timestamp");
      if (jsonata && JsonataEngine.isExpression(t)) {
        t = JsonataEngine.evaluate(t.textValue(), b, "Timestamp");
      }
      OffsetDateTime odt = t.isTextual() ? Values.timestamp(t.textValue()) : null;
      if (odt == null) {
        throw RuntimeFailure.query(
            "The Timestamp field cannot be parsed as an ISO-8601 extended offset date-time format string: "
                + text(t));
      }
      until = odt.toInstant();
    } else {
      String p = st.get("TimestampPath").textValue();
      JsonNode v;
      try {
        v = JsonPaths.read(p, eff, f);
      } catch (JsonPaths.PathMissing e) {
        throw new RuntimeFailure(
            "The TimestampPath parameter does not reference an input value: " + p);
      }
      OffsetDateTime odt = v.isTextual() ? Values.timestamp(v.textValue()) : null;
      if (odt == null) {
        throw new RuntimeFailure(
            "The TimestampPath parameter does not reference a valid ISO-8601 extended offset date-time format string: "
                + p
                + " == "
                + (v.isTextual() ? v.textValue() : JsonSupport.compact(v)));
      }
      until = odt.toInstant();
    }
    Duration d = Duration.between(now, until);
    if (d.getSeconds() > Integer.MAX_VALUE) {
      throw new RuntimeFailure("Wait state delay is too long.");
    }
    sleepWithinDeadline(pace(name, raw, d, f), f);
    if (jsonata) {
      JsonataEngine.Bindings after = bindings(f, raw, null, null);
      JsonNode out = st.has("Output") ? jsonataField(st, "Output", after) : raw;
      f.assign(assignJsonata(st, after));
      return next(st, out);
    }
    Map<String, JsonNode> assign = assignJsonPath(st, eff, f);
    JsonNode out = selectPath(st, "OutputPath", eff, f);
    f.assign(assign);
    return next(st, out);
  }

  // ---------------------------------------------------------------- Task / Parallel / Map

  private interface Body {
    JsonNode run(JsonNode effective, int attempt);
  }

  private Step withRetryAndCatch(
      String name, String type, JsonNode st, JsonNode raw, Frame f, boolean jsonata) {
    JsonNode effective = jsonata ? raw : inputPath(st, raw, f);
    Body body =
        switch (type) {
          case "Task" -> (eff, attempt) -> task(name, st, raw, eff, f, jsonata);
          case "Parallel" -> (eff, attempt) -> parallel(name, st, raw, eff, f, jsonata);
          default -> (eff, attempt) -> map(name, st, raw, eff, f, jsonata);
        };
    JsonNode retriers = st.path("Retry");
    int[] counts = new int[retriers.size()];
    int attempt = 0;
    while (true) {
      f.retryCount = attempt;
      JsonNode result;
      try {
        result = body.run(effective, attempt);
      } catch (StatesError e) {
        if (e.terminal()) {
          throw e;
        }
        int r = firstMatch(retriers, e.error());
        if (r >= 0) {
          JsonNode retrier = retriers.get(r);
          int max = retrier.path("MaxAttempts").asInt(3);
          if (counts[r] < max) {
            counts[r]++;
            sleepWithinDeadline(backoff(retrier, counts[r]), f);
            attempt++;
            continue;
          }
        }
        int c = firstMatch(st.path("Catch"), e.error());
        if (c < 0) {
          throw e.escaping();
        }
        return caught(st.get("Catch").get(c), raw, e, f, jsonata);
      }
      if (!"Task".equals(type)) {
        limit(result, name); // a Map's or Parallel's result array, before ResultSelector
      }
      return finish(name, st, raw, result, f, jsonata);
    }
  }

  private Duration backoff(JsonNode retrier, int k) {
    double interval = retrier.path("IntervalSeconds").asDouble(1);
    double rate = retrier.path("BackoffRate").asDouble(2.0);
    double d = interval * Math.pow(rate, k - 1);
    if (retrier.has("MaxDelaySeconds")) {
      d = Math.min(d, retrier.get("MaxDelaySeconds").asDouble());
    }
    if ("FULL".equals(retrier.path("JitterStrategy").asText("NONE"))) {
      d = executor.random.nextDouble() * d;
    }
    return Duration.ofNanos((long) (d * 1e9));
  }

  static int firstMatch(JsonNode list, String error) {
    for (int i = 0; i < list.size(); i++) {
      for (JsonNode e : list.get(i).path("ErrorEquals")) {
        String name = e.textValue();
        if (name.equals("States.ALL")
            || name.equals(error)
            || (name.equals("States.TaskFailed") && !StatesError.TIMEOUT.equals(error))
            || (name.equals("States.HeartbeatTimeout") && StatesError.TIMEOUT.equals(error))) {
          return i;
        }
      }
    }
    return -1;
  }

  private Step caught(JsonNode catcher, JsonNode raw, StatesError e, Frame f, boolean jsonata) {
    ObjectNode errorOutput = JsonSupport.object();
    errorOutput.put("Error", e.error());
    String cause = e.errorCause();
    if (cause == null && StatesError.TIMEOUT.equals(e.error())) {
      cause = "";
    }
    errorOutput.put("Cause", cause);
    JsonNode out;
    if (jsonata) {
      JsonataEngine.Bindings b = bindings(f, raw, null, errorOutput);
      out = catcher.has("Output") ? jsonataField(catcher, "Output", b) : errorOutput;
      f.assign(assignJsonata(catcher, b));
    } else {
      Map<String, JsonNode> assign = assignJsonPath(catcher, errorOutput, f);
      out = resultPath(catcher, raw, errorOutput);
      f.assign(assign);
    }
    return new Step(catcher.get("Next").textValue(), out);
  }

  private Step finish(
      String name, JsonNode st, JsonNode raw, JsonNode result, Frame f, boolean jsonata) {
    if (jsonata) {
      JsonataEngine.Bindings b = bindings(f, raw, result, null);
      JsonNode out = st.has("Output") ? jsonataField(st, "Output", b) : result;
      f.assign(assignJsonata(st, b));
      return next(st, out);
    }
    JsonNode selected =
        st.has("ResultSelector") ? template(st.get("ResultSelector"), result, f) : result;
    Map<String, JsonNode> assign = assignJsonPath(st, selected, f);
    JsonNode out = selectPath(st, "OutputPath", resultPath(st, raw, selected), f);
    f.assign(assign);
    return next(st, out);
  }

  // ---- Task

  private long seconds(
      JsonNode st, String field, JsonNode eff, Frame f, JsonataEngine.Bindings b, long dflt) {
    JsonNode v = st.get(field);
    if (v != null) {
      if (b != null && JsonataEngine.isExpression(v)) {
        v = JsonataEngine.evaluate(v.textValue(), b, field);
        if (!v.isIntegralNumber() || v.longValue() <= 0) {
          throw unexpectedType(st.get(field).textValue(), field, "integer", v);
        }
      }
      return v.longValue();
    }
    JsonNode p = st.get(field + "Path");
    if (p != null) {
      JsonNode n = readOrInvalid(p.textValue(), eff, f);
      if (!n.isIntegralNumber() || n.longValue() <= 0) {
        throw new RuntimeFailure(
            "The "
                + field
                + "Path parameter references an invalid value: "
                + p.textValue()
                + " == "
                + JsonSupport.compact(n));
      }
      return n.longValue();
    }
    return dflt;
  }

  private JsonNode task(
      String name, JsonNode st, JsonNode raw, JsonNode eff, Frame f, boolean jsonata) {
    String resource = st.get("Resource").textValue();
    boolean callback = resource.endsWith(CALLBACK);
    String base =
        callback ? resource.substring(0, resource.length() - CALLBACK.length()) : resource;
    JsonataEngine.Bindings b0 = jsonata ? bindings(f, raw, null, null) : null;
    long timeout = seconds(st, "TimeoutSeconds", eff, f, b0, 99_999_999L);
    Long heartbeat =
        st.has("HeartbeatSeconds") || st.has("HeartbeatSecondsPath")
            ? seconds(st, "HeartbeatSeconds", eff, f, b0, 0)
            : null;
    TaskTokens.Pending pending = null;
    if (callback) {
      f.token = new UUID(executor.random.nextLong(), executor.random.nextLong()).toString();
      pending = executor.tokens.register(f.token);
      pending.time = f.time;
    }
    try {
      JsonNode taskInput;
      if (jsonata) {
        JsonataEngine.Bindings b = bindings(f, raw, null, null);
        taskInput = st.has("Arguments") ? jsonataField(st, "Arguments", b) : raw;
      } else {
        taskInput = st.has("Parameters") ? template(st.get("Parameters"), eff, f) : eff;
      }
      limitInput(taskInput, name);
      boolean lambdaArn =
          base.startsWith("arn:aws:lambda:") || (base.startsWith("${") && base.endsWith("}"));
      boolean lambdaInvoke = base.equals(LAMBDA_INVOKE);
      String prefix = lambdaArn ? "LambdaFunction" : "Task";
      String resourceType = lambdaInvoke ? "lambda" : serviceOf(base);
      String resourceName =
          lambdaInvoke
              ? (callback ? "invoke.waitForTaskToken" : "invoke")
              : actionOf(base) + (callback ? CALLBACK : "");
      if (lambdaArn) {
        event(
            f,
            "LambdaFunctionScheduled",
            details(
                "resource",
                base,
                "input",
                JsonSupport.compact(taskInput),
                "timeoutInSeconds",
                st.has("TimeoutSeconds") ? timeout : null));
        event(f, "LambdaFunctionStarted", null);
      } else {
        event(
            f,
            "TaskScheduled",
            details(
                "resourceType",
                resourceType,
                "resource",
                resourceName,
                "region",
                executor.region,
                "parameters",
                JsonSupport.compact(taskInput),
                "timeoutInSeconds",
                st.has("TimeoutSeconds") ? timeout : null,
                "heartbeatInSeconds",
                heartbeat));
        event(f, "TaskStarted", details("resourceType", resourceType, "resource", resourceName));
      }
      Instant started = f.time.now();
      JsonNode result;
      try {
        result = callResource(name, base, lambdaArn, lambdaInvoke, callback, taskInput, timeout, f);
        if (callback) {
          event(
              f,
              "TaskSubmitted",
              details(
                  "resourceType",
                  resourceType,
                  "resource",
                  resourceName,
                  "output",
                  JsonSupport.compact(result)));
          result = awaitToken(pending, started, timeout, heartbeat, f);
        }
        String who = lambdaInvoke ? "lambda" : lambdaArn ? base : name;
        if (oversized(result)) {
          // handled by this task's own Retry/Catch (AWS-rec), terminal past it (escaping())
          throw new StatesError(StatesError.DATA_LIMIT, tooBig(who));
        }
      } catch (StatesError e) {
        String outcome = StatesError.TIMEOUT.equals(e.error()) ? "TimedOut" : "Failed";
        event(
            f,
            prefix + outcome,
            taskDetails(
                lambdaArn,
                resourceType,
                resourceName,
                "error",
                e.error(),
                "cause",
                e.errorCause()));
        throw e;
      }
      event(
          f,
          prefix + "Succeeded",
          taskDetails(
              lambdaArn, resourceType, resourceName, "output", JsonSupport.compact(result)));
      return result;
    } finally {
      if (callback) {
        executor.tokens.release(f.token);
        f.token = null;
      }
    }
  }

  /** Lambda* events carry only the values; Task* events also name the resource. */
  private static ObjectNode taskDetails(
      boolean lambdaArn, String resourceType, String resourceName, Object... kv) {
    if (lambdaArn) {
      return details(kv);
    }
    Object[] all = new Object[kv.length + 4];
    all[0] = "resourceType";
    all[1] = resourceType;
    all[2] = "resource";
    all[3] = resourceName;
    System.arraycopy(kv, 0, all, 4, kv.length);
    return details(all);
  }

  private static String serviceOf(String arn) {
    if (arn.startsWith("arn:aws:states:::")) {
      String rest = arn.substring("arn:aws:states:::".length());
      int c = rest.indexOf(':');
      return c < 0 ? rest : rest.substring(0, c);
    }
    return "activity";
  }

  private static String actionOf(String arn) {
    if (arn.startsWith("arn:aws:states:::")) {
      String rest = arn.substring("arn:aws:states:::".length());
      int c = rest.indexOf(':');
      return c < 0 ? rest : rest.substring(c + 1);
    }
    return arn;
  }

  private JsonNode callResource(
      String state,
      String base,
      boolean lambdaArn,
      boolean lambdaInvoke,
      boolean callback,
      JsonNode taskInput,
      long timeoutSeconds,
      Frame f) {
    if (executor.mocks != null && executor.mocks.mocks(state)) {
      int n = mockCounts.computeIfAbsent(state, k -> new AtomicInteger()).getAndIncrement();
      MockConfig.Mock m = executor.mocks.response(state, n);
      if (m.result() == null) {
        throw new StatesError(m.error(), m.cause());
      }
      if (callback) {
        executor.tokens.sendTaskSuccess(f.token, JsonSupport.compact(m.result()));
      }
      return m.result();
    }
    String function;
    JsonNode payload;
    if (lambdaInvoke) {
      JsonNode fn = taskInput.get("FunctionName");
      if (fn == null || !fn.isTextual()) {
        throw new StatesError(
            "States.Runtime", "The field 'FunctionName' is required by " + LAMBDA_INVOKE);
      }
      function = FunctionBindings.functionName(fn.textValue());
      JsonNode p = taskInput.get("Payload");
      payload = p == null || p.isNull() ? JsonSupport.object() : p;
    } else if (lambdaArn) {
      function = FunctionBindings.functionName(base);
      payload = taskInput;
    } else {
      function = base;
      payload = taskInput;
    }
    FunctionBindings.Bound handler = executor.functions.find(base, function);
    if (handler == null) {
      if (lambdaInvoke || lambdaArn) {
        throw new StatesError(
            "Lambda.ResourceNotFoundException",
            "Function not found: "
                + FunctionBindings.arn(function, executor.region, executor.accountId)
                + " (Service: AWSLambda; Status Code: 404; Error Code: ResourceNotFoundException; Request ID: "
                + UUID.randomUUID()
                + "; Proxy: null) [slipway: no handler is bound to the function '"
                + function
                + "'; bind one with --function "
                + function
                + "=fully.qualified.Handler or LocalExecutor.builder().function(\""
                + function
                + "\", handler)]");
      }
      throw new StatesError(
          "Slipway.Executor.UnboundResource",
          "no handler is bound to the resource '"
              + base
              + "' and the mock config does not mock the state '"
              + state
              + "': bind one with --function '"
              + base
              + "=fully.qualified.Handler' or LocalExecutor.builder().function(\""
              + base
              + "\", handler), or mock the state");
    }
    Duration limit = Duration.ofSeconds(timeoutSeconds);
    Duration left = untilDeadline(f);
    boolean machineBound = left != null && left.compareTo(limit) < 0;
    if (machineBound) {
      limit = left.isNegative() ? Duration.ZERO : left;
    }
    byte[] response;
    long t0 = System.nanoTime();
    try {
      response =
          invokeBounded(
              handler,
              function,
              JsonSupport.compact(payload).getBytes(StandardCharsets.UTF_8),
              limit,
              timeoutSeconds < 99_999_999L || machineBound,
              f);
    } catch (TimeoutException e) {
      f.time.advanceVirtual(Duration.ofNanos(System.nanoTime() - t0));
      if (machineBound) {
        throw new MachineTimeout();
      }
      throw new StatesError(StatesError.TIMEOUT, null);
    } catch (HandlerFailure hf) {
      String type = hf.errorType() == null ? "Lambda.Unknown" : hf.errorType();
      String cause = lambdaArn ? hf.spacedPayload() : JsonSupport.compact(hf.payload());
      throw new StatesError(type, cause);
    }
    JsonNode value;
    String text = new String(response, StandardCharsets.UTF_8);
    try {
      value = text.isBlank() ? NullNode.getInstance() : JsonSupport.parse(text);
    } catch (IllegalArgumentException e) {
      value = TextNode.valueOf(text);
    }
    if (!lambdaInvoke) {
      return value;
    }
    String requestId = UUID.randomUUID().toString();
    ObjectNode wrapper = JsonSupport.object();
    wrapper.put("ExecutedVersion", "$LATEST");
    wrapper.set("Payload", value);
    ObjectNode http = wrapper.putObject("SdkHttpMetadata");
    ObjectNode all = http.putObject("AllHttpHeaders");
    all.putArray("X-Amz-Executed-Version").add("$LATEST");
    all.putArray("x-amzn-Remapped-Content-Length").add("0");
    all.putArray("Connection").add("keep-alive");
    all.putArray("x-amzn-RequestId").add(requestId);
    all.putArray("Content-Length").add(String.valueOf(response.length));
    all.putArray("Content-Type").add("application/json");
    ObjectNode headers = http.putObject("HttpHeaders");
    headers.put("Connection", "keep-alive");
    headers.put("Content-Length", String.valueOf(response.length));
    headers.put("Content-Type", "application/json");
    headers.put("X-Amz-Executed-Version", "$LATEST");
    headers.put("x-amzn-Remapped-Content-Length", "0");
    headers.put("x-amzn-RequestId", requestId);
    http.put("HttpStatusCode", 200);
    wrapper.putObject("SdkResponseMetadata").put("RequestId", requestId);
    wrapper.put("StatusCode", 200);
    return wrapper;
  }

  private byte[] invokeBounded(
      FunctionBindings.Bound handler,
      String function,
      byte[] payload,
      Duration limit,
      boolean bounded,
      Frame f)
      throws HandlerFailure, TimeoutException {
    String requestId = UUID.randomUUID().toString();
    LocalContext ctx =
        new LocalContext(
            requestId,
            function,
            FunctionBindings.arn(function, executor.region, executor.accountId),
            bounded ? limit : Duration.ofMinutes(15),
            executor.log);
    Object instance = instance(handler);
    if (!bounded) {
      try (ExecutionClock.Binding b = ExecutionClock.bind(f.time)) {
        return LambdaRuntime.invoke(instance, payload, ctx);
      }
    }
    Future<byte[]> fut =
        executor
            .pool()
            .submit(
                () -> {
                  try (ExecutionClock.Binding b = ExecutionClock.bind(f.time)) {
                    return LambdaRuntime.invoke(instance, payload, ctx);
                  }
                });
    long end = System.nanoTime() + Math.max(1, limit.toNanos());
    try {
      while (true) {
        // a StopExecution does not wait for the function, whose result would be discarded; as on
        // AWS, the function itself runs on to its end (it is not interrupted)
        if (f.cancel.isCancelled()) {
          throw new Cancel.Cancelled();
        }
        long left = end - System.nanoTime();
        if (left <= 0) {
          throw new TimeoutException();
        }
        try {
          return fut.get(Math.min(left, 50_000_000L), TimeUnit.NANOSECONDS);
        } catch (TimeoutException slice) {
          // next slice
        }
      }
    } catch (InterruptedException e) {
      fut.cancel(true);
      Thread.currentThread().interrupt();
      throw new Cancel.Cancelled();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof HandlerFailure hf) {
        throw hf;
      }
      throw HandlerFailure.of(e.getCause());
    } catch (TimeoutException e) {
      fut.cancel(true);
      throw e;
    }
  }

  /**
   * The handler instance; a failed init (class missing, constructor throwing) is reported as the
   * runtime reports it: the underlying exception's class, with a message that says what to do.
   */
  private static Object instance(FunctionBindings.Bound handler) throws HandlerFailure {
    try {
      return handler.instance();
    } catch (RuntimeException e) {
      Throwable root = e.getCause() != null ? e.getCause() : e;
      HandlerFailure f = HandlerFailure.of(root);
      throw new HandlerFailure(f.errorType(), e.getMessage(), new String[0]);
    }
  }

  private static RuntimeException timedOut(boolean machineDue) {
    return machineDue ? new MachineTimeout() : new StatesError(StatesError.TIMEOUT, null);
  }

  private JsonNode awaitToken(
      TaskTokens.Pending p, Instant started, long timeoutSeconds, Long heartbeat, Frame f) {
    Instant timeoutAt = started.plusSeconds(timeoutSeconds);
    execution.waitingForToken(true);
    try {
      long seenHeartbeats = p.heartbeats;
      Instant heartbeatBase = f.time.now();
      while (true) {
        f.cancel.check();
        if (p.heartbeats != seenHeartbeats) {
          seenHeartbeats = p.heartbeats;
          heartbeatBase = f.time.now();
        }
        Instant dueAt = timeoutAt;
        if (heartbeat != null && heartbeatBase.plusSeconds(heartbeat).isBefore(dueAt)) {
          dueAt = heartbeatBase.plusSeconds(heartbeat);
        }
        boolean machineDue = deadline != null && deadline.isBefore(dueAt);
        if (machineDue) {
          dueAt = deadline;
        }
        p.dueAt = dueAt;
        Duration left = Duration.between(f.time.now(), dueAt);
        if (!f.time.real() && (left.isZero() || left.isNegative())) {
          // virtual time was let pass beyond the task's timeout while it waited: it timed out then,
          // whatever answer follows
          throw timedOut(machineDue);
        }
        long waitNanos;
        if (f.time.real()) {
          waitNanos = Math.max(0, left.toNanos());
        } else {
          long idle = System.nanoTime() - p.lastActivityNanos;
          waitNanos = Math.max(0, executor.callbackGrace.toNanos() - idle);
        }
        try {
          TaskTokens.Response r =
              p.response.get(Math.min(waitNanos, 50_000_000L), TimeUnit.NANOSECONDS);
          if (!f.time.real() && !f.time.now().isBefore(dueAt)) {
            throw timedOut(machineDue); // answered after time was let pass beyond the timeout
          }
          if (r.success()) {
            return r.output();
          }
          throw new StatesError(r.error(), r.cause());
        } catch (TimeoutException e) {
          boolean expired =
              f.time.real()
                  ? !f.time.now().isBefore(dueAt)
                  : System.nanoTime() - p.lastActivityNanos >= executor.callbackGrace.toNanos()
                      // or TaskTokens.letTimePass moved this execution's time to the due time
                      || !f.time.now().isBefore(dueAt);
          if (!expired) {
            continue;
          }
          if (!f.time.real()) {
            f.time.advanceVirtual(Duration.between(f.time.now(), dueAt));
          }
          if (machineDue) {
            throw new MachineTimeout();
          }
          throw new StatesError(StatesError.TIMEOUT, null);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new Cancel.Cancelled();
        } catch (ExecutionException e) {
          throw new IllegalStateException(e);
        }
      }
    } finally {
      execution.waitingForToken(false);
    }
  }

  // ---- Parallel

  private JsonNode parallel(
      String name, JsonNode st, JsonNode raw, JsonNode eff, Frame f, boolean jsonata) {
    JsonNode input;
    if (jsonata) {
      input =
          st.has("Arguments") ? jsonataField(st, "Arguments", bindings(f, raw, null, null)) : raw;
    } else {
      input = st.has("Parameters") ? template(st.get("Parameters"), eff, f) : eff;
    }
    limitInput(input, name);
    JsonNode branches = st.get("Branches");
    event(f, "ParallelStateStarted", null);
    List<java.util.concurrent.Callable<JsonNode>> jobs = new ArrayList<>();
    Cancel group = new Cancel(f.cancel);
    List<Frame> children = new ArrayList<>();
    for (JsonNode branch : branches) {
      Frame child = f.child(group);
      children.add(child);
      jobs.add(() -> runMachine(branch, input, child, jsonata(branch, jsonata)));
    }
    try {
      ArrayNode out = JsonSupport.mapper().createArrayNode();
      for (JsonNode r : runAll(jobs, group, jobs.size(), null)) {
        out.add(r);
      }
      children.forEach(c -> f.time.join(c.time));
      event(f, "ParallelStateSucceeded", null);
      return out;
    } catch (StatesError e) {
      children.forEach(c -> f.time.join(c.time));
      event(f, "ParallelStateFailed", details("error", e.error(), "cause", e.errorCause()));
      throw e;
    }
  }

  /**
   * Runs jobs concurrently (at most {@code limit} at a time; 0 = 40 as AWS's inline Map), results
   * in job order. The first failure cancels the rest and is rethrown, unless {@code tolerate}
   * accepts it (then the error output takes the job's place).
   */
  private List<JsonNode> runAll(
      List<java.util.concurrent.Callable<JsonNode>> jobs,
      Cancel group,
      int limit,
      java.util.function.Function<StatesError, JsonNode> tolerate) {
    int n = jobs.size();
    List<JsonNode> results = new ArrayList<>(java.util.Collections.nCopies(n, (JsonNode) null));
    int width = Math.min(n, limit <= 0 ? INLINE_MAP_CONCURRENCY : limit);
    java.util.concurrent.CompletionService<Object[]> cs =
        new java.util.concurrent.ExecutorCompletionService<>(executor.pool());
    List<Future<Object[]>> futures = new ArrayList<>();
    // Only `width` jobs exist at a time: a 10,000-item Map does not start 10,000 threads.
    while (futures.size() < width) {
      futures.add(cs.submit(job(jobs, futures.size(), group, tolerate)));
    }
    RuntimeException first = null;
    for (int done = 0; done < futures.size(); done++) {
      try {
        Object[] r = cs.take().get();
        results.set((Integer) r[0], (JsonNode) r[1]);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        stopAll(group, futures);
        throw new Cancel.Cancelled();
      } catch (java.util.concurrent.CancellationException e) {
        // a sibling stopped after the first failure
      } catch (ExecutionException e) {
        Throwable c = e.getCause();
        if (first == null
            && !(c instanceof Cancel.Cancelled)
            && !(c instanceof InterruptedException)) {
          first = c instanceof RuntimeException re ? re : new IllegalStateException(c);
          stopAll(group, futures);
        }
      }
      if (first == null && !group.isCancelled() && futures.size() < n) {
        futures.add(cs.submit(job(jobs, futures.size(), group, tolerate)));
      }
    }
    if (first != null) {
      throw first;
    }
    group.check();
    return results;
  }

  private static java.util.concurrent.Callable<Object[]> job(
      List<java.util.concurrent.Callable<JsonNode>> jobs,
      int idx,
      Cancel group,
      java.util.function.Function<StatesError, JsonNode> tolerate) {
    return () -> {
      group.check();
      try {
        return new Object[] {idx, jobs.get(idx).call()};
      } catch (StatesError e) {
        JsonNode replacement = tolerate == null ? null : tolerate.apply(e);
        if (replacement == null) {
          throw e;
        }
        return new Object[] {idx, replacement};
      }
    };
  }

  /** Stops every job of a group: the flag for transitions, an interrupt for sleeping handlers. */
  private static void stopAll(Cancel group, List<? extends Future<?>> futures) {
    group.cancel();
    futures.forEach(f -> f.cancel(true));
  }

  // ---- Map

  private JsonNode map(
      String name, JsonNode st, JsonNode raw, JsonNode eff, Frame f, boolean jsonata) {
    JsonataEngine.Bindings b = jsonata ? bindings(f, raw, null, null) : null;
    JsonNode items;
    if (jsonata) {
      items = st.has("Items") ? jsonataField(st, "Items", b) : raw;
      if (!items.isArray()) {
        throw RuntimeFailure.query(
            "Map state input must be an array but was: " + JsonSupport.compact(items));
      }
    } else {
      String p = st.has("ItemsPath") ? st.get("ItemsPath").textValue() : "$";
      items = readOrInvalid(p, eff, f);
      if (!items.isArray()) {
        throw new RuntimeFailure(
            StatesError.RUNTIME, "Reference path \"" + p + "\" must point to array.", false);
      }
    }
    int maxConcurrency = (int) intField(st, "MaxConcurrency", eff, f, b, 0, "integer");
    Double toleratedCount =
        st.has("ToleratedFailureCount") || st.has("ToleratedFailureCountPath")
            ? (double) intField(st, "ToleratedFailureCount", eff, f, b, 0, "integer")
            : null;
    if (toleratedCount != null && toleratedCount < 0) {
      throw new RuntimeFailure("ToleratedFailureCount cannot be negative.");
    }
    Double toleratedPct =
        st.has("ToleratedFailurePercentage") || st.has("ToleratedFailurePercentagePath")
            ? floatField(st, "ToleratedFailurePercentage", eff, f, b)
            : null;
    if (toleratedPct != null && (toleratedPct < 0 || toleratedPct > 100)) {
      throw new RuntimeFailure("ToleratedFailurePercentage must be between 0 and 100.");
    }
    JsonNode processor = st.has("ItemProcessor") ? st.get("ItemProcessor") : st.get("Iterator");
    JsonNode selector = st.has("ItemSelector") ? st.get("ItemSelector") : st.get("Parameters");
    event(f, "MapStateStarted", details("length", items.size()));
    Cancel group = new Cancel(f.cancel);
    List<java.util.concurrent.Callable<JsonNode>> jobs = new ArrayList<>();
    List<Frame> children = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      int idx = i;
      JsonNode item = items.get(i);
      Frame child = f.child(group);
      Frame previous = children.isEmpty() ? null : children.get(children.size() - 1);
      children.add(child);
      jobs.add(
          () -> {
            if (maxConcurrency == 1 && previous != null) {
              // one at a time: an iteration starts when the one before it ended (virtual time)
              child.time.join(previous.time);
            }
            JsonNode itemInput;
            if (selector != null) {
              Frame sel = f.child(group);
              sel.stateName = f.stateName;
              sel.enteredTime = f.enteredTime;
              sel.mapIndex = JsonSupport.mapper().getNodeFactory().numberNode(idx);
              sel.mapValue = item;
              if (jsonata) {
                JsonataEngine.Bindings ib = bindings(sel, raw, null, null);
                itemInput = JsonataEngine.template(selector, ib, "ItemSelector");
              } else {
                itemInput = template(selector, eff, sel);
              }
            } else {
              itemInput = item;
            }
            limitInput(itemInput, name);
            event(child, "MapIterationStarted", details("name", name, "index", idx));
            try {
              JsonNode out = runMachine(processor, itemInput, child, jsonata(processor, jsonata));
              event(child, "MapIterationSucceeded", details("name", name, "index", idx));
              return out;
            } catch (StatesError e) {
              event(child, "MapIterationFailed", details("name", name, "index", idx));
              throw e;
            } catch (Cancel.Cancelled e) {
              event(child, "MapIterationAborted", details("name", name, "index", idx));
              throw e;
            }
          });
    }
    AtomicInteger failures = new AtomicInteger();
    int total = items.size();
    java.util.function.Function<StatesError, JsonNode> tolerate = null;
    if (toleratedCount != null || toleratedPct != null) {
      tolerate =
          e -> {
            if (e.terminal()) {
              return null;
            }
            int failed = failures.incrementAndGet();
            boolean overCount = toleratedCount != null && failed > toleratedCount;
            boolean overPct = toleratedPct != null && failed * 100.0 / total > toleratedPct;
            // Either threshold, once exceeded, fails the Map ([inferred] from the API docs:
            // each is "the maximum ... of failed items before the Map Run fails").
            if (overCount || overPct) {
              throw new StatesError(
                  "States.ExceedToleratedFailureThreshold",
                  "The specified tolerated failure threshold was exceeded");
            }
            ObjectNode o = JsonSupport.object();
            o.put("Error", e.error());
            o.put("Cause", e.errorCause());
            return o;
          };
    }
    try {
      List<JsonNode> results = runAll(jobs, group, maxConcurrency, tolerate);
      ArrayNode out = JsonSupport.mapper().createArrayNode();
      results.forEach(out::add);
      children.forEach(c -> f.time.join(c.time));
      event(f, "MapStateSucceeded", null);
      return out;
    } catch (StatesError e) {
      children.forEach(c -> f.time.join(c.time));
      event(f, "MapStateFailed", details("error", e.error(), "cause", e.errorCause()));
      throw e;
    }
  }

  private long intField(
      JsonNode st,
      String field,
      JsonNode eff,
      Frame f,
      JsonataEngine.Bindings b,
      long dflt,
      String kind) {
    JsonNode v = st.get(field);
    if (v != null) {
      if (b != null && JsonataEngine.isExpression(v)) {
        JsonNode r = JsonataEngine.evaluate(v.textValue(), b, field);
        if (!r.isIntegralNumber()) {
          throw unexpectedType(v.textValue(), field, "integer", r);
        }
        return r.longValue();
      }
      return v.longValue();
    }
    JsonNode p = st.get(field + "Path");
    if (p == null) {
      return dflt;
    }
    JsonNode n = readOrInvalid(p.textValue(), eff, f);
    boolean ok =
        n.isIntegralNumber()
            || (n.isNumber() && n.decimalValue().stripTrailingZeros().scale() <= 0);
    if (!ok || (field.equals("MaxConcurrency") && n.longValue() < 0)) {
      throw new RuntimeFailure(
          "The "
              + field
              + "Path field refers to value \""
              + JsonSupport.compact(n)
              + "\" which is not a valid "
              + kind
              + ": "
              + p.textValue());
    }
    return n.longValue();
  }

  private double floatField(
      JsonNode st, String field, JsonNode eff, Frame f, JsonataEngine.Bindings b) {
    JsonNode v = st.get(field);
    if (v != null) {
      if (b != null && JsonataEngine.isExpression(v)) {
        v = JsonataEngine.evaluate(v.textValue(), b, field);
      }
      return v.asDouble();
    }
    JsonNode p = st.get(field + "Path");
    JsonNode n = readOrInvalid(p.textValue(), eff, f);
    if (!n.isNumber()) {
      throw new RuntimeFailure(
          "The "
              + field
              + "Path field refers to value \""
              + JsonSupport.compact(n)
              + "\" which is not a valid float: "
              + p.textValue());
    }
    return n.doubleValue();
  }
}
