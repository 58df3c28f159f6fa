package dev.slipway.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import dev.slipway.model.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * One of Slipway's JSON Schema files ({@code schemas/*.schema.json} on the classpath, draft
 * 2020-12) and the validator the parsers run them with. The schema files are the one source of
 * truth for the keys and types a file may hold: editors read them (the {@code yaml-language-server}
 * line in the example configs), and the parsers validate every document against them before binding
 * it.
 *
 * <p>The validator implements the keywords the schema files use, and loading a schema that uses any
 * other assertion fails, so no rule in a file is silently skipped: {@code $ref} (to {@code
 * #/$defs/...}), {@code type}, {@code enum}, {@code const}, {@code pattern}, {@code minLength},
 * {@code maxLength}, {@code minimum}, {@code maximum}, {@code exclusiveMinimum}, {@code
 * exclusiveMaximum}, {@code minItems}, {@code items}, {@code minProperties}, {@code maxProperties},
 * {@code properties}, {@code required}, {@code additionalProperties}, {@code propertyNames} and
 * {@code anyOf} (its branches told apart by {@code type}). A full validator (networknt's, Jackson
 * 3) would add about 3.3 MB to every function that reads the configuration.
 *
 * <p>One rule differs from JSON Schema, as all three parsers bind documents: a known key with no
 * value ({@code release:} with nothing after it, JSON {@code null}) is the same as the key left
 * out, so it is valid unless the key is {@code required}. A list entry or a map value that is null
 * is still checked against its schema.
 */
public final class JsonSchema {
  /** The keywords this validator asserts. */
  static final Set<String> ASSERTIONS =
      Set.of(
          "$ref",
          "type",
          "enum",
          "const",
          "pattern",
          "minLength",
          "maxLength",
          "minimum",
          "maximum",
          "exclusiveMinimum",
          "exclusiveMaximum",
          "minItems",
          "items",
          "minProperties",
          "maxProperties",
          "properties",
          "required",
          "additionalProperties",
          "propertyNames",
          "anyOf");

  /** Keywords that only annotate (editors show them; they assert nothing). */
  static final Set<String> ANNOTATIONS =
      Set.of("$schema", "$id", "$defs", "$comment", "title", "description", "default", "examples");

  private static final Map<String, JsonSchema> LOADED = new ConcurrentHashMap<>();

  /**
   * One thing wrong with a document.
   *
   * @param path where, as a list of field names and array indexes (empty: the document)
   * @param message what is wrong
   * @param structural whether the value is of the wrong shape (wrong type, unknown field), so that
   *     binding it would fail; otherwise only its value is wrong
   */
  public record Violation(List<Object> path, String message, boolean structural) {
    public Violation {
      path = List.copyOf(path);
    }

    /** The path as the parsers print it: {@code applications[0].environments[1].name}. */
    public String field() {
      return render(path);
    }
  }

  private final String name;
  private final JsonNode root;
  private final Map<String, Pattern> patterns = new ConcurrentHashMap<>();

  private JsonSchema(String name, JsonNode root) {
    this.name = name;
    this.root = root;
    checkKeywords(root, "");
  }

  /** A schema read from {@code document} (for tests of the validator itself). */
  static JsonSchema of(String name, JsonNode document) {
    return new JsonSchema(name, document);
  }

  /**
   * The schema {@code schemas/<name>} on the classpath, e.g. {@code slipway-config.schema.json}.
   */
  public static JsonSchema load(String name) {
    return LOADED.computeIfAbsent(name, JsonSchema::read);
  }

  private static JsonSchema read(String name) {
    try (InputStream in = JsonSchema.class.getResourceAsStream("/schemas/" + name)) {
      if (in == null) {
        throw new IllegalStateException("no schema /schemas/" + name + " on the classpath");
      }
      return new JsonSchema(name, Json.mapper().readTree(in));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read schema " + name, e);
    }
  }

  /** The schema document itself. */
  public JsonNode document() {
    return root;
  }

  /** Every violation in {@code doc}, in document order. */
  public List<Violation> validate(JsonNode doc) {
    List<Violation> out = new ArrayList<>();
    check(root, doc, new ArrayList<>(), out);
    return out;
  }

  /** Resolves a {@code $ref} ({@code #/$defs/name} or {@code #}). */
  public JsonNode resolve(String ref) {
    if (ref.equals("#")) {
      return root;
    }
    JsonNode target = ref.startsWith("#/") ? root.at(ref.substring(1)) : null;
    if (target == null || target.isMissingNode()) {
      throw new IllegalStateException(name + ": unresolvable $ref " + ref);
    }
    return target;
  }

  private void checkKeywords(JsonNode schema, String at) {
    if (!schema.isObject()) {
      if (!schema.isBoolean()) {
        throw new IllegalStateException(name + at + ": a schema must be an object or a boolean");
      }
      return;
    }
    for (Iterator<String> it = schema.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (!ASSERTIONS.contains(k) && !ANNOTATIONS.contains(k)) {
        throw new IllegalStateException(
            name
                + at
                + ": keyword '"
                + k
                + "' is not implemented by dev.slipway.config.JsonSchema");
      }
    }
    if (schema.has("$ref")) {
      resolve(schema.get("$ref").asText());
    }
    for (String k : List.of("items", "additionalProperties", "propertyNames")) {
      if (schema.has(k)) {
        checkKeywords(schema.get(k), at + "/" + k);
      }
    }
    for (String k : List.of("properties", "$defs")) {
      schema.path(k).fields().forEachRemaining(e -> checkKeywords(e.getValue(), at + "/" + k));
    }
    schema.path("anyOf").forEach(s -> checkKeywords(s, at + "/anyOf"));
  }

  private void check(JsonNode schema, JsonNode node, List<Object> path, List<Violation> out) {
    if (schema.isBoolean()) {
      if (!schema.booleanValue()) {
        out.add(new Violation(path, "is not allowed here", true));
      }
      return;
    }
    if (schema.has("$ref")) {
      int before = out.size();
      check(resolve(schema.get("$ref").asText()), node, path, out);
      if (out.size() > before) {
        return;
      }
    }
    if (schema.has("anyOf")) {
      anyOf(schema.get("anyOf"), node, path, out);
      return;
    }
    if (schema.has("type") && !typeMatches(schema.get("type"), node)) {
      // null binds as absent: the rules of a required key then speak for it
      out.add(
          new Violation(
              path,
              "must be " + typeNames(schema.get("type")) + ", was " + kind(node),
              !node.isNull()));
      return;
    }
    if (schema.has("const") && !schema.get("const").equals(node)) {
      out.add(
          new Violation(
              path,
              "must be " + schema.get("const") + ", was " + shortValue(node),
              !sameType(schema.get("const"), node)));
      return;
    }
    if (schema.has("enum") && !contains(schema.get("enum"), node)) {

      List<String> names = new ArrayList<>();
      schema.get("enum").forEach(e -> names.add(e.asText()));
      out.add(
          new Violation(
              path, shortValue(node) + " is not one of: " + String.join(", ", names), false));
      return;
    }
    if (node.isTextual()) {
      string(schema, node.textValue(), path, out);
    } else if (node.isNumber()) {
      number(schema, node, path, out);
    } else if (node.isArray()) {
      array(schema, node, path, out);
    } else if (node.isObject()) {
      object(schema, node, path, out);
    }
  }

  /** The branch whose {@code type} the node has; none: a type violation naming them all. */
  private void anyOf(JsonNode branches, JsonNode node, List<Object> path, List<Violation> out) {
    List<Violation> first = null;
    List<String> types = new ArrayList<>();
    for (JsonNode branch : branches) {
      JsonNode b = branch.has("$ref") ? resolve(branch.get("$ref").asText()) : branch;
      types.add(typeNames(b.path("type")));
      if (b.has("type") && !typeMatches(b.get("type"), node)) {
        continue;
      }
      List<Violation> found = new ArrayList<>();
      check(branch, node, path, found);
      if (found.isEmpty()) {
        return;
      }
      first = first == null ? found : first;
    }
    if (first != null) {
      out.addAll(first);
    } else {
      out.add(
          new Violation(
              path, "must be " + String.join(" or ", types) + ", was " + kind(node), true));
    }
  }

  private void string(JsonNode schema, String value, List<Object> path, List<Violation> out) {
    if (schema.has("minLength")
        && value.codePointCount(0, value.length()) < schema.get("minLength").asInt()) {
      out.add(
          new Violation(
              path,
              value.isEmpty()
                  ? "must not be empty"
                  : "must be at least " + schema.get("minLength").asInt() + " characters long",
              false));
    }
    if (schema.has("maxLength")
        && value.codePointCount(0, value.length()) > schema.get("maxLength").asInt()) {
      out.add(
          new Violation(
              path,
              "must be at most " + schema.get("maxLength").asInt() + " characters long",
              false));
    }
    if (schema.has("pattern") && !pattern(schema.get("pattern").asText()).matcher(value).find()) {
      out.add(
          new Violation(
              path,
              shortValue(value) + " does not match " + schema.get("pattern").asText(),
              false));
    }
  }

  private void number(JsonNode schema, JsonNode node, List<Object> path, List<Violation> out) {
    double v = node.doubleValue();
    String what = "integer".equals(schema.path("type").asText()) ? "an integer" : "a number";
    if (schema.has("minimum") && v < schema.get("minimum").doubleValue()) {
      out.add(bound(path, what, "≥", schema.get("minimum"), node));
    } else if (schema.has("exclusiveMinimum")
        && v <= schema.get("exclusiveMinimum").doubleValue()) {
      out.add(bound(path, what, ">", schema.get("exclusiveMinimum"), node));
    } else if (schema.has("maximum") && v > schema.get("maximum").doubleValue()) {
      out.add(bound(path, what, "≤", schema.get("maximum"), node));
    } else if (schema.has("exclusiveMaximum")
        && v >= schema.get("exclusiveMaximum").doubleValue()) {
      out.add(bound(path, what, "<", schema.get("exclusiveMaximum"), node));
    }
  }

  private static Violation bound(
      List<Object> path, String what, String op, JsonNode limit, JsonNode node) {
    return new Violation(
        path,
        "must be " + what + " " + op + " " + limit.asText() + ", was " + node.asText(),
        false);
  }

  private void array(JsonNode schema, JsonNode node, List<Object> path, List<Violation> out) {
    if (schema.has("minItems") && node.size() < schema.get("minItems").asInt()) {
      int n = schema.get("minItems").asInt();
      out.add(new Violation(path, "needs at least " + n + (n == 1 ? " entry" : " entries"), false));
    }
    if (schema.has("items")) {
      for (int i = 0; i < node.size(); i++) {
        check(schema.get("items"), node.get(i), child(path, i), out);
      }
    }
  }

  private void object(JsonNode schema, JsonNode node, List<Object> path, List<Violation> out) {
    JsonNode props = schema.path("properties");
    for (JsonNode r : schema.path("required")) {
      JsonNode v = node.get(r.asText());
      if (v == null || v.isNull()) {
        out.add(new Violation(child(path, r.asText()), "is required", false));
      }
    }
    if (schema.has("minProperties") && node.size() < schema.get("minProperties").asInt()
        || schema.has("maxProperties") && node.size() > schema.get("maxProperties").asInt()) {
      out.add(
          new Violation(
              path,
              "must hold "
                  + (schema.path("minProperties").asInt(-1)
                          == schema.path("maxProperties").asInt(-2)
                      ? "exactly " + schema.get("minProperties").asInt()
                      : "between "
                          + schema.path("minProperties").asInt(0)
                          + " and "
                          + schema.path("maxProperties").asInt(Integer.MAX_VALUE))
                  + " key(s), holds "
                  + node.size(),
              false));
    }
    JsonNode extra = schema.get("additionalProperties");
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      List<Object> at = child(path, e.getKey());
      if (schema.has("propertyNames")) {
        List<Violation> bad = new ArrayList<>();
        check(
            schema.get("propertyNames"),
            new com.fasterxml.jackson.databind.node.TextNode(e.getKey()),
            at,
            bad);
        if (!bad.isEmpty()) {
          out.add(new Violation(at, "is not an allowed key: " + bad.get(0).message(), false));
          continue;
        }
      }
      if (props.has(e.getKey())) {
        if (!e.getValue().isNull()) {
          check(props.get(e.getKey()), e.getValue(), at, out);
        }
      } else if (extra != null && extra.isBoolean() && !extra.booleanValue()) {
        List<String> known = new ArrayList<>();
        props.fieldNames().forEachRemaining(known::add);
        out.add(
            new Violation(
                at,
                "unknown field '"
                    + shortText(e.getKey(), 40)
                    + "' (known: "
                    + String.join(", ", known)
                    + ")",
                true));
      } else if (extra != null) {
        check(extra, e.getValue(), at, out);
      }
    }
  }

  private Pattern pattern(String regex) {
    return patterns.computeIfAbsent(regex, Pattern::compile);
  }

  private static boolean typeMatches(JsonNode type, JsonNode node) {
    if (type.isArray()) {
      for (JsonNode t : type) {
        if (typeMatches(t, node)) {
          return true;
        }
      }
      return false;
    }
    return switch (type.asText()) {
      case "object" -> node.isObject();
      case "array" -> node.isArray();
      case "string" -> node.isTextual();
      case "integer" -> node.isIntegralNumber();
      case "number" -> node.isNumber();
      case "boolean" -> node.isBoolean();
      case "null" -> node.isNull();
      default -> false;
    };
  }

  private static String typeNames(JsonNode type) {
    if (type.isArray()) {
      List<String> names = new ArrayList<>();
      type.forEach(t -> names.add(typeNames(t)));
      return String.join(" or ", names);
    }
    return switch (type.asText()) {
      case "object" -> "a mapping";
      case "array" -> "a list";
      case "string" -> "a string";
      case "integer" -> "an integer";
      case "number" -> "a number";
      case "boolean" -> "true or false";
      case "null" -> "null";
      default -> "a value";
    };
  }

  private static String kind(JsonNode node) {
    JsonNodeType t = node.getNodeType();
    return switch (t) {
      case OBJECT -> "a mapping";
      case ARRAY -> "a list";
      case STRING -> "the string " + shortValue(node);
      case NUMBER -> "the number " + node.asText();
      case BOOLEAN -> node.asText();
      case NULL, MISSING -> "empty";
      default -> t.name().toLowerCase(java.util.Locale.ROOT);
    };
  }

  private static boolean sameType(JsonNode a, JsonNode b) {
    return a.getNodeType() == b.getNodeType();
  }

  private static boolean contains(JsonNode values, JsonNode node) {
    for (JsonNode v : values) {
      if (v.equals(node)) {
        return true;
      }
    }
    return false;
  }

  /** A value to quote back: a short, printable prefix (never a whole hostile value). */
  static String shortValue(JsonNode node) {
    return node.isTextual() ? shortValue(node.textValue()) : shortText(node.toString());
  }

  private static String shortValue(String text) {
    return "'" + shortText(text) + "'";
  }

  private static String shortText(String text) {
    return shortText(text, 20);
  }

  private static String shortText(String text, int max) {
    String printable = text.replaceAll("[^\\x20-\\x7e]", "?");
    return printable.length() <= max ? printable : printable.substring(0, max) + "…";
  }

  private static List<Object> child(List<Object> path, Object segment) {
    List<Object> out = new ArrayList<>(path.size() + 1);
    out.addAll(path);
    out.add(segment);
    return out;
  }

  /** {@code [applications, 0, name]} as {@code applications[0].name}. */
  static String render(List<Object> path) {
    StringBuilder sb = new StringBuilder();
    for (Object seg : path) {
      if (seg instanceof Integer i) {
        sb.append('[').append(i).append(']');
      } else {
        if (!sb.isEmpty()) {
          sb.append('.');
        }
        sb.append(seg);
      }
    }
    return sb.isEmpty() ? "(file)" : sb.toString();
  }

  /**
   * Every key path the schema defines, in the form the docs tables use: {@code
   * applications[].release.progressDeadlineSeconds}; keys of free-form maps ({@code headers},
   * {@code parameters}) are not listed, only the map itself.
   */
  public Set<String> keyPaths() {
    Set<String> out = new java.util.TreeSet<>();
    keyPaths(root, "", out, new HashSet<>());
    return out;
  }

  private void keyPaths(JsonNode schema, String at, Set<String> out, Set<String> refs) {
    if (!schema.isObject()) {
      return;
    }
    if (schema.has("$ref")) {
      String ref = schema.get("$ref").asText();
      if (refs.add(ref + "@" + at)) {
        keyPaths(resolve(ref), at, out, refs);
      }
    }
    schema.path("anyOf").forEach(b -> keyPaths(b, at, out, refs));
    if (schema.has("items")) {
      keyPaths(schema.get("items"), at + "[]", out, refs);
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = schema.path("properties").fields();
        it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String p = at.isEmpty() ? e.getKey() : at + "." + e.getKey();
      out.add(p);
      keyPaths(e.getValue(), p, out, refs);
    }
  }
}
