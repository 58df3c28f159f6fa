package dev.slipway.analysis;

import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fills a query template. Two placeholder syntaxes, so that both kinds of existing configs work
 * unchanged:
 *
 * <ul>
 *   <li>Python's {@code %(name)s} (the seed's {@code %(commonPromFilters)s});
 *   <li>Kayenta's {@code ${name}} (its inline templates: {@code ${scope}}, {@code ${location}}).
 *       {@code $\{name}} (how Kayenta stores templates escaped) is read as {@code ${name}}; {@code
 *       $${name}} is a literal {@code ${name}}.
 * </ul>
 *
 * Any other {@code %} is left alone (PromQL's modulo operator). A placeholder without a value is
 * {@code Slipway.Canary.InvalidConfig}, naming the metric, the placeholder and the names that are
 * known; nothing is ever replaced by an empty string silently.
 */
public final class QueryTemplate {
  private static final Pattern PLACEHOLDER =
      Pattern.compile("\\$\\$\\{([^}]*)}|\\$\\{([^}]*)}|%\\(([^)]*)\\)s");

  private QueryTemplate() {}

  /**
   * @param template the template text
   * @param values the placeholder values
   * @param where what the template belongs to, for error messages (e.g. "metric 'latency p95'")
   */
  public static String render(String template, Map<String, String> values, String where) {
    String t = template.replace("$\\{", "${");
    Matcher m = PLACEHOLDER.matcher(t);
    StringBuilder out = new StringBuilder(t.length() + 64);
    while (m.find()) {
      String replacement;
      if (m.group(1) != null) {
        replacement = "${" + m.group(1) + "}";
      } else {
        String name = (m.group(2) != null ? m.group(2) : m.group(3)).strip();
        String v = values.get(name);
        if (v == null) {
          throw CanaryErrors.invalidConfig(
              where
                  + ": the query uses the placeholder '"
                  + m.group()
                  + "' but nothing gives it a value. Known names: "
                  + new TreeSet<>(values.keySet())
                  + ". Define it under 'filters' in the canary config or pass it as --var "
                  + name
                  + "=VALUE (\"vars\" in the canary state's input).");
        }
        replacement = v;
      }
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(out);
    return out.toString();
  }
}
