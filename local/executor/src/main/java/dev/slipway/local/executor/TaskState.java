package dev.slipway.local.executor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.UUID;

/**
 * Task: one attempt. Its input (Parameters or Arguments), its history events (Lambda* for a
 * function ARN, Task* for an integration), the call ({@link TaskInvoker}) and, for {@code
 * .waitForTaskToken}, the wait for the token's answer ({@link CallbackWait}).
 */
final class TaskState implements RetryCatch.Work {
  static final String LAMBDA_INVOKE = "arn:aws:states:::lambda:invoke";
  private static final String CALLBACK = ".waitForTaskToken";

  /** TimeoutSeconds when none is given. */
  static final long NO_TIMEOUT = 99_999_999L;

  private final LocalExecutor executor;
  private final History history;
  private final DataFlow flow;
  private final TaskInvoker invoker;
  private final CallbackWait callbacks;

  TaskState(
      LocalExecutor executor,
      History history,
      DataFlow flow,
      TaskInvoker invoker,
      CallbackWait callbacks) {
    this.executor = executor;
    this.history = history;
    this.flow = flow;
    this.invoker = invoker;
    this.callbacks = callbacks;
  }

  @Override
  public JsonNode run(
      String name, JsonNode st, JsonNode raw, JsonNode eff, Frame f, boolean jsonata) {
    String resource = st.get("Resource").textValue();
    boolean callback = resource.endsWith(CALLBACK);
    String base =
        callback ? resource.substring(0, resource.length() - CALLBACK.length()) : resource;
    JsonataEngine.Bindings b0 = jsonata ? flow.bindings(f, raw, null, null) : null;
    long timeout = seconds(st, "TimeoutSeconds", eff, f, b0, NO_TIMEOUT);
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
        JsonataEngine.Bindings b = flow.bindings(f, raw, null, null);
        taskInput = st.has("Arguments") ? DataFlow.jsonataField(st, "Arguments", b) : raw;
      } else {
        taskInput = st.has("Parameters") ? flow.template(st.get("Parameters"), eff, f) : eff;
      }
      PayloadLimits.limitInput(taskInput, name);
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
        history.event(
            f,
            "LambdaFunctionScheduled",
            History.details(
                "resource",
                base,
                "input",
                JsonSupport.compact(taskInput),
                "timeoutInSeconds",
                st.has("TimeoutSeconds") ? timeout : null));
        history.event(f, "LambdaFunctionStarted", null);
      } else {
        history.event(
            f,
            "TaskScheduled",
            History.details(
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
        history.event(
            f,
            "TaskStarted",
            History.details("resourceType", resourceType, "resource", resourceName));
      }
      Instant started = f.time.now();
      JsonNode result;
      try {
        result = invoker.call(name, base, lambdaArn, lambdaInvoke, callback, taskInput, timeout, f);
        if (callback) {
          history.event(
              f,
              "TaskSubmitted",
              History.details(
                  "resourceType",
                  resourceType,
                  "resource",
                  resourceName,
                  "output",
                  JsonSupport.compact(result)));
          result = callbacks.await(pending, started, timeout, heartbeat, f);
        }
        String who = lambdaInvoke ? "lambda" : lambdaArn ? base : name;
        if (PayloadLimits.oversized(result)) {
          // handled by this task's own Retry/Catch (AWS-rec), terminal past it (escaping())
          throw new StatesError(StatesError.DATA_LIMIT, PayloadLimits.tooBig(who));
        }
      } catch (StatesError e) {
        String outcome = StatesError.TIMEOUT.equals(e.error()) ? "TimedOut" : "Failed";
        history.event(
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
      history.event(
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

  /** TimeoutSeconds or HeartbeatSeconds: given, read by its Path, or a JSONata expression. */
  private static long seconds(
      JsonNode st, String field, JsonNode eff, Frame f, JsonataEngine.Bindings b, long dflt) {
    JsonNode v = st.get(field);
    if (v != null) {
      if (b != null && JsonataEngine.isExpression(v)) {
        v = JsonataEngine.evaluate(v.textValue(), b, field);
        if (!v.isIntegralNumber() || v.longValue() <= 0) {
          throw JsonataEngine.unexpectedType(st.get(field).textValue(), field, "integer", v);
        }
      }
      return v.longValue();
    }
    JsonNode p = st.get(field + "Path");
    if (p != null) {
      JsonNode n = DataFlow.readOrInvalid(p.textValue(), eff, f);
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

  /** Lambda* events carry only the values; Task* events also name the resource. */
  private static ObjectNode taskDetails(
      boolean lambdaArn, String resourceType, String resourceName, Object... kv) {
    if (lambdaArn) {
      return History.details(kv);
    }
    Object[] all = new Object[kv.length + 4];
    all[0] = "resourceType";
    all[1] = resourceType;
    all[2] = "resource";
    all[3] = resourceName;
    System.arraycopy(kv, 0, all, 4, kv.length);
    return History.details(all);
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
}
