package dev.slipway.analysis;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Turns a metric's Kayenta Prometheus query object into PromQL, the way Kayenta's {@code
 * PrometheusMetricsService.buildQuery} does, with Slipway's templating on top.
 *
 * <p>Two forms:
 *
 * <ol>
 *   <li><b>Complete PromQL</b>: {@code customInlineTemplate} (or a named {@code
 *       customFilterTemplate} from the config's {@code templates}) whose expansion starts with
 *       {@code PromQL:}; the rest is the query, used as written.
 *   <li><b>metricName + labelBindings</b>: {@code avg(<metricName>{<filters>})} followed by {@code
 *       by (<groupByFields>)} when there are any. The filters are, in Kayenta's order: the expanded
 *       custom filter split on commas, then {@code labelBindings}; or, without a custom filter, the
 *       {@code labelBindings} followed by the scope/location matchers of the {@code resourceType}
 *       ({@code aws_ec2_instance}: {@code asg_groupName="<scope>"}, {@code zone=~"<location>.{1}"};
 *       {@code gce_instance}: {@code <scopeLabel>=~"<scope>-.{4}"}, {@code
 *       zone=~".+/[projects/<project>/]zones/<location>-.{1}"}). Slipway addition: without either,
 *       {@code scopeLabel} and {@code locationLabel} (fields Kayenta declares but never reads) give
 *       {@code <scopeLabel>="<scope>"} and {@code <locationLabel>="<location>"}.
 * </ol>
 *
 * Template placeholders ({@code ${name}}, {@code %(name)s}) are filled by {@link QueryTemplate} in
 * the custom template and in each label binding.
 */
public final class PrometheusQueryBuilder {
  private static final String PROMQL_PREFIX = "PromQL:";

  private PrometheusQueryBuilder() {}

  /**
   * @param metricName the metric's {@code name} in the canary config (for messages)
   * @param query the metric's {@code query} object
   * @param templates the config's named {@code templates}
   * @param values placeholder values (built-ins, filters, vars)
   */
  public static String build(
      String metricName,
      JsonNode query,
      Map<String, String> templates,
      Map<String, String> values) {
    String where = "metric '" + metricName + "'";
    if (query == null || query.isMissingNode() || query.isNull() || !query.isObject()) {
      throw CanaryErrors.invalidConfig(
          where
              + " has no 'query' object. Give it {\"type\": \"prometheus\", \"customInlineTemplate\":"
              + " \"PromQL:<your query>\"} or a metricName with labelBindings.");
    }
    for (String field : List.of("type", "serviceType")) {
      String v = text(query, field);
      if (v != null && !v.equals("prometheus")) {
        throw CanaryErrors.invalidConfig(
            where
                + ": query."
                + field
                + " is '"
                + v
                + "'; Slipway reads Prometheus (and Prometheus-compatible) metrics only, so it must"
                + " be 'prometheus'.");
      }
    }
    if (text(query, "customFilter") != null) {
      throw CanaryErrors.invalidConfig(
          where
              + ": query.customFilter is deprecated (in Kayenta too); rename it to"
              + " customInlineTemplate.");
    }
    String custom = expandCustom(where, query, templates, values);
    if (custom != null && custom.startsWith(PROMQL_PREFIX)) {
      String promql = custom.substring(PROMQL_PREFIX.length()).strip();
      if (promql.isEmpty()) {
        throw CanaryErrors.invalidConfig(where + ": the query after 'PromQL:' is empty.");
      }
      return promql;
    }
    String name = text(query, "metricName");
    if (name == null) {
      throw CanaryErrors.invalidConfig(
          where
              + ": the query has neither a 'PromQL:' customInlineTemplate nor a metricName."
              + " Write customInlineTemplate: \"PromQL:<query>\", or metricName plus labelBindings.");
    }
    List<String> filters = new ArrayList<>();
    for (JsonNode b : query.path("labelBindings")) {
      filters.add(QueryTemplate.render(b.asText(), values, where + " labelBindings"));
    }
    if (custom != null && !custom.isEmpty()) {
      filters.addAll(0, Arrays.asList(custom.split(",")));
    } else {
      addScopeFilters(where, query, values, filters);
    }
    StringBuilder q = new StringBuilder("avg(").append(name);
    if (!filters.isEmpty()) {
      q.append('{').append(String.join(",", filters)).append('}');
    }
    q.append(')');
    List<String> groupBy = new ArrayList<>();
    query.path("groupByFields").forEach(g -> groupBy.add(g.asText()));
    if (!groupBy.isEmpty()) {
      q.append(" by (").append(String.join(",", groupBy)).append(')');
    }
    return q.toString();
  }

  private static String expandCustom(
      String where, JsonNode query, Map<String, String> templates, Map<String, String> values) {
    String inline = text(query, "customInlineTemplate");
    if (inline != null && !inline.isEmpty()) {
      return QueryTemplate.render(inline, values, where);
    }
    String named = text(query, "customFilterTemplate");
    if (named == null || named.isEmpty()) {
      return null;
    }
    if (templates.isEmpty()) {
      throw CanaryErrors.invalidConfig(
          where
              + ": query.customFilterTemplate '"
              + named
              + "' is referenced, but the config defines no templates.");
    }
    String t = templates.get(named);
    if (t == null) {
      throw CanaryErrors.invalidConfig(
          where
              + ": query.customFilterTemplate '"
              + named
              + "' is not among the config's templates "
              + templates.keySet()
              + ".");
    }
    return QueryTemplate.render(t, values, where + " (template '" + named + "')");
  }

  private static void addScopeFilters(
      String where, JsonNode query, Map<String, String> values, List<String> filters) {
    String resourceType = text(query, "resourceType");
    if (resourceType == null) {
      resourceType = values.get("resourceType");
    }
    String scope = values.get("scope");
    String location = values.get("location");
    String scopeLabel = text(query, "scopeLabel");
    String locationLabel = text(query, "locationLabel");
    if ("aws_ec2_instance".equals(resourceType)) {
      requireLocation(where, resourceType, location);
      if (!isEmpty(scope)) {
        filters.add("asg_groupName=\"" + scope + "\"");
      }
      filters.add("zone=~\"" + location + ".{1}\"");
    } else if ("gce_instance".equals(resourceType)) {
      requireLocation(where, resourceType, location);
      if (!isEmpty(scope)) {
        filters.add((scopeLabel == null ? "instance" : scopeLabel) + "=~\"" + scope + "-.{4}\"");
      }
      String project = values.get("project");
      String zone = ".+/" + (isEmpty(project) ? "" : "projects/" + project + "/");
      filters.add("zone=~\"" + zone + "zones/" + location + "-.{1}\"");
    } else if (resourceType != null && !resourceType.isEmpty()) {
      throw CanaryErrors.invalidConfig(
          where
              + ": there is no built-in support for resourceType '"
              + resourceType
              + "' (only aws_ec2_instance and gce_instance). Build the query with labelBindings and"
              + " a customInlineTemplate instead.");
    } else if (scopeLabel != null || locationLabel != null) {
      if (scopeLabel != null) {
        filters.add(scopeLabel + "=\"" + required(where, "scope", scope) + "\"");
      }
      if (locationLabel != null) {
        filters.add(locationLabel + "=\"" + required(where, "location", location) + "\"");
      }
    } else {
      throw CanaryErrors.invalidConfig(
          where
              + ": a metricName query needs a way to select the release's series: a"
              + " customInlineTemplate filter (e.g. \"app=\\\"${scope}\\\"\"), scopeLabel/locationLabel,"
              + " or a resourceType.");
    }
  }

  private static void requireLocation(String where, String resourceType, String location) {
    if (isEmpty(location)) {
      throw CanaryErrors.invalidConfig(
          where + ": resourceType '" + resourceType + "' needs a location (region).");
    }
  }

  private static String required(String where, String name, String v) {
    if (isEmpty(v)) {
      throw CanaryErrors.invalidConfig(where + ": the query needs a " + name + " but none is set.");
    }
    return v;
  }

  private static boolean isEmpty(String s) {
    return s == null || s.isEmpty();
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }
}
