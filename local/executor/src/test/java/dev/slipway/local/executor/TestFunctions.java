package dev.slipway.local.executor;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** Handlers the conformance fixtures call by name. */
final class TestFunctions {
  private TestFunctions() {}

  /** Binds every test function on a builder (fresh instances: counters start at zero). */
  static LocalExecutor.Builder bindAll(LocalExecutor.Builder b, TaskTokens tokens) {
    return b.function("Echo", new Echo())
        .function("Raise", new Raise())
        .function("Flaky", new Flaky())
        .function("Sleep", new Sleep())
        .function("Big", new Big())
        .function("Typed", new Typed())
        .function("ContextInfo", new ContextInfo())
        .function("Callback", new Callback(tokens))
        .function("Add", new Add())
        .function("BrokenInit", BrokenInit.class)
        .function("arn:aws:states:::sqs:sendMessage", new Echo());
  }

  /** A handler whose no-arg constructor fails, as one with missing configuration does. */
  public static final class BrokenInit implements RequestHandler<Object, Object> {
    public BrokenInit() {
      throw new IllegalStateException("SETTING is not set");
    }

    @Override
    public Object handleRequest(Object in, Context c) {
      return in;
    }
  }

  /** Returns its input unchanged (stream handler: bytes in, bytes out). */
  static final class Echo implements RequestStreamHandler {
    @Override
    public void handleRequest(InputStream in, OutputStream out, Context c) throws IOException {
      in.transferTo(out);
    }
  }

  /** A domain error thrown by handlers, named by its class as the Java runtime does. */
  static final class DomainException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    DomainException(String m) {
      super(m);
    }
  }

  /** Throws: {"type": "domain"|"state"|"npe", "message": "..."}. */
  static final class Raise implements RequestHandler<Map<String, Object>, Object> {
    @Override
    public Object handleRequest(Map<String, Object> in, Context c) {
      String msg = (String) in.getOrDefault("message", "boom");
      switch (String.valueOf(in.getOrDefault("type", "state"))) {
        case "domain" -> throw new DomainException(msg);
        case "npe" -> throw new NullPointerException();
        default -> throw new IllegalStateException(msg);
      }
    }
  }

  /** Fails with DomainException("flaky N") the first {@code failures} calls, then returns calls. */
  static final class Flaky implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    private final AtomicInteger calls = new AtomicInteger();

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> in, Context c) {
      int n = calls.incrementAndGet();
      int failures = ((Number) in.getOrDefault("failures", 1)).intValue();
      if (n <= failures) {
        if ("timeout".equals(in.get("mode"))) {
          sleep(((Number) in.getOrDefault("millis", 3000)).longValue());
        } else {
          throw new DomainException("flaky " + n);
        }
      }
      return in.containsKey("rc") ? Map.of("calls", n, "rc", in.get("rc")) : Map.of("calls", n);
    }
  }

  /** Sleeps {"millis": n} of real time, then returns {"slept": n}. */
  static final class Sleep implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    @Override
    public Map<String, Object> handleRequest(Map<String, Object> in, Context c) {
      long ms = ((Number) in.getOrDefault("millis", 100)).longValue();
      sleep(ms);
      return Map.of("slept", ms);
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Returns a string of {"bytes": n} characters (default 300 000, over the 256 KiB limit), each
   * {"char"} (default "x"; "é" is two UTF-8 bytes).
   */
  static final class Big implements RequestHandler<Map<String, Object>, String> {
    @Override
    public String handleRequest(Map<String, Object> in, Context c) {
      String ch = String.valueOf(in.getOrDefault("char", "x"));
      return ch.repeat(((Number) in.getOrDefault("bytes", 300_000)).intValue());
    }
  }

  record Order(String id, int quantity, double price) {}

  record Receipt(String orderId, double total) {}

  /** A typed handler: the event is deserialised to a record from the generic type. */
  static final class Typed implements RequestHandler<Order, Receipt> {
    @Override
    public Receipt handleRequest(Order o, Context c) {
      return new Receipt(o.id(), o.quantity() * o.price());
    }
  }

  /** Reports what the Context says. */
  static final class ContextInfo implements RequestHandler<Object, Map<String, Object>> {
    @Override
    public Map<String, Object> handleRequest(Object in, Context c) {
      c.getLogger().log("hello from " + c.getFunctionName());
      return Map.of(
          "functionName", c.getFunctionName(),
          "arn", c.getInvokedFunctionArn(),
          "hasRequestId", !c.getAwsRequestId().isEmpty(),
          "hasTime", c.getRemainingTimeInMillis() > 0,
          "version", c.getFunctionVersion());
    }
  }

  /** Adds {"a": x, "b": y} → x + y (the bench's trivial task). */
  static final class Add implements RequestHandler<Map<String, Integer>, Integer> {
    @Override
    public Integer handleRequest(Map<String, Integer> in, Context c) {
      return in.get("a") + in.get("b");
    }
  }

  /**
   * Answers its own task token: {"token", "action": success|failure|heartbeat-then-success|none,
   * "output", "error", "cause"}.
   */
  static final class Callback implements RequestHandler<JsonNode, String> {
    private final TaskTokens tokens;

    Callback(TaskTokens tokens) {
      this.tokens = tokens;
    }

    @Override
    public String handleRequest(JsonNode in, Context c) {
      String token = in.path("token").asText();
      switch (in.path("action").asText("success")) {
        case "success" -> tokens.sendTaskSuccess(token, JsonSupport.compact(in.path("output")));
        case "failure" ->
            tokens.sendTaskFailure(
                token, in.path("error").asText(null), in.path("cause").asText(null));
        case "heartbeat-then-success" -> {
          tokens.sendTaskHeartbeat(token);
          tokens.sendTaskSuccess(token, JsonSupport.compact(in.path("output")));
        }
        default -> {
          // never answers: the task times out
        }
      }
      return "submitted";
    }
  }
}
