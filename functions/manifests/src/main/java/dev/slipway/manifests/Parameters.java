package dev.slipway.manifests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Strict {@code ${name}} parameters, substituted as <em>values</em>: a template is parsed as YAML
 * with its references left in place, and each reference is then replaced inside the scalar (key or
 * value) that holds it. A value is data: it can never add a line, a document, a mapping, a list, an
 * anchor, an alias or a tag, whatever characters it holds.
 *
 * <p>Every reference must name a known parameter with a value; there are no defaults ({@code
 * ${a:-b}}); values are never substituted again; {@code $${name}} writes a literal {@code ${name}}.
 *
 * <p>Types: a plain (unquoted, untagged) scalar that is exactly one reference takes the YAML
 * core-schema type of its value when the value is an integer that fits 64 bits ({@code 0}, {@code
 * -12}; no leading zeros, signs other than '-', hex or octal), a decimal of at most 32 characters
 * ({@code 1.5}; no exponent) or {@code true}/{@code false}; anything else, and every quoted scalar,
 * key or scalar with more text around the reference, is a string. A value is never null.
 *
 * <p>How: before parsing, each {@code ${} of a reference becomes two private-use characters, its
 * {@code }} one, and an escaped {@code $${name}} three and one. The markers keep every line and
 * column where they were (so YAML errors point at the template's own text) and are valid inside any
 * YAML scalar, plain, quoted or block, in block and in flow context alike.
 */
final class Parameters {
  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]*");

  /** Replaces the {@code ${} of a reference (two characters, like what it replaces). */
  private static final String OPEN = "\uE000\uE001";

  /** Replaces the {@code }} of a reference. */
  private static final char CLOSE = '\uE002';

  /** Replaces an escaped {@code $${}, which becomes a literal {@code ${}. */
  private static final String ESCAPED = "\uE003\uE003\uE003";

  /** Replaces the {@code }} of an escaped {@code $${name}}, which becomes a literal {@code }}. */
  private static final char ESCAPED_CLOSE = '\uE004';

  private static final char FIRST_MARKER = '\uE000';
  private static final char LAST_MARKER = '\uE004';

  /** YAML 1.2 core-schema literals a plain reference keeps the type of. */
  private static final Pattern INTEGER = Pattern.compile("0|-?[1-9][0-9]*");

  private static final Pattern DECIMAL = Pattern.compile("-?(0|[1-9][0-9]*)\\.[0-9]+");

  private static final int MAX_DECIMAL_CHARACTERS = 32;

  private final Map<String, String> values;
  private final Map<String, String> unset;

  /**
   * @param values the parameters with their values
   * @param unset parameters this release has no value for, each with why (referencing one is an
   *     error too, with that reason)
   */
  Parameters(Map<String, String> values, Map<String, String> unset) {
    this.values = new TreeMap<>(values);
    this.unset = Map.copyOf(unset);
  }

  /**
   * The documents of a template or override file, every reference checked (with file, line and
   * column) and substituted as a scalar value.
   */
  List<Yaml.Document> render(String file, String text) {
    return Yaml.documents(file, mark(file, text), this::scalar, Parameters::readable);
  }

  /**
   * The text with every reference replaced by markers of the same length; each reference is checked
   * first, line by line, so errors carry a column.
   */
  String mark(String file, String text) {
    String[] lines = text.split("\n", -1);
    var out = new StringBuilder(text.length());
    for (int i = 0; i < lines.length; i++) {
      if (i > 0) {
        out.append('\n');
      }
      markLine(file, i + 1, lines[i], out);
    }
    return out.toString();
  }

  private void markLine(String file, int line, String text, StringBuilder out) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c >= FIRST_MARKER && c <= LAST_MARKER) {
        throw ManifestErrors.invalidTemplate(
            file,
            line,
            String.format(
                "column %d holds U+%04X, a private-use character Slipway reserves for parameter"
                    + " references; remove it (write it as \"\\u%04X\" in a double-quoted string)",
                i + 1, (int) c, (int) c));
      }
    }
    int from = 0;
    while (true) {
      int start = text.indexOf("${", from);
      if (start < 0) {
        out.append(text, from, text.length());
        return;
      }
      if (start > 0 && text.charAt(start - 1) == '$') {
        // $${...} is an escaped literal; the '}' of $${name} is marked too, so that the literal
        // is a valid plain scalar in a flow collection as well
        out.append(text, from, start - 1).append(ESCAPED);
        from = start + 2;
        int end = text.indexOf('}', from);
        if (end > 0 && NAME.matcher(text.substring(from, end)).matches()) {
          out.append(text, from, end).append(ESCAPED_CLOSE);
          from = end + 1;
        }
        continue;
      }
      int end = text.indexOf('}', start + 2);
      if (end < 0) {
        throw ManifestErrors.invalidTemplate(
            file,
            line,
            "'${' at column "
                + (start + 1)
                + " is never closed with '}'. Write ${name}, or $${ for a literal '${'");
      }
      String name = text.substring(start + 2, end);
      if (!NAME.matcher(name).matches()) {
        throw ManifestErrors.invalidTemplate(
            file,
            line,
            "'${"
                + name
                + "}' at column "
                + (start + 1)
                + " is not a parameter reference: names are letters, digits, '_', '-' and '.',"
                + " with no spaces and no defaults");
      }
      if (unset.containsKey(name)) {
        throw ManifestErrors.unsetParameter(file, line, start + 1, name, unset.get(name));
      }
      if (!values.containsKey(name)) {
        throw ManifestErrors.unknownParameter(file, line, start + 1, name, values.keySet());
      }
      out.append(text, from, start).append(OPEN).append(name).append(CLOSE);
      from = end + 1;
    }
  }

  /**
   * The node for a string scalar of a marked template.
   *
   * @param plain whether the scalar was written plain (no quotes, tag or anchor)
   */
  JsonNode scalar(String text, boolean plain) {
    if (!hasMarker(text)) {
      return TextNode.valueOf(text);
    }
    if (plain && text.startsWith(OPEN) && text.indexOf(CLOSE) == text.length() - 1) {
      return typed(values.get(text.substring(OPEN.length(), text.length() - 1)));
    }
    return TextNode.valueOf(substitute(text));
  }

  /** A scalar with every marker replaced: by the parameter's value, or by a literal {@code ${}. */
  String substitute(String text) {
    if (!hasMarker(text)) {
      return text;
    }
    var out = new StringBuilder(text.length() + 64);
    int i = 0;
    while (i < text.length()) {
      if (text.startsWith(OPEN, i)) {
        int close = text.indexOf(CLOSE, i);
        out.append(values.get(text.substring(i + OPEN.length(), close)));
        i = close + 1;
      } else if (text.startsWith(ESCAPED, i)) {
        out.append("${");
        i += ESCAPED.length();
      } else if (text.charAt(i) == ESCAPED_CLOSE) {
        out.append('}');
        i++;
      } else {
        out.append(text.charAt(i++));
      }
    }
    return out.toString();
  }

  /** A parser message about marked text, with the markers turned back into what was written. */
  static String readable(String message) {
    return message
        .replace(OPEN, "${")
        .replace(String.valueOf(CLOSE), "}")
        .replace(ESCAPED, "$${")
        .replace(String.valueOf(ESCAPED_CLOSE), "}");
  }

  private static boolean hasMarker(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c >= FIRST_MARKER && c <= LAST_MARKER) {
        return true;
      }
    }
    return false;
  }

  /** The value of a plain scalar that is exactly one reference (see the class comment). */
  static JsonNode typed(String value) {
    if (value.equals("true") || value.equals("false")) {
      return BooleanNode.valueOf(value.equals("true"));
    }
    if (INTEGER.matcher(value).matches() && value.length() <= 20) {
      try {
        long number = Long.parseLong(value);
        return number == (int) number
            ? JsonNodeFactory.instance.numberNode((int) number)
            : JsonNodeFactory.instance.numberNode(number);
      } catch (NumberFormatException e) {
        return TextNode.valueOf(value); // beyond 64 bits: a string of digits
      }
    }
    if (DECIMAL.matcher(value).matches() && value.length() <= MAX_DECIMAL_CHARACTERS) {
      return DecimalNode.valueOf(new BigDecimal(value));
    }
    return TextNode.valueOf(value);
  }
}
