package dev.slipway.local.executor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Calls a task's resource: the mock config's answer when it mocks the state, else the bound handler
 * (a Lambda function by ARN, {@code lambda:invoke} with its response wrapper, or any other resource
 * bound by name), within the task's TimeoutSeconds and the machine's deadline.
 */
final class TaskInvoker {
  private final LocalExecutor executor;
  private final MachineDeadline deadline;
  private final Map<String, AtomicInteger> mockCounts = new ConcurrentHashMap<>();

  TaskInvoker(LocalExecutor executor, MachineDeadline deadline) {
    this.executor = executor;
    this.deadline = deadline;
  }

  JsonNode call(
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
            "States.Runtime", "The field 'FunctionName' is required by " + TaskState.LAMBDA_INVOKE);
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
      throw unbound(state, base, function, lambdaInvoke || lambdaArn);
    }
    Duration limit = Duration.ofSeconds(timeoutSeconds);
    Duration left = deadline.left(f);
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
              timeoutSeconds < TaskState.NO_TIMEOUT || machineBound,
              f);
    } catch (TimeoutException e) {
      f.time.advanceVirtual(Duration.ofNanos(System.nanoTime() - t0));
      if (machineBound) {
        throw new MachineDeadline.Passed();
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
    return lambdaInvoke ? lambdaInvokeResponse(value, response.length) : value;
  }

  private StatesError unbound(String state, String base, String function, boolean lambda) {
    if (lambda) {
      return new StatesError(
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
    return new StatesError(
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

  /** What {@code arn:aws:states:::lambda:invoke} returns: the payload in the SDK's response. */
  private static ObjectNode lambdaInvokeResponse(JsonNode value, int length) {
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
    all.putArray("Content-Length").add(String.valueOf(length));
    all.putArray("Content-Type").add("application/json");
    ObjectNode headers = http.putObject("HttpHeaders");
    headers.put("Connection", "keep-alive");
    headers.put("Content-Length", String.valueOf(length));
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
}
