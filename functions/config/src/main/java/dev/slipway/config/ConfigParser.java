package dev.slipway.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.slipway.config.ConfigErrors.Problem;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads {@code slipway.yaml} strictly: unknown fields, wrong types, duplicate keys and inconsistent
 * references are all {@code Slipway.Config.Invalid}, naming the file, the line and the field.
 */
public final class ConfigParser {
  private static final ObjectMapper YAML =
      YAMLMapper.builder()
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
          .build();

  private ConfigParser() {}

  /**
   * Parses and validates {@code yaml}.
   *
   * @param file the name errors use, e.g. {@code config/slipway.yaml}
   */
  public static SlipwayConfig parse(String file, String yaml) {
    if (yaml == null || yaml.lines().allMatch(l -> l.isBlank() || l.strip().startsWith("#"))) {
      throw ConfigErrors.invalid(List.of(new Problem(file, 1, "(file)", "the file is empty")));
    }
    SlipwayConfig config;
    try {
      config = YAML.readValue(yaml, SlipwayConfig.class);
    } catch (JsonProcessingException e) {
      throw ConfigErrors.invalid(List.of(describe(file, e, lineIndex(yaml))));
    }
    if (config == null) {
      throw ConfigErrors.invalid(List.of(new Problem(file, 1, "(file)", "the file is empty")));
    }
    List<Problem> problems = new ConfigValidator(file, lineIndex(yaml)).validate(config);
    if (!problems.isEmpty()) {
      throw ConfigErrors.invalid(problems);
    }
    return config;
  }

  private static Problem describe(
      String file, JsonProcessingException e, Map<String, Integer> lines) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof MarkedYAMLException y) {
        Mark mark = y.getContextMark() != null ? y.getContextMark() : y.getProblemMark();
        String what =
            (y.getContext() == null ? "" : y.getContext() + ": ")
                + (y.getProblem() == null ? "" : y.getProblem());
        return new Problem(
            file, mark == null ? 0 : mark.getLine() + 1, "(file)", "not valid YAML: " + what);
      }
    }
    JsonLocation at = e.getLocation();
    int line = at == null ? 0 : at.getLineNr();
    String field = "(file)";
    String message = e.getOriginalMessage();
    if (e instanceof JsonMappingException m && !m.getPath().isEmpty()) {
      field = path(m.getPath());
      if (message == null || !message.startsWith("Duplicate field")) {
        line = lines.getOrDefault(field, line);
      }
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
    } else if (message != null) {
      message = "not valid YAML: " + firstSentence(message);
    }
    return new Problem(file, line, field, message);
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

  private static String path(List<JsonMappingException.Reference> refs) {
    StringBuilder sb = new StringBuilder();
    for (JsonMappingException.Reference r : refs) {
      if (r.getIndex() >= 0) {
        sb.append('[').append(r.getIndex()).append(']');
      } else if (r.getFieldName() != null) {
        if (!sb.isEmpty()) {
          sb.append('.');
        }
        sb.append(r.getFieldName());
      }
    }
    return sb.toString();
  }

  /**
   * The line of every node, keyed by its field path in the form the validator reports ({@code
   * applications[0].environments[1].canaryGate}).
   */
  static Map<String, Integer> lineIndex(String yaml) {
    Map<String, Integer> lines = new HashMap<>();
    try (JsonParser p = new YAMLFactory().createParser(yaml)) {
      JsonToken t;
      while ((t = p.nextToken()) != null) {
        if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
          continue;
        }
        lines.putIfAbsent(path(p.getParsingContext()), p.currentTokenLocation().getLineNr());
      }
    } catch (IOException e) {
      // the document parsed a moment ago; an index that stops early only costs line numbers
      return lines;
    }
    return lines;
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
