package dev.slipway.judge;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Kayenta's MetricSetPair: one metric's control and experiment series. The judge uses {@code name}
 * (to find the metric config), {@code id}, {@code tags} and {@code values}; {@code scopes} and
 * {@code attributes} are carried along. Kayenta writes {@code attributes} as one object per side
 * ({@code {"control": {"query": "..."}}}); such values are kept as their JSON text.
 */
public record MetricSetPair(
    String name,
    String id,
    Map<String, String> tags,
    Values values,
    Map<String, JsonNode> scopes,
    Map<String, String> attributes) {

  public MetricSetPair {
    tags = Collections.unmodifiableMap(new LinkedHashMap<>(tags));
    scopes = Collections.unmodifiableMap(new LinkedHashMap<>(scopes));
    attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
  }

  /** A pair with no tags, scopes or attributes. */
  public static MetricSetPair of(String name, String id, double[] control, double[] experiment) {
    return new MetricSetPair(
        name, id, Map.of(), new Values(control, experiment), Map.of(), Map.of());
  }

  /**
   * {@code values.control} and {@code values.experiment}. NaN marks a missing point (Kayenta's
   * mixer pads the shorter series with NaN).
   */
  public record Values(double[] control, double[] experiment) {
    public Values {
      control = control.clone();
      experiment = experiment.clone();
    }

    @Override
    public double[] control() {
      return control.clone();
    }

    @Override
    public double[] experiment() {
      return experiment.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Values v
          && Arrays.equals(control, v.control)
          && Arrays.equals(experiment, v.experiment);
    }

    @Override
    public int hashCode() {
      return 31 * Arrays.hashCode(control) + Arrays.hashCode(experiment);
    }

    @Override
    public String toString() {
      return "Values[control="
          + control.length
          + " points, experiment="
          + experiment.length
          + " points]";
    }
  }

  /**
   * Reads a JSON array of Kayenta MetricSetPairs. In the value arrays the string {@code "NaN"} and
   * {@code null} mean NaN ({@code "Infinity"} and {@code "-Infinity"} are accepted too). Anything
   * else that is not a number is a {@code Slipway.Canary.InvalidConfig} naming its path.
   */
  public static List<MetricSetPair> parseList(String json) {
    Node root = Node.parse(json, "metric set pairs");
    if (root.raw().isObject()) {
      throw root.error("expected an array of metric set pairs but found an object");
    }
    Node rootArray = root;
    if (rootArray.absent() || !rootArray.raw().isArray()) {
      throw rootArray.error("expected an array of metric set pairs but found " + root.describe());
    }
    List<MetricSetPair> out = new ArrayList<>();
    for (Node p : rootArray.elements()) {
      out.add(parseOne(p));
    }
    return out;
  }

  private static MetricSetPair parseOne(Node p) {
    p.requireObject();
    String name = p.field("name").requiredText();
    String id = p.field("id").text(null);
    Map<String, String> tags = stringMap(p.field("tags"));
    Node values = p.field("values");
    if (values.absent()) {
      throw values.error("is required: give values.control and values.experiment arrays");
    }
    values.requireObject();
    double[] control = series(values.field("control"));
    double[] experiment = series(values.field("experiment"));
    Map<String, JsonNode> scopes = new LinkedHashMap<>();
    for (var e : p.field("scopes").fields()) {
      scopes.put(e.getKey(), e.getValue().raw());
    }
    Map<String, String> attributes = new LinkedHashMap<>();
    for (var e : p.field("attributes").fields()) {
      JsonNode v = e.getValue().raw();
      // Kayenta writes one object per side ({"control": {"query": ...}}); keep it as JSON text.
      attributes.put(
          e.getKey(), v.isContainerNode() ? v.toString() : v.isNull() ? null : v.asText());
    }
    return new MetricSetPair(name, id, tags, new Values(control, experiment), scopes, attributes);
  }

  private static Map<String, String> stringMap(Node n) {
    Map<String, String> out = new LinkedHashMap<>();
    for (var e : n.fields()) {
      Node v = e.getValue();
      out.put(
          e.getKey(), v.raw().isValueNode() && !v.raw().isNull() ? v.raw().asText() : v.text(null));
    }
    return out;
  }

  private static double[] series(Node n) {
    if (n.absent()) {
      throw n.error("is required (Kayenta's mixer writes an array of NaN for a side without data)");
    }
    List<Node> elements = n.elements();
    double[] out = new double[elements.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = point(elements.get(i));
    }
    return out;
  }

  private static double point(Node e) {
    JsonNode v = e.raw();
    if (v.isNull()) {
      return Double.NaN;
    }
    if (v.isNumber()) {
      return v.doubleValue();
    }
    if (v.isTextual()) {
      switch (v.textValue()) {
        case "NaN":
          return Double.NaN;
        case "Infinity":
          return Double.POSITIVE_INFINITY;
        case "-Infinity":
          return Double.NEGATIVE_INFINITY;
        default:
          break;
      }
    }
    throw e.error("expected a number, \"NaN\" or null but found " + e.describe());
  }
}
