package dev.slipway.analysis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.slipway.judge.CanaryConfig;
import dev.slipway.model.Json;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A canary config as the analysis reads it: the judge's {@link CanaryConfig} plus the two maps that
 * only the fetcher needs: Kayenta's named {@code templates} (for {@code customFilterTemplate}) and
 * Slipway's {@code filters}, named query fragments such as {@code commonPromFilters} that queries
 * use as {@code %(commonPromFilters)s} or {@code ${commonPromFilters}}.
 */
public record CanarySpec(
    CanaryConfig config, Map<String, String> templates, Map<String, String> filters) {

  private static final ObjectMapper YAML = new YAMLMapper();

  public CanarySpec {
    templates = Map.copyOf(templates);
    filters = Map.copyOf(filters);
  }

  /** Reads Kayenta's JSON, or the same document in YAML. */
  public static CanarySpec parse(String text) {
    CanaryConfig config = CanaryConfig.parse(text);
    JsonNode root;
    try {
      String t = text.stripLeading();
      root = t.startsWith("{") ? Json.mapper().readTree(t) : YAML.readTree(t);
    } catch (JsonProcessingException e) {
      throw CanaryErrors.invalidConfig("the canary config is not valid JSON or YAML.", e);
    }
    return new CanarySpec(
        config,
        strings(root.path("templates"), "templates"),
        strings(root.path("filters"), "filters"));
  }

  private static Map<String, String> strings(JsonNode n, String field) {
    Map<String, String> out = new LinkedHashMap<>();
    if (n.isMissingNode() || n.isNull()) {
      return out;
    }
    if (!n.isObject()) {
      throw CanaryErrors.invalidConfig(
          "'" + field + "' must be an object of name: text pairs, found " + n.getNodeType() + ".");
    }
    Iterator<Map.Entry<String, JsonNode>> it = n.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!e.getValue().isTextual()) {
        throw CanaryErrors.invalidConfig(
            "'"
                + field
                + "."
                + e.getKey()
                + "' must be a string, found "
                + e.getValue().getNodeType()
                + ".");
      }
      out.put(e.getKey(), e.getValue().textValue());
    }
    return out;
  }

  /**
   * The placeholder values for the queries: the built-ins (app, cluster, version, scope,
   * location...) and {@code vars}, plus every filter rendered against them. Precedence: vars over
   * filters over built-ins. A filter may use built-ins and vars, not other filters.
   */
  public Map<String, String> placeholderValues(
      Map<String, String> builtins, Map<String, String> vars) {
    Map<String, String> base = new LinkedHashMap<>(builtins);
    base.putAll(vars);
    Map<String, String> out = new LinkedHashMap<>(builtins);
    filters.forEach(
        (name, template) ->
            out.put(name, QueryTemplate.render(template, base, "filter '" + name + "'")));
    out.putAll(vars);
    return out;
  }
}
