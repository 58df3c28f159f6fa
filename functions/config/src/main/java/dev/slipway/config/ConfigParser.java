package dev.slipway.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.slipway.config.ConfigErrors.Problem;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads {@code slipway.yaml} strictly: the document is validated against {@code
 * schemas/slipway-config.schema.json} (unknown fields, wrong types, missing keys, values out of
 * range), then bound and checked for the rules the schema cannot say (references between keys,
 * duplicates, credentials). Every problem found is reported at once as {@code
 * Slipway.Config.Invalid}, each with the file, line, column and key path.
 */
public final class ConfigParser {
  /** The schema of {@code config/slipway.yaml}, on the classpath under {@code schemas/}. */
  public static final String SCHEMA = "slipway-config.schema.json";

  private static final ObjectMapper YAML =
      YAMLMapper.builder()
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
          .build();

  /** A place in the file: 1-based line and column (0 when unknown). */
  record Mark(int line, int column) {
    static final Mark UNKNOWN = new Mark(0, 0);
  }

  private ConfigParser() {}

  /**
   * Parses and validates {@code yaml}.
   *
   * @param file the name errors use, e.g. {@code config/slipway.yaml}
   */
  public static SlipwayConfig parse(String file, String yaml) {
    if (yaml == null || yaml.lines().allMatch(l -> l.isBlank() || l.strip().startsWith("#"))) {
      throw ConfigErrors.invalid(List.of(new Problem(file, 1, 1, "(file)", "the file is empty")));
    }
    JsonNode tree;
    try {
      tree = YAML.readTree(yaml);
    } catch (JsonProcessingException e) {
      throw ConfigErrors.invalid(List.of(describe(file, e, Map.of())));
    }
    if (tree == null || tree.isMissingNode() || tree.isNull()) {
      throw ConfigErrors.invalid(List.of(new Problem(file, 1, 1, "(file)", "the file is empty")));
    }
    Map<String, Mark> marks = marks(yaml);
    List<JsonSchema.Violation> violations = JsonSchema.load(SCHEMA).validate(tree);
    Map<String, Problem> byField = new LinkedHashMap<>();
    Set<String> structural = new HashSet<>();
    for (JsonSchema.Violation v : violations) {
      byField.putIfAbsent(v.field(), problem(file, marks, v.field(), v.message()));
      if (v.structural()) {
        structural.add(v.field());
      }
    }
    Binding bound = bind(tree, violations);
    for (Problem p : bound.failures()) {
      if (byField.keySet().stream().noneMatch(f -> related(f, p.field()))) {
        Mark at = mark(marks, p.field());
        byField.put(p.field(), new Problem(file, at.line(), at.column(), p.field(), p.message()));
      }
    }
    if (bound.config() != null) {
      for (Problem p : new ConfigValidator(file, marks).validate(bound.config())) {
        if (!structural.contains(p.field()) && !bound.shifted(p.field())) {
          // the validator's message names the rule and the way out better than the schema's
          byField.put(p.field(), p);
        }
      }
    }
    List<Problem> problems = new ArrayList<>(byField.values());
    problems.sort(Comparator.comparingInt(Problem::line).thenComparingInt(Problem::column));
    if (!problems.isEmpty()) {
      throw ConfigErrors.invalid(problems);
    }
    return bound.config();
  }

  /** Whether one key path is the other or lies inside it. */
  private static boolean related(String a, String b) {
    return a.equals(b) || inside(a, b) || inside(b, a);
  }

  private static boolean inside(String child, String parent) {
    return child.startsWith(parent + ".") || child.startsWith(parent + "[");
  }

  /**
   * The bound configuration, or null; the binding failures the schema did not foresee; and the list
   * elements taken out to bind the rest (so later elements' indexes moved).
   */
  private record Binding(SlipwayConfig config, List<Problem> failures, List<String> removed) {
    /** Whether {@code field} lies after a removed element of its list (its index moved). */
    boolean shifted(String field) {
      for (String r : removed) {
        int open = r.lastIndexOf('[');
        String list = r.substring(0, open + 1);
        int index = Integer.parseInt(r.substring(open + 1, r.length() - 1));
        if (field.startsWith(list)) {
          int close = field.indexOf(']', list.length());
          String n = close < 0 ? "" : field.substring(list.length(), close);
          if (n.chars().allMatch(Character::isDigit)
              && !n.isEmpty()
              && Integer.parseInt(n) >= index) {
            return true;
          }
        }
      }
      return false;
    }
  }

  /**
   * Binds what can be bound: the values of the wrong shape are taken out first (they are reported
   * already), so the validator still sees, and reports, everything else.
   */
  private static Binding bind(JsonNode tree, List<JsonSchema.Violation> violations) {
    List<Problem> failures = new ArrayList<>();
    List<String> removed = new ArrayList<>();
    if (!tree.isObject()) {
      return new Binding(null, failures, removed);
    }
    JsonNode copy = tree.deepCopy();
    for (int i = violations.size() - 1; i >= 0; i--) {
      if (violations.get(i).structural()) {
        prune(copy, violations.get(i).path(), removed);
      }
    }
    for (int attempt = 0; attempt < 100; attempt++) {
      try {
        return new Binding(YAML.treeToValue(copy, SlipwayConfig.class), failures, removed);
      } catch (JsonProcessingException e) {
        List<Object> path = e instanceof JsonMappingException m ? segments(m.getPath()) : List.of();
        failures.add(describe("", e, Map.of()));
        if (path.isEmpty() || !prune(copy, path, removed)) {
          return new Binding(null, failures, removed);
        }
      }
    }
    return new Binding(null, failures, removed);
  }

  /** Takes the node at {@code path} out of {@code root}; false when there is none. */
  private static boolean prune(JsonNode root, List<Object> path, List<String> removed) {
    if (path.isEmpty()) {
      return false;
    }
    JsonNode parent = root;
    for (Object seg : path.subList(0, path.size() - 1)) {
      parent = seg instanceof Integer i ? parent.path(i) : parent.path((String) seg);
    }
    Object last = path.get(path.size() - 1);
    if (parent instanceof ObjectNode o && last instanceof String k && o.has(k)) {
      o.remove(k);
      return true;
    }
    if (parent instanceof ArrayNode a && last instanceof Integer i && i < a.size()) {
      a.remove(i);
      removed.add(JsonSchema.render(path));
      return true;
    }
    return false;
  }

  private static List<Object> segments(List<JsonMappingException.Reference> refs) {
    List<Object> out = new ArrayList<>();
    for (JsonMappingException.Reference r : refs) {
      if (r.getIndex() >= 0) {
        out.add(r.getIndex());
      } else if (r.getFieldName() != null) {
        out.add(r.getFieldName());
      }
    }
    return out;
  }

  private static Problem problem(String file, Map<String, Mark> marks, String field, String msg) {
    Mark at = mark(marks, field);
    return new Problem(file, at.line(), at.column(), field, msg);
  }

  /** Where {@code field} is, or the nearest enclosing key that is in the file. */
  static Mark mark(Map<String, Mark> marks, String field) {
    String f = field;
    while (true) {
      Mark m = marks.get(f);
      if (m != null) {
        return m;
      }
      int cut = Math.max(f.lastIndexOf('.'), f.lastIndexOf('['));
      if (cut <= 0) {
        return marks.getOrDefault("", Mark.UNKNOWN);
      }
      f = f.substring(0, cut);
    }
  }

  private static Problem describe(String file, JsonProcessingException e, Map<String, Mark> marks) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof MarkedYAMLException y) {
        org.yaml.snakeyaml.error.Mark mark =
            y.getContextMark() != null ? y.getContextMark() : y.getProblemMark();
        String what =
            (y.getContext() == null ? "" : y.getContext() + ": ")
                + (y.getProblem() == null ? "" : y.getProblem());
        return new Problem(
            file,
            mark == null ? 0 : mark.getLine() + 1,
            mark == null ? 0 : mark.getColumn() + 1,
            "(file)",
            "not valid YAML: " + what);
      }
    }
    JsonLocation at = e.getLocation();
    int line = at == null ? 0 : at.getLineNr();
    int column = at == null ? 0 : at.getColumnNr();
    String field = "(file)";
    String message = e.getOriginalMessage();
    if (e instanceof JsonMappingException m && !m.getPath().isEmpty()) {
      field = JsonSchema.render(segments(m.getPath()));
      if (e instanceof UnrecognizedPropertyException u) {
        message =
            "unknown field '"
                + u.getPropertyName()
                + "' (known: "
                + String.join(", ", u.getKnownPropertyIds().stream().map(String::valueOf).toList())
                + ")";
      } else if (e instanceof ValueInstantiationException && e.getCause() != null) {
        message = e.getCause().getMessage();
      } else {
        message = firstSentence(message);
      }
    } else if (e.getProcessor() instanceof JsonParser p && message != null) {
      // a duplicate key: the parser stands in the mapping that holds it
      String where = path(p.getParsingContext());
      field = where.isEmpty() ? "(file)" : where;
      message = firstSentence(message);
      at = p.currentTokenLocation();
      line = at.getLineNr();
      column = at.getColumnNr();
    } else if (message != null) {
      message = "not valid YAML: " + firstSentence(message);
    }
    Mark known = field.equals("(file)") ? null : marks.get(field);
    return known == null
        ? new Problem(file, line, column, field, message)
        : new Problem(file, known.line(), known.column(), field, message);
  }

  private static String firstSentence(String message) {
    if (message == null) {
      return "invalid";
    }
    int cut = message.indexOf('\n');
    String s = cut >= 0 ? message.substring(0, cut) : message;
    int hint = s.indexOf(" (but might if coercion");
    if (hint >= 0) {
      s = s.substring(0, hint);
    }
    return s.replace("dev.slipway.config.", "");
  }

  /**
   * The line and column of every key and value, keyed by its path in the form problems use ({@code
   * applications[0].environments[1].canaryGate}); a key's own place wins over its value's.
   */
  static Map<String, Mark> marks(String yaml) {
    Map<String, Mark> marks = new HashMap<>();
    try (JsonParser p = new YAMLFactory().createParser(yaml)) {
      JsonToken t;
      while ((t = p.nextToken()) != null) {
        if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
          continue;
        }
        JsonLocation at = p.currentTokenLocation();
        // a mapping or list that starts belongs where its parent stands (a key, an index)
        JsonStreamContext ctx =
            t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY
                ? p.getParsingContext().getParent()
                : p.getParsingContext();
        marks.putIfAbsent(path(ctx), new Mark(at.getLineNr(), at.getColumnNr()));
      }
    } catch (IOException e) {
      // the document parsed a moment ago; an index that stops early only costs places
      return marks;
    }
    return marks;
  }

  private static String path(JsonStreamContext ctx) {
    if (ctx == null || ctx.inRoot()) {
      return "";
    }
    String parent = path(ctx.getParent());
    if (ctx.inArray()) {
      return parent + "[" + Math.max(ctx.getCurrentIndex(), 0) + "]";
    }
    String name = ctx.getCurrentName();
    if (name == null) {
      return parent;
    }
    return parent.isEmpty() ? name : parent + "." + name;
  }
}
