package dev.slipway.local.executor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.StringTokenizer;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.random.RandomGenerator;

/** The States.* intrinsic functions, with AWS's recorded quirks (see asl-semantics.md §2). */
final class Intrinsics {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final ConcurrentHashMap<String, Call> CACHE = new ConcurrentHashMap<>();
  private static final char OPEN = '\uE000';
  private static final char CLOSE = '\uE001';

  static final Map<String, int[]> ARITY =
      Map.ofEntries(
          Map.entry("States.Format", new int[] {1, Integer.MAX_VALUE}),
          Map.entry("States.StringToJson", new int[] {1, 1}),
          Map.entry("States.JsonToString", new int[] {1, 1}),
          Map.entry("States.Array", new int[] {0, Integer.MAX_VALUE}),
          Map.entry("States.ArrayPartition", new int[] {2, 2}),
          Map.entry("States.ArrayContains", new int[] {2, 2}),
          Map.entry("States.ArrayRange", new int[] {3, 3}),
          Map.entry("States.ArrayGetItem", new int[] {2, 2}),
          Map.entry("States.ArrayLength", new int[] {1, 1}),
          Map.entry("States.ArrayUnique", new int[] {1, 1}),
          Map.entry("States.Base64Encode", new int[] {1, 1}),
          Map.entry("States.Base64Decode", new int[] {1, 1}),
          Map.entry("States.Hash", new int[] {2, 2}),
          Map.entry("States.JsonMerge", new int[] {3, 3}),
          Map.entry("States.MathRandom", new int[] {2, 3}),
          Map.entry("States.MathAdd", new int[] {2, 2}),
          Map.entry("States.StringSplit", new int[] {2, 2}),
          Map.entry("States.UUID", new int[] {0, 0}));

  private static final Set<String> HASHES = Set.of("MD5", "SHA-1", "SHA-256", "SHA-384", "SHA-512");

  private Intrinsics() {}

  sealed interface Arg permits Lit, PathArg, Call {}

  record Lit(JsonNode value, String formatTemplate) implements Arg {}

  record PathArg(String path) implements Arg {}

  record Call(String name, List<Arg> args) implements Arg {}

  static boolean looksLikeCall(String s) {
    return s != null && s.startsWith("States.");
  }

  /** Parses (and caches) an intrinsic call; IllegalArgumentException with a reason if invalid. */
  static Call parse(String text) {
    Call c = CACHE.get(text);
    if (c == null) {
      Parser p = new Parser(text);
      c = p.call(0);
      p.skipWs();
      if (p.pos != text.length()) {
        throw new IllegalArgumentException(
            "unexpected '" + text.substring(p.pos) + "' after the call in " + text);
      }
      CACHE.putIfAbsent(text, c);
    }
    return c;
  }

  private static final class Parser {
    final String s;
    int pos;

    Parser(String s) {
      this.s = s;
    }

    void skipWs() {
      while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
        pos++;
      }
    }

    Call call(int depth) {
      if (depth >= 10) {
        throw new IllegalArgumentException("intrinsic functions nest at most 10 deep: " + s);
      }
      int open = s.indexOf('(', pos);
      if (open < 0) {
        throw new IllegalArgumentException("missing '(' in intrinsic function: " + s);
      }
      String name = s.substring(pos, open).trim();
      int[] arity = ARITY.get(name);
      if (arity == null) {
        throw new IllegalArgumentException("unknown intrinsic function '" + name + "'");
      }
      pos = open + 1;
      List<Arg> args = new ArrayList<>();
      skipWs();
      if (pos < s.length() && s.charAt(pos) == ')') {
        pos++;
      } else {
        while (true) {
          skipWs();
          args.add(arg(depth));
          skipWs();
          if (pos >= s.length()) {
            throw new IllegalArgumentException("missing ')' in " + s);
          }
          char c = s.charAt(pos++);
          if (c == ')') {
            break;
          }
          if (c != ',') {
            throw new IllegalArgumentException(
                "expected ',' or ')' at position " + pos + " in " + s);
          }
        }
      }
      if (args.size() < arity[0] || args.size() > arity[1]) {
        throw new IllegalArgumentException(
            name + " takes " + describe(arity) + " argument(s), got " + args.size());
      }
      return new Call(name, List.copyOf(args));
    }

    private static String describe(int[] a) {
      if (a[0] == a[1]) {
        return String.valueOf(a[0]);
      }
      return a[1] == Integer.MAX_VALUE ? "at least " + a[0] : a[0] + " to " + a[1];
    }

    Arg arg(int depth) {
      if (pos >= s.length()) {
        throw new IllegalArgumentException("missing argument in " + s);
      }
      char c = s.charAt(pos);
      if (c == '\'') {
        return literal();
      }
      if (c == '$') {
        int start = pos;
        int nest = 0;
        boolean quoted = false;
        while (pos < s.length()) {
          char d = s.charAt(pos);
          if (d == '\\') {
            pos += 2;
            continue;
          }
          if (d == '\'') {
            quoted = !quoted;
          } else if (!quoted && (d == '[' || d == '(')) {
            nest++;
          } else if (!quoted && (d == ']' || d == ')')) {
            if (nest == 0) {
              break;
            }
            nest--;
          } else if (!quoted && nest == 0 && (d == ',' || Character.isWhitespace(d))) {
            break;
          }
          pos++;
        }
        String path = s.substring(start, pos);
        JsonPaths.validate(path);
        return new PathArg(path);
      }
      if (s.startsWith("States.", pos)) {
        return call(depth + 1);
      }
      int start = pos;
      while (pos < s.length() && s.charAt(pos) != ',' && s.charAt(pos) != ')') {
        pos++;
      }
      String tok = s.substring(start, pos).trim();
      switch (tok) {
        case "true":
          return new Lit(F.booleanNode(true), null);
        case "false":
          return new Lit(F.booleanNode(false), null);
        case "null":
          return new Lit(NullNode.getInstance(), null);
        default:
          try {
            BigDecimal d = new BigDecimal(tok);
            JsonNode n =
                tok.contains(".") || tok.contains("e") || tok.contains("E")
                    ? F.numberNode(d)
                    : F.numberNode(d.toBigIntegerExact());
            return new Lit(JsonSupport.parse(JsonSupport.compact(n)), null);
          } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException(
                "invalid argument '" + tok + "' in " + s + " (strings go in single quotes)", e);
          }
      }
    }

    Lit literal() {
      pos++;
      StringBuilder plain = new StringBuilder();
      StringBuilder tpl = new StringBuilder();
      while (pos < s.length()) {
        char c = s.charAt(pos++);
        if (c == '\\' && pos < s.length()) {
          char e = s.charAt(pos++);
          plain.append(e);
          tpl.append(e == '{' ? OPEN : e == '}' ? CLOSE : e);
        } else if (c == '\'') {
          return new Lit(TextNode.valueOf(plain.toString()), tpl.toString());
        } else {
          plain.append(c);
          tpl.append(c);
        }
      }
      throw new IllegalArgumentException("unterminated string literal in " + s);
    }
  }

  /** Evaluation needs the input, the paths' scope and the random generator. */
  record Env(JsonNode input, JsonPaths.Scope scope, RandomGenerator random, String field) {}

  static JsonNode evaluate(String text, Env env) {
    return eval(parse(text), env);
  }

  private static JsonNode eval(Arg arg, Env env) {
    if (arg instanceof Lit l) {
      return l.value();
    }
    if (arg instanceof PathArg p) {
      try {
        return JsonPaths.read(p.path(), env.input(), env.scope());
      } catch (JsonPaths.PathMissing e) {
        throw new RuntimeFailure(
            "The JSONPath '"
                + p.path()
                + "' specified for the field '"
                + env.field()
                + "' could not be found in the input '"
                + JsonSupport.compact(
                    p.path().startsWith("$$") ? env.scope().contextObject() : env.input())
                + "'");
      }
    }
    Call c = (Call) arg;
    List<JsonNode> a = new ArrayList<>(c.args().size());
    for (Arg x : c.args()) {
      a.add(eval(x, env));
    }
    try {
      return apply(c, a, env);
    } catch (RuntimeFailure e) {
      throw e;
    } catch (RuntimeException e) {
      throw new RuntimeFailure(
          "The function '" + c.name() + "' could not be evaluated: " + e.getMessage());
    }
  }

  private static JsonNode apply(Call c, List<JsonNode> a, Env env) {
    switch (c.name()) {
      case "States.Format":
        return format(c, a);
      case "States.StringToJson":
        {
          String s = str(a, 0, c);
          return s.isBlank() ? NullNode.getInstance() : JsonSupport.parse(s);
        }
      case "States.JsonToString":
        return TextNode.valueOf(JsonSupport.compact(a.get(0)));
      case "States.Array":
        {
          ArrayNode arr = F.arrayNode();
          a.forEach(arr::add);
          return arr;
        }
      case "States.ArrayPartition":
        {
          ArrayNode arr = array(a, 0, c);
          int n = integer(a, 1, c);
          if (n <= 0) {
            throw new IllegalArgumentException("the chunk size must be greater than 0, was " + n);
          }
          ArrayNode out = F.arrayNode();
          ArrayNode chunk = null;
          for (JsonNode e : arr) {
            if (chunk == null || chunk.size() == n) {
              chunk = out.addArray();
            }
            chunk.add(e);
          }
          return out;
        }
      case "States.ArrayContains":
        {
          for (JsonNode e : array(a, 0, c)) {
            if (Values.jsonEquals(e, a.get(1))) {
              return F.booleanNode(true);
            }
          }
          return F.booleanNode(false);
        }
      case "States.ArrayRange":
        {
          int first = integer(a, 0, c);
          int last = integer(a, 1, c);
          int step = integer(a, 2, c);
          if (step == 0) {
            throw new IllegalArgumentException("the step must not be 0");
          }
          ArrayNode out = F.arrayNode();
          for (long v = first; step > 0 ? v <= last : v >= last; v += step) {
            out.add(v);
            if (out.size() > 1000) {
              throw new IllegalArgumentException("the range has more than 1000 elements");
            }
          }
          return out;
        }
      case "States.ArrayGetItem":
        {
          ArrayNode arr = array(a, 0, c);
          int i = integer(a, 1, c);
          if (i < 0 || i >= arr.size()) {
            throw new IllegalArgumentException(
                "index " + i + " is out of bounds for an array of " + arr.size());
          }
          return arr.get(i);
        }
      case "States.ArrayLength":
        return F.numberNode(array(a, 0, c).size());
      case "States.ArrayUnique":
        {
          ArrayNode out = F.arrayNode();
          outer:
          for (JsonNode e : array(a, 0, c)) {
            for (JsonNode seen : out) {
              if (Values.jsonEquals(seen, e)) {
                continue outer;
              }
            }
            out.add(e);
          }
          return out;
        }
      case "States.Base64Encode":
        {
          String s = limited(str(a, 0, c));
          return TextNode.valueOf(
              Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8)));
        }
      case "States.Base64Decode":
        {
          String s = limited(str(a, 0, c));
          return TextNode.valueOf(
              new String(Base64.getDecoder().decode(s), StandardCharsets.UTF_8));
        }
      case "States.Hash":
        {
          String data = limited(str(a, 0, c));
          String alg = str(a, 1, c);
          if (!HASHES.contains(alg)) {
            throw new IllegalArgumentException(
                "the hash algorithm must be one of MD5, SHA-1, SHA-256, SHA-384, SHA-512, was "
                    + alg);
          }
          try {
            byte[] d = MessageDigest.getInstance(alg).digest(data.getBytes(StandardCharsets.UTF_8));
            return TextNode.valueOf(HexFormat.of().formatHex(d));
          } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
          }
        }
      case "States.JsonMerge":
        {
          if (!a.get(2).isBoolean() || a.get(2).booleanValue()) {
            throw new IllegalArgumentException(
                "deep merge is not supported: the third argument must be false");
          }
          if (!a.get(0).isObject() || !a.get(1).isObject()) {
            throw new IllegalArgumentException("both arguments must be JSON objects");
          }
          ObjectNode out = ((ObjectNode) a.get(0)).deepCopy();
          out.setAll((ObjectNode) a.get(1).deepCopy());
          return out;
        }
      case "States.MathRandom":
        {
          int start = number(a, 0, c).intValue();
          int end = number(a, 1, c).intValue();
          if (end <= start) {
            throw new IllegalArgumentException("the end must be greater than the start");
          }
          RandomGenerator r =
              a.size() == 3 ? new Random(number(a, 2, c).longValue()) : env.random();
          return F.numberNode(r.nextInt(start, end));
        }
      case "States.MathAdd":
        return F.numberNode(
            Math.round(number(a, 0, c).doubleValue()) + Math.round(number(a, 1, c).doubleValue()));
      case "States.StringSplit":
        {
          StringTokenizer t = new StringTokenizer(str(a, 0, c), str(a, 1, c));
          ArrayNode out = F.arrayNode();
          while (t.hasMoreTokens()) {
            out.add(t.nextToken());
          }
          return out;
        }
      case "States.UUID":
        {
          RandomGenerator r = env.random();
          long msb = (r.nextLong() & ~0xF000L) | 0x4000L;
          long lsb = (r.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
          return TextNode.valueOf(new UUID(msb, lsb).toString());
        }
      default:
        throw new IllegalArgumentException("unknown intrinsic function " + c.name());
    }
  }

  private static String limited(String s) {
    if (s.length() > 10_000) {
      throw new IllegalArgumentException("the input is longer than 10000 characters");
    }
    return s;
  }

  private static JsonNode format(Call c, List<JsonNode> a) {
    Arg first = c.args().get(0);
    String tpl;
    if (first instanceof Lit l && l.formatTemplate() != null) {
      tpl = l.formatTemplate();
    } else {
      tpl = str(a, 0, c);
    }
    StringBuilder out = new StringBuilder();
    int next = 1;
    for (int i = 0; i < tpl.length(); i++) {
      char ch = tpl.charAt(i);
      if (ch == '{' && i + 1 < tpl.length() && tpl.charAt(i + 1) == '}') {
        if (next >= a.size()) {
          throw new IllegalArgumentException(
              "the template has more placeholders than there are arguments");
        }
        out.append(javaString(a.get(next++)));
        i++;
      } else if (ch == OPEN) {
        out.append('{');
      } else if (ch == CLOSE) {
        out.append('}');
      } else {
        out.append(ch);
      }
    }
    if (next != a.size()) {
      throw new IllegalArgumentException(
          "the template has fewer placeholders than there are arguments");
    }
    return TextNode.valueOf(out.toString());
  }

  /** How AWS renders a value in States.Format: strings raw, containers as Java's toString. */
  static String javaString(JsonNode v) {
    if (v.isTextual()) {
      return v.textValue();
    }
    if (v.isObject()) {
      StringBuilder b = new StringBuilder("{");
      Iterator<Map.Entry<String, JsonNode>> it = v.properties().iterator();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        b.append(e.getKey()).append('=').append(javaString(e.getValue()));
        if (it.hasNext()) {
          b.append(", ");
        }
      }
      return b.append('}').toString();
    }
    if (v.isArray()) {
      StringBuilder b = new StringBuilder("[");
      for (int i = 0; i < v.size(); i++) {
        if (i > 0) {
          b.append(", ");
        }
        b.append(javaString(v.get(i)));
      }
      return b.append(']').toString();
    }
    return JsonSupport.compact(v);
  }

  private static String str(List<JsonNode> a, int i, Call c) {
    JsonNode v = a.get(i);
    if (!v.isTextual()) {
      throw new IllegalArgumentException(
          "argument "
              + (i + 1)
              + " of "
              + c.name()
              + " must be a string, was "
              + JsonSupport.compact(v));
    }
    return v.textValue();
  }

  private static ArrayNode array(List<JsonNode> a, int i, Call c) {
    JsonNode v = a.get(i);
    if (!v.isArray()) {
      throw new IllegalArgumentException(
          "argument "
              + (i + 1)
              + " of "
              + c.name()
              + " must be an array, was "
              + JsonSupport.compact(v));
    }
    return (ArrayNode) v;
  }

  private static Number number(List<JsonNode> a, int i, Call c) {
    JsonNode v = a.get(i);
    if (!v.isNumber()) {
      throw new IllegalArgumentException(
          "argument "
              + (i + 1)
              + " of "
              + c.name()
              + " must be a number, was "
              + JsonSupport.compact(v));
    }
    return v.numberValue();
  }

  private static int integer(List<JsonNode> a, int i, Call c) {
    JsonNode v = a.get(i);
    if (!v.isIntegralNumber()
        && !(v.isNumber() && v.decimalValue().stripTrailingZeros().scale() <= 0)) {
      throw new IllegalArgumentException(
          "argument "
              + (i + 1)
              + " of "
              + c.name()
              + " must be an integer, was "
              + JsonSupport.compact(v));
    }
    return v.intValue();
  }
}
