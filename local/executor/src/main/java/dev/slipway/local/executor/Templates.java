package dev.slipway.local.executor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;

/**
 * Payload templates (Parameters, ResultSelector, ItemSelector, Assign in JSONPath states): keys
 * ending in {@code .$} are evaluated, everything else copied, recursively through arrays.
 */
final class Templates {
  private Templates() {}

  static JsonNode evaluate(JsonNode template, Intrinsics.Env env) {
    if (template.isObject()) {
      ObjectNode out = JsonSupport.object();
      Iterator<Map.Entry<String, JsonNode>> it = template.properties().iterator();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        String key = e.getKey();
        if (key.endsWith(".$") && e.getValue().isTextual()) {
          out.set(key.substring(0, key.length() - 2), value(key, e.getValue().textValue(), env));
        } else {
          out.set(key, evaluate(e.getValue(), env));
        }
      }
      return out;
    }
    if (template.isArray()) {
      ArrayNode out = JsonSupport.mapper().createArrayNode();
      for (JsonNode e : template) {
        out.add(evaluate(e, env));
      }
      return out;
    }
    return template;
  }

  /** One {@code key.$} value: a path, a context path, a variable or an intrinsic call. */
  static JsonNode value(String key, String expr, Intrinsics.Env env) {
    Intrinsics.Env keyed = new Intrinsics.Env(env.input(), env.scope(), env.random(), key);
    if (Intrinsics.looksLikeCall(expr)) {
      return Intrinsics.evaluate(expr, keyed);
    }
    try {
      return JsonPaths.read(expr, env.input(), env.scope());
    } catch (JsonPaths.PathMissing e) {
      JsonNode shown = expr.startsWith("$$") ? env.scope().contextObject() : env.input();
      throw new RuntimeFailure(
          "The JSONPath '"
              + expr
              + "' specified for the field '"
              + key
              + "' could not be found in the input '"
              + JsonSupport.compact(shown)
              + "'");
    }
  }

  /** Validates every {@code .$} value of a template; returns the first problem or null. */
  static String check(JsonNode template) {
    if (template.isObject()) {
      Iterator<Map.Entry<String, JsonNode>> it = template.properties().iterator();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        if (e.getKey().endsWith(".$")) {
          if (!e.getValue().isTextual()) {
            return "the value of '"
                + e.getKey()
                + "' must be a string (a path or an intrinsic function)";
          }
          String v = e.getValue().textValue();
          try {
            if (Intrinsics.looksLikeCall(v)) {
              Intrinsics.parse(v);
            } else {
              JsonPaths.validate(v);
            }
          } catch (IllegalArgumentException ex) {
            return "the value of '"
                + e.getKey()
                + "' is not a valid path or intrinsic function: "
                + ex.getMessage();
          }
        } else {
          String p = check(e.getValue());
          if (p != null) {
            return p;
          }
        }
      }
    } else if (template.isArray()) {
      for (JsonNode e : template) {
        String p = check(e);
        if (p != null) {
          return p;
        }
      }
    }
    return null;
  }
}
