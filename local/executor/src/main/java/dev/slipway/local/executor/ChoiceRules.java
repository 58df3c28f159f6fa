package dev.slipway.local.executor;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;

/** JSONPath Choice rules: every operator, Path variants, And/Or/Not, AWS's type-mismatch rules. */
final class ChoiceRules {
  static final List<String> COMPARISONS =
      List.of(
          "StringEquals",
          "StringLessThan",
          "StringGreaterThan",
          "StringLessThanEquals",
          "StringGreaterThanEquals",
          "NumericEquals",
          "NumericLessThan",
          "NumericGreaterThan",
          "NumericLessThanEquals",
          "NumericGreaterThanEquals",
          "BooleanEquals",
          "TimestampEquals",
          "TimestampLessThan",
          "TimestampGreaterThan",
          "TimestampLessThanEquals",
          "TimestampGreaterThanEquals");
  static final Set<String> TYPE_TESTS =
      Set.of("IsNull", "IsPresent", "IsNumeric", "IsString", "IsBoolean", "IsTimestamp");

  private ChoiceRules() {}

  /** The operator field of a rule (excluding Variable/Next/Assign/...), or null. */
  static String operator(JsonNode rule) {
    for (String c : COMPARISONS) {
      if (rule.has(c)) {
        return c;
      }
      if (rule.has(c + "Path")) {
        return c + "Path";
      }
    }
    if (rule.has("StringMatches")) {
      return "StringMatches";
    }
    for (String t : TYPE_TESTS) {
      if (rule.has(t)) {
        return t;
      }
    }
    return null;
  }

  static boolean evaluate(JsonNode rule, JsonNode input, JsonPaths.Scope scope) {
    if (rule.has("And")) {
      for (JsonNode r : rule.get("And")) {
        if (!evaluate(r, input, scope)) {
          return false;
        }
      }
      return true;
    }
    if (rule.has("Or")) {
      for (JsonNode r : rule.get("Or")) {
        if (evaluate(r, input, scope)) {
          return true;
        }
      }
      return false;
    }
    if (rule.has("Not")) {
      return !evaluate(rule.get("Not"), input, scope);
    }
    String op = operator(rule);
    String variable = rule.get("Variable").textValue();
    JsonNode value;
    try {
      value = JsonPaths.read(variable, input, scope);
    } catch (JsonPaths.PathMissing e) {
      value = null;
    }
    if (op.equals("IsPresent")) {
      return rule.get(op).booleanValue() == (value != null);
    }
    if (value == null) {
      throw invalid(variable);
    }
    if (TYPE_TESTS.contains(op)) {
      boolean expected = rule.get(op).booleanValue();
      boolean actual =
          switch (op) {
            case "IsNull" -> value.isNull();
            case "IsNumeric" -> value.isNumber();
            case "IsString" -> value.isTextual();
            case "IsBoolean" -> value.isBoolean();
            default -> value.isTextual() && Values.timestamp(value.textValue()) != null;
          };
      return expected == actual;
    }
    if (op.equals("StringMatches")) {
      return value.isTextual() && matches(value.textValue(), rule.get(op).textValue());
    }
    JsonNode operand;
    String base = op;
    if (op.endsWith("Path")) {
      base = op.substring(0, op.length() - 4);
      String p = rule.get(op).textValue();
      try {
        operand = JsonPaths.read(p, input, scope);
      } catch (JsonPaths.PathMissing e) {
        throw invalid(p);
      }
    } else {
      operand = rule.get(op);
    }
    return compare(base, value, operand);
  }

  private static RuntimeFailure invalid(String path) {
    return new RuntimeFailure(
        "Invalid path '"
            + path
            + "': The choice state's condition path references an invalid value.");
  }

  private static boolean compare(String op, JsonNode v, JsonNode o) {
    if (op.startsWith("String")) {
      if (!v.isTextual() || !o.isTextual()) {
        return false;
      }
      return test(op.substring(6), v.textValue().compareTo(o.textValue()));
    }
    if (op.startsWith("Numeric")) {
      if (!v.isNumber() || !o.isNumber()) {
        return false;
      }
      return test(op.substring(7), v.decimalValue().compareTo(o.decimalValue()));
    }
    if (op.equals("BooleanEquals")) {
      return v.isBoolean() && o.isBoolean() && v.booleanValue() == o.booleanValue();
    }
    if (!v.isTextual() || !o.isTextual()) {
      return false;
    }
    OffsetDateTime a = Values.timestamp(v.textValue());
    OffsetDateTime b = Values.timestamp(o.textValue());
    if (a == null || b == null) {
      return false;
    }
    return test(op.substring(9), a.toInstant().compareTo(b.toInstant()));
  }

  private static boolean test(String kind, int cmp) {
    return switch (kind) {
      case "Equals" -> cmp == 0;
      case "LessThan" -> cmp < 0;
      case "GreaterThan" -> cmp > 0;
      case "LessThanEquals" -> cmp <= 0;
      case "GreaterThanEquals" -> cmp >= 0;
      default -> throw new IllegalArgumentException(kind);
    };
  }

  /** StringMatches: '*' matches any run of characters; '\*' and '\\' are literals. */
  static boolean matches(String s, String pattern) {
    StringBuilder regex = new StringBuilder();
    StringBuilder lit = new StringBuilder();
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      if (c == '\\' && i + 1 < pattern.length()) {
        lit.append(pattern.charAt(++i));
      } else if (c == '*') {
        if (lit.length() > 0) {
          regex.append(java.util.regex.Pattern.quote(lit.toString()));
          lit.setLength(0);
        }
        regex.append(".*");
      } else {
        lit.append(c);
      }
    }
    if (lit.length() > 0) {
      regex.append(java.util.regex.Pattern.quote(lit.toString()));
    }
    return java.util.regex.Pattern.compile(regex.toString(), java.util.regex.Pattern.DOTALL)
        .matcher(s)
        .matches();
  }
}
