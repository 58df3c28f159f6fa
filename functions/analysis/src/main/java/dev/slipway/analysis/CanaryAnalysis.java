package dev.slipway.analysis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.judge.CanaryAnalysisResult;
import dev.slipway.judge.CanaryConfig;
import dev.slipway.judge.CanaryJudgeResult;
import dev.slipway.judge.MetricSetPair;
import dev.slipway.judge.NetflixAcaJudge;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * The canary analysis: for each metric of the config, build its PromQL, fetch the control and
 * experiment windows, pair the series (Kayenta's mixer), apply the minimum-data gate, judge with
 * NetflixACAJudge-v1.0, and decide the run's verdict.
 */
public final class CanaryAnalysis {
  /** Queries in flight at once: enough to hide latency, few enough to be kind to Prometheus. */
  public static final int DEFAULT_PARALLELISM = 4;

  private final MetricsProvider metrics;
  private final NetflixAcaJudge judge;
  private final int parallelism;

  public CanaryAnalysis(MetricsProvider metrics, NetflixAcaJudge judge) {
    this(metrics, judge, DEFAULT_PARALLELISM);
  }

  public CanaryAnalysis(MetricsProvider metrics, NetflixAcaJudge judge, int parallelism) {
    if (parallelism < 1) {
      throw new IllegalArgumentException("parallelism must be at least 1: " + parallelism);
    }
    this.metrics = metrics;
    this.judge = judge;
    this.parallelism = parallelism;
  }

  public AnalysisOutcome analyze(AnalysisRequest request) {
    return judge(fetch(request));
  }

  /**
   * What {@link #fetch} got from Prometheus for one request: the queries' series, paired, for
   * {@link #judge}. Fetching is I/O and may run beside other fetches; judging draws from the
   * judge's one generator and runs in a fixed order, so a seed reproduces a run.
   */
  public record Fetched(AnalysisRequest request, List<MetricPair> pairs) {}

  /** Builds every metric's PromQL and fetches both windows: {@link #analyze}'s first half. */
  public Fetched fetch(AnalysisRequest request) {
    CanarySpec spec = request.spec();
    CanaryWindows w = request.windows();
    Map<String, String> values = spec.placeholderValues(request.builtins(), request.vars());
    List<CanaryConfig.Metric> configured = spec.config().metrics();
    List<String> queries = new ArrayList<>();
    for (CanaryConfig.Metric m : configured) {
      queries.add(PrometheusQueryBuilder.build(m.name(), m.query(), spec.templates(), values));
    }
    List<List<Series>> answers = fetchAll(queries, w);
    List<MetricPair> pairs = new ArrayList<>();
    for (int i = 0; i < configured.size(); i++) {
      String promql = queries.get(i);
      pairs.addAll(
          MetricSetAssembler.pair(
              configured.get(i).name(),
              answers.get(2 * i),
              w.control(),
              promql,
              answers.get(2 * i + 1),
              w.experiment(),
              promql));
    }
    return new Fetched(request, pairs);
  }

  /** Gates and judges what {@link #fetch} got, and decides the verdict: the second half. */
  public AnalysisOutcome judge(Fetched fetched) {
    AnalysisRequest request = fetched.request();
    CanarySpec spec = request.spec();
    CanaryWindows w = request.windows();
    List<MetricPair> pairs = fetched.pairs();
    Set<String> gated = new LinkedHashSet<>();
    List<MetricSetPair> judged = new ArrayList<>();
    for (MetricPair p : pairs) {
      CanaryConfig.Metric m = spec.config().metric(p.name()).orElseThrow();
      boolean gateApplies = m.canary().nanStrategy() == CanaryConfig.NanStrategy.REMOVE;
      boolean cOk = request.gate().sufficient(p.control());
      boolean eOk = request.gate().sufficient(p.experiment());
      if (gateApplies && !(cOk && eOk)) {
        gated.add(p.id());
      }
      double[] c = gateApplies && !cOk ? nans(p.control().expected()) : p.control().values();
      double[] e = gateApplies && !eOk ? nans(p.experiment().expected()) : p.experiment().values();
      judged.add(toJudgePair(p, c, e, w));
    }
    CanaryJudgeResult result = judge.judge(spec.config(), request.thresholds(), judged);
    CanaryVerdict verdict = CanaryVerdict.decide(result);
    List<Deviation> deviations = new ArrayList<>();
    for (CanaryAnalysisResult r : result.results()) {
      Double ratio = r.resultMetadata() == null ? null : r.resultMetadata().ratio();
      deviations.add(Deviation.of(r.name(), r.tags(), r.classification().jsonName(), ratio));
    }
    List<String> warnings = warnings(pairs, gated, request.gate());
    String summary = summary(verdict, result, request, deviations, warnings);
    return new AnalysisOutcome(
        verdict,
        result,
        request,
        metrics.endpoint(),
        pairs,
        judged,
        gated,
        deviations,
        summary,
        warnings);
  }

  /**
   * Runs every query over both windows, {@code parallelism} at a time; the answers come back in
   * order (control, experiment per query). The first failure in that order is thrown, whatever
   * finished first, and the rest are cancelled.
   */
  private List<List<Series>> fetchAll(List<String> queries, CanaryWindows w) {
    List<Callable<List<Series>>> calls = new ArrayList<>();
    for (String q : queries) {
      for (AnalysisWindow win : List.of(w.control(), w.experiment())) {
        calls.add(() -> metrics.rangeQuery(q, win.start(), win.lastPoint(), win.step()));
      }
    }
    return InOrder.runAll(calls, parallelism, "canary-query");
  }

  static MetricSetPair toJudgePair(MetricPair p, double[] c, double[] e, CanaryWindows w) {
    Map<String, JsonNode> scopes = new LinkedHashMap<>();
    scopes.put("control", scope(w.control()));
    scopes.put("experiment", scope(w.experiment()));
    Map<String, String> attributes = new LinkedHashMap<>();
    attributes.put("controlQuery", p.controlQuery());
    attributes.put("experimentQuery", p.experimentQuery());
    return new MetricSetPair(
        p.name(), p.id(), p.tags(), new MetricSetPair.Values(c, e), scopes, attributes);
  }

  /**
   * Kayenta's MetricSetScope: {@code startTimeIso}, {@code startTimeMillis}, {@code stepMillis}.
   */
  static ObjectNode scope(AnalysisWindow w) {
    ObjectNode n = JsonNodeFactory.instance.objectNode();
    n.put("startTimeIso", w.start().toString());
    n.put("startTimeMillis", w.start().toEpochMilli());
    n.put("stepMillis", w.step().toMillis());
    return n;
  }

  private static double[] nans(int n) {
    double[] v = new double[n];
    Arrays.fill(v, Double.NaN);
    return v;
  }

  static List<String> warnings(List<MetricPair> pairs, Set<String> gated, DataGate gate) {
    List<String> out = new ArrayList<>();
    for (MetricPair p : pairs) {
      String label = Deviation.of(p.name(), p.tags(), "", null).label();
      if (gated.contains(p.id())) {
        out.add(
            String.format(
                Locale.ROOT,
                "insufficient data for %s: control %d/%d, experiment %d/%d points (need %d)",
                label,
                p.control().finite(),
                p.control().expected(),
                p.experiment().finite(),
                p.experiment().expected(),
                gate.required(p.experiment().expected())));
      }
      int inf = p.control().infinite() + p.experiment().infinite();
      if (inf > 0) {
        out.add(label + ": " + inf + " infinite point(s) dropped (±Inf from Prometheus)");
      }
    }
    return out;
  }

  private static String summary(
      CanaryVerdict verdict,
      CanaryJudgeResult result,
      AnalysisRequest request,
      List<Deviation> deviations,
      List<String> warnings) {
    StringBuilder b = new StringBuilder();
    b.append(verdict == CanaryVerdict.NO_DATA ? "NoData (insufficient data)" : verdict.jsonName());
    b.append(
        String.format(
            Locale.ROOT,
            " — score %s (pass ≥ %s, marginal ≥ %s)",
            num(result.score().score()),
            num(request.thresholds().pass()),
            num(request.thresholds().marginal())));
    String reason = result.score().classificationReason();
    if (reason != null && !reason.isEmpty()) {
      b.append(" — ").append(reason);
    }
    b.append(": ");
    List<String> lines = new ArrayList<>();
    List<Deviation> shown = Deviation.worst(deviations, Deviation.IN_STATE);
    shown.forEach(d -> lines.add(d.line()));
    b.append(String.join(", ", lines));
    if (shown.size() < deviations.size()) {
      b.append(" and ").append(deviations.size() - shown.size()).append(" more (see the report)");
    }
    if (!warnings.isEmpty()) {
      List<String> w = warnings.subList(0, Math.min(warnings.size(), Deviation.IN_STATE));
      b.append(". Warnings: ").append(String.join("; ", w));
      if (w.size() < warnings.size()) {
        b.append(" and ").append(warnings.size() - w.size()).append(" more (see the report)");
      }
    }
    return b.toString();
  }

  static String num(double d) {
    if (d == Math.rint(d) && Math.abs(d) < 1e15) {
      return String.format(Locale.ROOT, "%.1f", d);
    }
    return String.format(Locale.ROOT, "%.2f", d);
  }
}
