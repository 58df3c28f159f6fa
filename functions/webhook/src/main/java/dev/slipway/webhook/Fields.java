package dev.slipway.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.model.FieldText;
import java.util.Optional;

/**
 * Typed reads of request fields by dotted path. A field of the wrong type, or a required one that
 * is missing, is a {@link BadRequest} naming the field.
 */
final class Fields {
  private Fields() {}

  /** A 400 naming what is wrong with the request. */
  static final class BadRequest extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BadRequest(String message) {
      super(message, null, false, false);
    }
  }

  static JsonNode at(JsonNode root, String path) {
    JsonNode n = root;
    for (String part : path.split("\\.")) {
      n = n.path(part);
    }
    return n;
  }

  /**
   * The one-line text at {@code path}, or null when it is absent or null. Numbers are read as text.
   * A line break (any of YAML's: {@code \n}, {@code \r}, U+0085, U+2028, U+2029), a control
   * character or a bidirectional override is a {@link BadRequest} naming the field and the
   * character, never quoting the value: these values end up in manifests, logs and headers.
   */
  static String text(JsonNode root, String path) {
    return line(prose(root, path), "field '" + path + "'");
  }

  /** {@code value}, if {@link FieldText} finds nothing wrong with it; {@code what} names it. */
  static String line(String value, String what) {
    Optional<String> problem = FieldText.problem(value);
    if (problem.isPresent()) {
      throw new BadRequest(what + " " + problem.get() + "; it must be one line of plain text");
    }
    return value;
  }

  /**
   * The text at {@code path}, which may span lines (a commit message, a release's notes: only
   * searched for the ticket), or null when it is absent or null.
   */
  static String prose(JsonNode root, String path) {
    JsonNode n = at(root, path);
    if (n.isMissingNode() || n.isNull()) {
      return null;
    }
    if (n.isTextual()) {
      return n.asText();
    }
    throw new BadRequest("field '" + path + "' must be a string, was " + type(n));
  }

  /**
   * A build or run number at {@code path}: text, or a whole JSON number as the CI sends it
   * (Jenkins' {@code build.number}, GitHub's {@code run_number}); required.
   */
  static String number(JsonNode root, String path) {
    JsonNode n = at(root, path);
    if (n.isIntegralNumber() && n.canConvertToLong() && n.asLong() >= 0) {
      return n.asText();
    }
    return required(root, path);
  }

  /** As {@link #number}, but absent or null is null. */
  static String optionalNumber(JsonNode root, String path) {
    JsonNode n = at(root, path);
    return n.isMissingNode() || n.isNull() ? null : number(root, path);
  }

  /** The non-blank text at {@code path}. */
  static String required(JsonNode root, String path) {
    String s = text(root, path);
    if (s == null || s.isBlank()) {
      throw new BadRequest("field '" + path + "' is required");
    }
    return s;
  }

  /** The object at {@code path}, or a missing node; anything else is a 400. */
  static JsonNode object(JsonNode root, String path) {
    JsonNode n = at(root, path);
    if (n.isMissingNode() || n.isNull() || n.isObject()) {
      return n;
    }
    throw new BadRequest("field '" + path + "' must be an object, was " + type(n));
  }

  /** The boolean at {@code path}: true, false, or the strings "true"/"false"; absent is false. */
  static boolean flag(JsonNode root, String path) {
    JsonNode n = at(root, path);
    if (n.isMissingNode() || n.isNull()) {
      return false;
    }
    if (n.isBoolean()) {
      return n.asBoolean();
    }
    if (n.isTextual()
        && (n.asText().equalsIgnoreCase("true") || n.asText().equalsIgnoreCase("false"))) {
      return Boolean.parseBoolean(n.asText());
    }
    throw new BadRequest("field '" + path + "' must be true or false, was " + type(n));
  }

  /** A non-negative re-run number from {@code value} (named {@code what} in errors). */
  static int rerun(String value, String what) {
    if (value == null || value.isBlank()) {
      return 0;
    }
    try {
      int n = Integer.parseInt(value.trim());
      if (n >= 0 && n <= 10_000) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new BadRequest(
        what + " must be a whole number from 0 to 10000, was '" + clip(value) + "'");
  }

  static String type(JsonNode n) {
    return switch (n.getNodeType()) {
      case ARRAY -> "an array";
      case OBJECT -> "an object";
      case BOOLEAN -> "a boolean";
      case NUMBER -> "a number";
      case STRING -> "a string";
      default -> "null";
    };
  }

  /** {@code s} cut to a length fit for an error message. */
  static String clip(String s) {
    return s.length() <= 80 ? s : s.substring(0, 77) + "...";
  }
}
