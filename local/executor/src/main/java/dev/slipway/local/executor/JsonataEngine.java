package dev.slipway.local.executor;

import com.dashjoin.jsonata.JException;
import com.dashjoin.jsonata.Jsonata;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.random.RandomGenerator;

/**
 * JSONata expressions ({@code "{% ... %}"}) as Step Functions evaluates them: JSONata 2 via
 * com.dashjoin:jsonata, {@code $states}, workflow variables, AWS's extra functions ($partition,
 * $range, $hash, $random, $uuid, $parse).
 */
final class JsonataEngine {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final ConcurrentHashMap<String, Jsonata> CACHE = new ConcurrentHashMap<>();

  private JsonataEngine() {}

  /** Whether a string is an expression: exactly "{%" ... "%}" with no outer spaces. */
  static boolean isExpression(JsonNode n) {
    return n != null && n.isTextual() && isExpression(n.textValue());
  }

  static boolean isExpression(String s) {
    return s.startsWith("{%") && s.endsWith("%}") && s.length() >= 4;
  }

  static String body(String s) {
    return s.substring(2, s.length() - 2).trim();
  }

  /** Parses an expression; IllegalArgumentException with JSONata's message when invalid. */
  static Jsonata compile(String body) {
    Jsonata j = CACHE.get(body);
    if (j == null) {
      try {
        j = Jsonata.jsonata(body);
      } catch (JException e) {
        throw new IllegalArgumentException(
            "invalid JSONata expression '" + body + "': " + e.getMessage(), e);
      }
      CACHE.putIfAbsent(body, j);
    }
    return j;
  }

  /** What an expression sees: $states and the variables. */
  record Bindings(
      JsonNode states,
      JsonPaths.Scope variables,
      Map<String, JsonNode> visible,
      RandomGenerator random) {}

  /**
   * Evaluates a JSONata template: strings of the form {% %} are evaluated, objects and arrays
   * recursively, other values are literals. {@code field} names the field for error messages.
   */
  static JsonNode template(JsonNode t, Bindings b, String field) {
    if (isExpression(t)) {
      return evaluate(t.textValue(), b, field);
    }
    if (t.isObject()) {
      ObjectNode out = JsonSupport.object();
      Iterator<Map.Entry<String, JsonNode>> it = t.properties().iterator();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        out.set(e.getKey(), template(e.getValue(), b, field + "/" + e.getKey()));
      }
      return out;
    }
    if (t.isArray()) {
      ArrayNode out = F.arrayNode();
      int i = 0;
      for (JsonNode e : t) {
        out.add(template(e, b, field + "[" + i++ + "]"));
      }
      return out;
    }
    return t;
  }

  static JsonNode evaluate(String expression, Bindings b, String field) {
    String body = body(expression);
    Jsonata j;
    try {
      j = compile(body);
    } catch (IllegalArgumentException e) {
      throw failed(body, field, "threw an error during evaluation. " + e.getCause().getMessage());
    }
    Object result;
    try {
      Jsonata.Frame frame = j.createFrame();
      Object statesObj = toJava(b.states());
      frame.bind("states", statesObj);
      for (Map.Entry<String, JsonNode> v : b.visible().entrySet()) {
        frame.bind(v.getKey(), toJava(v.getValue()));
      }
      bindFunctions(frame, b.random());
      Object input = b.states().has("input") ? toJava(b.states().get("input")) : null;
      result = j.evaluate(input, frame);
    } catch (JException e) {
      throw failed(
          body, field, "threw an error during evaluation. " + e.getError() + ": " + e.getMessage());
    } catch (RuntimeException e) {
      throw failed(body, field, "threw an error during evaluation. " + e.getMessage());
    }
    if (result == null) {
      throw failed(body, field, "returned nothing (undefined).");
    }
    return toNode(result);
  }

  /** States.QueryEvaluationError: "The JSONata expression '<e>' specified for the field ..." */
  static RuntimeFailure failed(String body, String field, String what) {
    return RuntimeFailure.query(
        "The JSONata expression '" + body + "' specified for the field '" + field + "' " + what);
  }

  /** States.QueryEvaluationError: an expression for {@code field} returned the wrong type. */
  static RuntimeFailure unexpectedType(
      String expression, String field, String expected, JsonNode value) {
    return failed(
        body(expression),
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

  private static void bindFunctions(Jsonata.Frame frame, RandomGenerator random) {
    frame.bind(
        "eval",
        Jsonata.function(
            "eval",
            (Jsonata.FnVarArgs<Object>)
                args -> {
                  throw new IllegalArgumentException(
                      "$eval is not available in AWS Step Functions' JSONata");
                },
            null));
    frame.bind(
        "partition",
        Jsonata.function(
            "partition",
            (Jsonata.FnVarArgs<Object>)
                args -> {
                  List<?> arr = asList(args.get(0));
                  int n = ((Number) args.get(1)).intValue();
                  if (n <= 0) {
                    throw new IllegalArgumentException("$partition: the size must be > 0");
                  }
                  List<Object> out = new ArrayList<>();
                  for (int i = 0; i < arr.size(); i += n) {
                    out.add(new ArrayList<>(arr.subList(i, Math.min(arr.size(), i + n))));
                  }
                  return out;
                },
            null));
    frame.bind(
        "range",
        Jsonata.function(
            "range",
            (Jsonata.FnVarArgs<Object>)
                args -> {
                  long first = ((Number) args.get(0)).longValue();
                  long last = ((Number) args.get(1)).longValue();
                  long step = ((Number) args.get(2)).longValue();
                  if (step == 0) {
                    throw new IllegalArgumentException("$range: the step must not be 0");
                  }
                  List<Object> out = new ArrayList<>();
                  for (long v = first; step > 0 ? v <= last : v >= last; v += step) {
                    out.add(v);
                    if (out.size() > 1000) {
                      throw new IllegalArgumentException("$range: more than 1000 elements");
                    }
                  }
                  return out;
                },
            null));
    frame.bind(
        "hash",
        Jsonata.function(
            "hash",
            (Jsonata.FnVarArgs<Object>)
                args -> {
                  String data = String.valueOf(args.get(0));
                  String alg = args.size() > 1 ? String.valueOf(args.get(1)) : "SHA-256";
                  try {
                    return HexFormat.of()
                        .formatHex(
                            MessageDigest.getInstance(alg)
                                .digest(data.getBytes(StandardCharsets.UTF_8)));
                  } catch (NoSuchAlgorithmException e) {
                    throw new IllegalArgumentException("$hash: unknown algorithm " + alg, e);
                  }
                },
            null));
    frame.bind(
        "random",
        Jsonata.function(
            "random",
            (Jsonata.FnVarArgs<Object>)
                args ->
                    args.isEmpty() || args.get(0) == null
                        ? random.nextDouble()
                        : new Random(((Number) args.get(0)).longValue()).nextDouble(),
            null));
    frame.bind(
        "uuid",
        Jsonata.function(
            "uuid",
            (Jsonata.FnVarArgs<Object>)
                args -> {
                  long msb = (random.nextLong() & ~0xF000L) | 0x4000L;
                  long lsb = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
                  return new UUID(msb, lsb).toString();
                },
            null));
    frame.bind(
        "parse",
        Jsonata.function(
            "parse",
            (Jsonata.FnVarArgs<Object>)
                args -> toJava(JsonSupport.parse(String.valueOf(args.get(0)))),
            null));
  }

  private static List<?> asList(Object o) {
    if (o instanceof List<?> l) {
      return l;
    }
    return o == null ? List.of() : List.of(o);
  }

  static Object toJava(JsonNode n) {
    if (n == null || n.isNull() || n.isMissingNode()) {
      return Jsonata.NULL_VALUE;
    }
    if (n.isObject()) {
      Map<String, Object> m = new LinkedHashMap<>();
      n.properties().iterator().forEachRemaining(e -> m.put(e.getKey(), toJava(e.getValue())));
      return m;
    }
    if (n.isArray()) {
      List<Object> l = new ArrayList<>(n.size());
      n.forEach(e -> l.add(toJava(e)));
      return l;
    }
    if (n.isTextual()) {
      return n.textValue();
    }
    if (n.isBoolean()) {
      return n.booleanValue();
    }
    if (n.isIntegralNumber()) {
      return n.canConvertToLong() ? (Object) n.longValue() : n.doubleValue();
    }
    return n.doubleValue();
  }

  static JsonNode toNode(Object o) {
    if (o == null || o == Jsonata.NULL_VALUE) {
      return NullNode.getInstance();
    }
    if (o instanceof Map<?, ?> m) {
      ObjectNode out = JsonSupport.object();
      m.forEach((k, v) -> out.set(String.valueOf(k), toNode(v)));
      return out;
    }
    if (o instanceof List<?> l) {
      ArrayNode out = F.arrayNode();
      l.forEach(e -> out.add(toNode(e)));
      return out;
    }
    if (o instanceof String s) {
      return F.textNode(s);
    }
    if (o instanceof Boolean b) {
      return F.booleanNode(b);
    }
    if (o instanceof Integer || o instanceof Long || o instanceof Short || o instanceof Byte) {
      return F.numberNode(((Number) o).longValue());
    }
    if (o instanceof BigInteger bi) {
      return F.numberNode(bi);
    }
    if (o instanceof Number num) {
      double d = num.doubleValue();
      if (d == Math.rint(d) && !Double.isInfinite(d) && Math.abs(d) < 1e15) {
        return F.numberNode((long) d);
      }
      return F.numberNode(new BigDecimal(Double.toString(d)));
    }
    return F.textNode(String.valueOf(o));
  }
}
