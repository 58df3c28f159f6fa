package dev.slipway.local.executor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.jayway.jsonpath.Configuration;
import com.jayway.jsonpath.InvalidPathException;
import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.PathNotFoundException;
import com.jayway.jsonpath.spi.json.JacksonJsonNodeJsonProvider;
import com.jayway.jsonpath.spi.mapper.JacksonMappingProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * JSONPath as Step Functions evaluates it: Jayway JsonPath (so messages match AWS word for word),
 * {@code $$} for the context object, {@code $name} for variables, indefinite paths yielding arrays.
 */
final class JsonPaths {
  private static final Configuration JAYWAY =
      Configuration.builder()
          .jsonProvider(new JacksonJsonNodeJsonProvider(JsonSupport.mapper()))
          .mappingProvider(new JacksonMappingProvider(JsonSupport.mapper()))
          .build();
  private static final ConcurrentHashMap<String, Compiled> CACHE = new ConcurrentHashMap<>();

  private JsonPaths() {}

  /** What a path reads from: the input, the context object or a variable. */
  interface Scope {
    JsonNode contextObject();

    /** The variable's value, or null when it is not defined. */
    JsonNode variable(String name);
  }

  /** A path that matched nothing; the message is Jayway's. */
  static final class PathMissing extends RuntimeException {
    private static final long serialVersionUID = 1L;

    PathMissing(String message) {
      super(message, null, false, false);
    }
  }

  private record Compiled(Kind kind, String variable, JsonPath path) {}

  private enum Kind {
    INPUT,
    CONTEXT,
    VARIABLE
  }

  /** Whether the text is a path this executor accepts ($, $$, $var forms). */
  static boolean isPath(String text) {
    if (text == null || !text.startsWith("$")) {
      return false;
    }
    try {
      compile(text);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  static void validate(String text) {
    compile(text);
  }

  private static Compiled compile(String text) {
    Compiled c = CACHE.get(text);
    if (c != null) {
      return c;
    }
    c = doCompile(text);
    CACHE.putIfAbsent(text, c);
    return c;
  }

  private static Compiled doCompile(String text) {
    if (text == null || !text.startsWith("$")) {
      throw new IllegalArgumentException("a path starts with '$': " + text);
    }
    try {
      if (text.startsWith("$$")) {
        return new Compiled(Kind.CONTEXT, null, JsonPath.compile(text.substring(1)));
      }
      if (text.length() > 1 && isIdentStart(text.charAt(1))) {
        int i = 1;
        while (i < text.length() && isIdentPart(text.charAt(i))) {
          i++;
        }
        String name = text.substring(1, i);
        return new Compiled(Kind.VARIABLE, name, JsonPath.compile("$" + text.substring(i)));
      }
      return new Compiled(Kind.INPUT, null, JsonPath.compile(text));
    } catch (InvalidPathException e) {
      throw new IllegalArgumentException("invalid JSONPath '" + text + "': " + e.getMessage(), e);
    }
  }

  private static boolean isIdentStart(char c) {
    return Character.isLetter(c) || c == '_';
  }

  private static boolean isIdentPart(char c) {
    return Character.isLetterOrDigit(c) || c == '_';
  }

  static boolean isDefinite(String text) {
    return compile(text).path().isDefinite();
  }

  /**
   * Reads a path. Indefinite paths always return an array (empty when nothing matches); definite
   * paths return the value or throw {@link PathMissing} with Jayway's message.
   */
  static JsonNode read(String text, JsonNode input, Scope scope) {
    Compiled c = compile(text);
    JsonNode root =
        switch (c.kind()) {
          case INPUT -> input;
          case CONTEXT -> scope.contextObject();
          case VARIABLE -> {
            JsonNode v = scope.variable(c.variable());
            if (v == null) {
              throw new PathMissing("Variable '" + c.variable() + "' is not defined");
            }
            yield v;
          }
        };
    JsonPath p = c.path();
    if (p.getPath().equals("$")) {
      return root;
    }
    try {
      Object r = p.read(root, JAYWAY);
      return JsonSupport.toNode(r);
    } catch (PathNotFoundException e) {
      if (!p.isDefinite()) {
        return JsonSupport.mapper().createArrayNode();
      }
      throw new PathMissing(e.getMessage());
    }
  }

  /** The steps of a reference path ({@code $.a['b'][0]}): strings for fields, ints for indexes. */
  static List<Object> referenceSteps(String text) {
    if (text == null || !text.startsWith("$") || text.startsWith("$$")) {
      throw new IllegalArgumentException("a reference path starts with '$': " + text);
    }
    List<Object> steps = new ArrayList<>();
    int i = 1;
    int n = text.length();
    while (i < n) {
      char ch = text.charAt(i);
      if (ch == '.') {
        int j = i + 1;
        while (j < n && text.charAt(j) != '.' && text.charAt(j) != '[') {
          j++;
        }
        String name = text.substring(i + 1, j);
        if (name.isEmpty() || name.equals("*")) {
          throw new IllegalArgumentException("not a reference path: " + text);
        }
        steps.add(name);
        i = j;
      } else if (ch == '[') {
        int close = findClose(text, i);
        String inner = text.substring(i + 1, close).trim();
        if (inner.startsWith("'") && inner.endsWith("'") && inner.length() >= 2) {
          steps.add(
              inner.substring(1, inner.length() - 1).replace("\\'", "'").replace("\\\"", "\""));
        } else {
          try {
            steps.add(Integer.parseInt(inner));
          } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a reference path: " + text, e);
          }
        }
        i = close + 1;
      } else {
        throw new IllegalArgumentException("not a reference path: " + text);
      }
    }
    return steps;
  }

  private static int findClose(String text, int open) {
    boolean quoted = false;
    for (int i = open + 1; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\\') {
        i++;
      } else if (c == '\'') {
        quoted = !quoted;
      } else if (c == ']' && !quoted) {
        return i;
      }
    }
    throw new IllegalArgumentException("unclosed '[' in path: " + text);
  }

  /**
   * Writes {@code value} into a copy of {@code input} at a reference path, creating missing
   * objects. Throws IllegalStateException when the input has a non-object in the way.
   */
  static JsonNode put(JsonNode input, String refPath, JsonNode value) {
    List<Object> steps = referenceSteps(refPath);
    if (steps.isEmpty()) {
      return value;
    }
    JsonNode root = input.deepCopy();
    if (!(root instanceof ObjectNode) && !(root instanceof ArrayNode)) {
      throw new IllegalStateException("the state input is not an object: " + input.getNodeType());
    }
    JsonNode cur = root;
    for (int k = 0; k < steps.size(); k++) {
      Object step = steps.get(k);
      boolean last = k == steps.size() - 1;
      if (step instanceof String name) {
        if (!(cur instanceof ObjectNode obj)) {
          throw new IllegalStateException("cannot set field '" + name + "' on a non-object");
        }
        if (last) {
          obj.set(name, value);
        } else {
          JsonNode next = obj.get(name);
          if (next == null || next.isNull()) {
            next = obj.putObject(name);
          }
          cur = next;
        }
      } else {
        int idx = (Integer) step;
        if (!(cur instanceof ArrayNode arr) || idx < 0 || idx >= arr.size()) {
          throw new IllegalStateException("index [" + idx + "] is not in the array");
        }
        if (last) {
          arr.set(idx, value);
        } else {
          cur = arr.get(idx);
        }
      }
    }
    return root;
  }
}
