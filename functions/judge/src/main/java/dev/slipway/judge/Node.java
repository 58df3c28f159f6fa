package dev.slipway.judge;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.slipway.model.Json;
import dev.slipway.model.TerminalStepException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A JSON (or YAML) tree node together with its JSON path, so that every type error names the field
 * that is wrong ({@code metrics[2].analysisConfigurations.canary.direction}).
 */
final class Node {
  private static final ObjectMapper YAML = new YAMLMapper();

  private final JsonNode node;
  private final String path;
  private final String what;

  private Node(JsonNode node, String path, String what) {
    this.node = node == null ? MissingNode.getInstance() : node;
    this.path = path;
    this.what = what;
  }

  /** Parses JSON, or YAML when the text does not start with '{' or '['. */
  static Node parse(String text, String what) {
    if (text == null || text.isBlank()) {
      throw JudgeErrors.invalid(what, "", "the document is empty");
    }
    String trimmed = text.stripLeading();
    boolean json = trimmed.startsWith("{") || trimmed.startsWith("[");
    try {
      JsonNode tree = json ? Json.mapper().readTree(text) : YAML.readTree(text);
      return new Node(tree, "", what);
    } catch (JsonProcessingException e) {
      if (json) {
        // a YAML flow mapping ({a: 1}) also starts with '{'; report the JSON error if it is not
        try {
          return new Node(YAML.readTree(text), "", what);
        } catch (JsonProcessingException ignored) {
          // fall through to the JSON error, which is the likelier intent
        }
      }
      String where =
          e.getLocation() == null
              ? ""
              : " (line "
                  + e.getLocation().getLineNr()
                  + ", column "
                  + e.getLocation().getColumnNr()
                  + ")";
      throw JudgeErrors.invalid(
          what,
          "",
          "not valid " + (json ? "JSON" : "YAML") + where + ": " + e.getOriginalMessage(),
          e);
    }
  }

  JsonNode raw() {
    return node;
  }

  String path() {
    return path;
  }

  /** Absent or JSON null. */
  boolean absent() {
    return node.isMissingNode() || node.isNull();
  }

  Node field(String name) {
    JsonNode child = node.isObject() ? node.get(name) : null;
    return new Node(child, path.isEmpty() ? name : path + "." + name, what);
  }

  TerminalStepException error(String problem) {
    return JudgeErrors.invalid(what, path, problem);
  }

  Node requireObject() {
    if (!node.isObject()) {
      throw error("expected an object but found " + describe());
    }
    return this;
  }

  /** The object's fields in document order; absent gives none. */
  List<Map.Entry<String, Node>> fields() {
    if (absent()) {
      return List.of();
    }
    requireObject();
    List<Map.Entry<String, Node>> out = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      var e = it.next();
      out.add(Map.entry(e.getKey(), field(e.getKey())));
    }
    return out;
  }

  /** The array's elements; absent gives none. */
  List<Node> elements() {
    if (absent()) {
      return List.of();
    }
    if (!node.isArray()) {
      throw error("expected an array but found " + describe());
    }
    List<Node> out = new ArrayList<>(node.size());
    for (int i = 0; i < node.size(); i++) {
      out.add(new Node(node.get(i), path + "[" + i + "]", what));
    }
    return out;
  }

  String text(String fallback) {
    if (absent()) {
      return fallback;
    }
    if (!node.isTextual()) {
      throw error("expected a string but found " + describe());
    }
    return node.textValue();
  }

  String requiredText() {
    if (absent()) {
      throw error("is required");
    }
    String s = text(null);
    if (s.isEmpty()) {
      throw error("must not be empty");
    }
    return s;
  }

  boolean bool(boolean fallback) {
    if (absent()) {
      return fallback;
    }
    if (!node.isBoolean()) {
      throw error("expected true or false but found " + describe());
    }
    return node.booleanValue();
  }

  double number(double fallback) {
    if (absent()) {
      return fallback;
    }
    if (!node.isNumber()) {
      throw error("expected a number but found " + describe());
    }
    double v = node.doubleValue();
    if (!Double.isFinite(v)) {
      throw error("expected a finite number but found " + node.asText());
    }
    return v;
  }

  <E extends Enum<E> & Named> E choice(Class<E> type, E fallback) {
    if (absent()) {
      return fallback;
    }
    String s = text(null);
    for (E e : type.getEnumConstants()) {
      if (e.jsonName().equals(s)) {
        return e;
      }
    }
    List<String> allowed = new ArrayList<>();
    for (E e : type.getEnumConstants()) {
      allowed.add("\"" + e.jsonName() + "\"");
    }
    throw error(
        "unknown value \""
            + s
            + "\"; use one of "
            + String.join(", ", allowed)
            + " (values are case-sensitive)");
  }

  /**
   * A user's value for an error message: quoted, at most 32 characters (then "..."), anything
   * outside printable ASCII as a backslash-u escape; never the whole of a long hostile value.
   */
  static String quoteShort(String s) {
    StringBuilder b = new StringBuilder("\"");
    int n = Math.min(s.length(), 32);
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
        b.append(String.format("\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.append(s.length() > n ? "...\"" : "\"").toString();
  }

  String describe() {
    if (node.isMissingNode()) {
      return "nothing";
    }
    if (node.isNull()) {
      return "null";
    }
    if (node.isTextual()) {
      return "the string \"" + node.textValue() + "\"";
    }
    if (node.isNumber()) {
      return "the number " + node.asText();
    }
    if (node.isBoolean()) {
      return "the boolean " + node.asText();
    }
    if (node.isArray()) {
      return "an array";
    }
    if (node.isObject()) {
      return "an object";
    }
    return node.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
  }

  /** An enum whose JSON spelling differs from its Java name. */
  interface Named {
    String jsonName();
  }
}
