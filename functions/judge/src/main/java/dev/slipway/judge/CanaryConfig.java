package dev.slipway.judge;

import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A Kayenta canary config: the parts NetflixACAJudge-v1.0 reads, plus each metric's raw {@code
 * query} for whoever fetches the data. {@link #parse(String)} reads Kayenta's JSON (or the same
 * document in YAML) strictly (with {@code effectSize} also in the seed's nested form): an unknown
 * enum value, a wrong type or a bad number is a {@code Slipway.Canary.InvalidConfig} naming the
 * JSON path of the field. Absent fields take Kayenta's defaults (docs/canary-config.md).
 */
public record CanaryConfig(
    String name, String description, Judge judge, List<Metric> metrics, Classifier classifier) {

  /** The only judge Slipway implements. */
  public static final String JUDGE_NAME = "NetflixACAJudge-v1.0";

  /** Kayenta's hard-coded Mann-Whitney tolerance (bounds are ±tolerance·|estimate|). */
  public static final double DEFAULT_TOLERANCE = 0.25;

  /** Kayenta's hard-coded Mann-Whitney confidence level. */
  public static final double DEFAULT_CONF_LEVEL = 0.98;

  public CanaryConfig {
    metrics = List.copyOf(metrics);
  }

  /** The first metric called {@code name} (Kayenta: first match wins). */
  public Optional<Metric> metric(String metricName) {
    return metrics.stream().filter(m -> m.name().equals(metricName)).findFirst();
  }

  /** Reads a canary config in Kayenta's JSON format, or the same document in YAML. */
  public static CanaryConfig parse(String text) {
    Node root = Node.parse(text, "canary config").requireObject();
    Judge judge = parseJudge(root.field("judge"));
    List<Metric> metrics = new ArrayList<>();
    Node metricsNode = root.field("metrics");
    if (metricsNode.absent()) {
      throw metricsNode.error("is required: list the metrics to judge");
    }
    for (Node m : metricsNode.elements()) {
      metrics.add(parseMetric(m));
    }
    Node classifierNode = root.field("classifier");
    Map<String, Double> weights = new LinkedHashMap<>();
    if (!classifierNode.absent()) {
      classifierNode.requireObject();
      for (var e : classifierNode.field("groupWeights").fields()) {
        weights.put(e.getKey(), e.getValue().number(0));
      }
    }
    return new CanaryConfig(
        root.field("name").text(null),
        root.field("description").text(null),
        judge,
        metrics,
        new Classifier(weights));
  }

  private static Judge parseJudge(Node node) {
    if (node.absent()) {
      return Judge.DEFAULT;
    }
    node.requireObject();
    Node nameNode = node.field("name");
    String judgeName = nameNode.text(JUDGE_NAME);
    if (!judgeName.equals(JUDGE_NAME)) {
      throw nameNode.error(
          "unknown judge \"" + judgeName + "\"; Slipway implements \"" + JUDGE_NAME + "\" only");
    }
    Node conf = node.field("judgeConfigurations");
    if (!conf.absent()) {
      conf.requireObject();
    }
    Node tolNode = conf.field("tolerance");
    double tolerance = tolNode.number(DEFAULT_TOLERANCE);
    if (tolerance < 0) {
      throw tolNode.error("must be zero or more, was " + tolerance);
    }
    Node confNode = conf.field("confLevel");
    double confLevel = confNode.number(DEFAULT_CONF_LEVEL);
    if (!(confLevel > 0 && confLevel < 1)) {
      throw confNode.error("must be between 0 and 1 (exclusive), was " + confLevel);
    }
    return new Judge(judgeName, tolerance, confLevel, conf.absent() ? null : conf.raw());
  }

  private static Metric parseMetric(Node m) {
    m.requireObject();
    String metricName = m.field("name").requiredText();
    List<String> groups = new ArrayList<>();
    for (Node g : m.field("groups").elements()) {
      groups.add(g.requiredText());
    }
    Node analysis = m.field("analysisConfigurations");
    if (!analysis.absent()) {
      analysis.requireObject();
    }
    Node canary = analysis.field("canary");
    if (!canary.absent()) {
      canary.requireObject();
    }
    Node q = m.field("query");
    return new Metric(
        metricName,
        q.absent() ? null : q.raw(),
        groups,
        new AnalysisConfigurations(parseCanary(canary)),
        m.field("scopeName").text("default"));
  }

  private static CanarySettings parseCanary(Node c) {
    Node es = c.field("effectSize");
    if (!es.absent()) {
      es.requireObject();
    }
    EffectSize effectSize = parseEffectSize(es);
    Node out = c.field("outliers");
    if (!out.absent()) {
      out.requireObject();
    }
    OutlierStrategy strategy =
        out.field("strategy").choice(OutlierStrategy.class, OutlierStrategy.KEEP);
    Node factorNode = out.field("outlierFactor");
    double factor = factorNode.number(Outliers.DEFAULT_FACTOR);
    if (strategy == OutlierStrategy.REMOVE && !(factor > 0)) {
      throw factorNode.error("must be greater than 0 when outliers are removed, was " + factor);
    }
    return new CanarySettings(
        c.field("direction").choice(Direction.class, Direction.EITHER),
        c.field("nanStrategy").choice(NanStrategy.class, NanStrategy.REMOVE),
        c.field("critical").bool(false),
        c.field("mustHaveData").bool(false),
        c.field("muted").bool(false),
        effectSize,
        new Outliers(strategy, factor));
  }

  /** The four thresholds of {@code effectSize}, in both of its forms. */
  private static final List<String> THRESHOLDS =
      List.of("allowedIncrease", "allowedDecrease", "criticalIncrease", "criticalDecrease");

  /**
   * {@code effectSize} in Kayenta's flat form ({@code {"measure": "meanRatio", "allowedIncrease":
   * 1.05}}) or the seed's nested form ({@code {"measure": {"meanRatio": {"allowedIncrease":
   * 1.05}}}}), which mean the same. A threshold given in both forms must have the same value.
   */
  private static EffectSize parseEffectSize(Node es) {
    Node measureNode = es.field("measure");
    EffectMeasure measure;
    Node nested = null;
    if (!measureNode.absent() && measureNode.raw().isObject()) {
      var entries = measureNode.fields();
      if (entries.size() != 1) {
        throw measureNode.error(
            "the nested form names exactly one measure, found "
                + entries.size()
                + "; write {\"meanRatio\": {\"allowedIncrease\": 1.05}} or use the flat form"
                + " \"measure\": \"meanRatio\", \"allowedIncrease\": 1.05");
      }
      String key = entries.get(0).getKey();
      nested = entries.get(0).getValue();
      measure = EffectMeasure.fromJson(key);
      if (measure == null) {
        throw measureNode.error(
            "unknown measure "
                + Node.quoteShort(key)
                + "; use {\"meanRatio\": {...}} or {\"cles\": {...}} (case-sensitive)");
      }
      if (!nested.absent()) {
        nested.requireObject();
        for (var e : nested.fields()) {
          if (!THRESHOLDS.contains(e.getKey())) {
            throw nested.error(
                Node.quoteShort(e.getKey())
                    + " is not an effect-size threshold; use "
                    + String.join(", ", THRESHOLDS)
                    + " (case-sensitive)");
          }
        }
      }
    } else {
      measure = measureNode.choice(EffectMeasure.class, EffectMeasure.MEAN_RATIO);
    }
    double dflt = measure.defaultThreshold();
    double[] values = new double[THRESHOLDS.size()];
    for (int i = 0; i < values.length; i++) {
      Node flat = es.field(THRESHOLDS.get(i));
      double v = flat.number(dflt);
      if (nested != null) {
        Node inner = nested.field(THRESHOLDS.get(i));
        double w = inner.number(dflt);
        if (!flat.absent() && !inner.absent() && Double.compare(v, w) != 0) {
          throw inner.error(
              "contradicts "
                  + flat.path()
                  + " ("
                  + w
                  + " vs "
                  + v
                  + "); give each threshold once, either beside \"measure\" (Kayenta's flat"
                  + " form) or inside it (the nested form)");
        }
        v = inner.absent() ? v : w;
      }
      values[i] = v;
    }
    return new EffectSize(measure, values[0], values[1], values[2], values[3]);
  }

  /**
   * {@code judge}: which judge and its settings. {@code judgeConfigurations.tolerance} and {@code
   * .confLevel} override Kayenta's hard-coded 0.25 and 0.98 (Kayenta ignores them).
   */
  public record Judge(
      String name, double tolerance, double confLevel, JsonNode judgeConfigurations) {
    public static final Judge DEFAULT =
        new Judge(JUDGE_NAME, DEFAULT_TOLERANCE, DEFAULT_CONF_LEVEL, null);
  }

  /** One entry of {@code metrics[]}. {@code query} is kept raw for the metric fetcher. */
  public record Metric(
      String name,
      JsonNode query,
      List<String> groups,
      AnalysisConfigurations analysisConfigurations,
      String scopeName) {
    public Metric {
      groups = List.copyOf(groups);
    }

    /** Shortcut for {@code analysisConfigurations.canary}. */
    public CanarySettings canary() {
      return analysisConfigurations.canary();
    }
  }

  /** {@code metrics[].analysisConfigurations}. */
  public record AnalysisConfigurations(CanarySettings canary) {}

  /** {@code metrics[].analysisConfigurations.canary}. */
  public record CanarySettings(
      Direction direction,
      NanStrategy nanStrategy,
      boolean critical,
      boolean mustHaveData,
      boolean muted,
      EffectSize effectSize,
      Outliers outliers) {
    /** Kayenta's defaults: either, remove, not critical, data optional, not muted. */
    public static final CanarySettings DEFAULTS =
        new CanarySettings(
            Direction.EITHER,
            NanStrategy.REMOVE,
            false,
            false,
            false,
            EffectSize.defaults(EffectMeasure.MEAN_RATIO),
            Outliers.DEFAULT);
  }

  /** {@code ...canary.effectSize}. The thresholds only veto a High/Low; they never cause one. */
  public record EffectSize(
      EffectMeasure measure,
      double allowedIncrease,
      double allowedDecrease,
      double criticalIncrease,
      double criticalDecrease) {
    public static EffectSize defaults(EffectMeasure measure) {
      double d = measure.defaultThreshold();
      return new EffectSize(measure, d, d, d, d);
    }
  }

  /** {@code ...canary.outliers}: IQR outlier removal, off by default. */
  public record Outliers(OutlierStrategy strategy, double outlierFactor) {
    public static final double DEFAULT_FACTOR = 3.0;
    public static final Outliers DEFAULT = new Outliers(OutlierStrategy.KEEP, DEFAULT_FACTOR);
  }

  /** {@code classifier}: group weights (a weight per group name; missing groups share the rest). */
  public record Classifier(Map<String, Double> groupWeights) {
    public Classifier {
      groupWeights = Collections.unmodifiableMap(new LinkedHashMap<>(groupWeights));
    }
  }

  /** {@code direction}: which way of change is a failure. */
  public enum Direction implements Node.Named {
    INCREASE("increase"),
    DECREASE("decrease"),
    EITHER("either");

    private final String json;

    Direction(String json) {
      this.json = json;
    }

    @JsonValue
    @Override
    public String jsonName() {
      return json;
    }
  }

  /** {@code nanStrategy}: drop NaN points, or count them as 0.0. */
  public enum NanStrategy implements Node.Named {
    REMOVE("remove"),
    REPLACE("replace");

    private final String json;

    NanStrategy(String json) {
      this.json = json;
    }

    @JsonValue
    @Override
    public String jsonName() {
      return json;
    }
  }

  /** {@code effectSize.measure}. */
  public enum EffectMeasure implements Node.Named {
    MEAN_RATIO("meanRatio", 1.0),
    CLES("cles", 0.5);

    private final String json;
    private final double defaultThreshold;

    EffectMeasure(String json, double defaultThreshold) {
      this.json = json;
      this.defaultThreshold = defaultThreshold;
    }

    @JsonValue
    @Override
    public String jsonName() {
      return json;
    }

    /** The measure spelled {@code json} exactly, or null. */
    static EffectMeasure fromJson(String json) {
      for (EffectMeasure m : values()) {
        if (m.json.equals(json)) {
          return m;
        }
      }
      return null;
    }

    /** Kayenta's default for every threshold of this measure: 1.0 (meanRatio) or 0.5 (cles). */
    public double defaultThreshold() {
      return defaultThreshold;
    }
  }

  /** {@code outliers.strategy}. */
  public enum OutlierStrategy implements Node.Named {
    KEEP("keep"),
    REMOVE("remove");

    private final String json;

    OutlierStrategy(String json) {
      this.json = json;
    }

    @JsonValue
    @Override
    public String jsonName() {
      return json;
    }
  }
}
