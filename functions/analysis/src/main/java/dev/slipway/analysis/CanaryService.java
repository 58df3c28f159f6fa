package dev.slipway.analysis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.analysis.report.CanaryReport;
import dev.slipway.judge.JudgeJson;
import dev.slipway.judge.NetflixAcaJudge;
import dev.slipway.judge.ScoreThresholds;
import dev.slipway.model.CanaryWindowPreset;
import dev.slipway.model.Durations;
import dev.slipway.model.Json;
import dev.slipway.model.TerminalStepException;
import dev.slipway.store.ArtifactStore;
import dev.slipway.store.Keys;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * The {@code canary} state's work, without Lambda types: read the canary config, place the windows
 * around the release, judge every cluster of the gate wave on its own Prometheus, store the judge
 * results and the HTML report (the clusters side by side), and answer with the wave's verdict
 * ({@link GateOutcome#aggregate} of the clusters') as data.
 */
public final class CanaryService {
  /**
   * Gate clusters whose Prometheus is queried at once: with {@link
   * CanaryAnalysis#DEFAULT_PARALLELISM} queries each, at most 32 requests in flight from one
   * function, and a gate of up to 8 clusters takes one cluster's time.
   */
  public static final int CLUSTERS_AT_ONCE = 8;

  private final PrometheusRouting prometheus;
  private final NetflixAcaJudge judge;
  private final ArtifactStore store;
  private final Clock clock;

  /**
   * @param prometheus which Prometheus each cluster's canary queries
   * @param judge the judge
   * @param store canary configs in, judge results and reports out
   * @param clock places "now" against the windows
   */
  public CanaryService(
      PrometheusRouting prometheus, NetflixAcaJudge judge, ArtifactStore store, Clock clock) {
    this.prometheus = prometheus;
    this.judge = judge;
    this.store = store;
    this.clock = clock;
  }

  public CanaryStateOutput run(CanaryStateInput in) {
    require(in.app(), "app");
    require(in.build(), "build");
    require(in.wave(), "wave");
    if (in.releaseStartedAt() == null || in.rolloutFinishedAt() == null) {
      throw CanaryErrors.invalidInput(
          "releaseStartedAt and rolloutFinishedAt are required (ISO-8601 instants): the windows"
              + " are placed around them.");
    }
    if (in.rolloutFinishedAt().isBefore(in.releaseStartedAt())) {
      throw CanaryErrors.invalidInput(
          "rolloutFinishedAt ("
              + in.rolloutFinishedAt()
              + ") is before releaseStartedAt ("
              + in.releaseStartedAt()
              + ").");
    }
    CanaryStateInput.AnalysisSettings s =
        in.analysis() == null ? CanaryStateInput.AnalysisSettings.DEFAULTS : in.analysis();
    int attempt = s.attempt() == null ? 1 : s.attempt();
    CanaryWindowPreset preset =
        CanaryWindowPreset.fromJson(s.windows())
            .orElseThrow(
                () ->
                    CanaryErrors.invalidInput(
                        "analysis.windows (release.canary.windows in config/slipway.yaml) is not a"
                            + " window preset; "
                            + CanaryWindowPreset.choices()
                            + "."));
    WindowSettings settings =
        WindowSettings.of(
            preset,
            duration(s.window(), "window"),
            duration(s.step(), "step"),
            duration(s.controlOffset(), "controlOffset"),
            duration(s.bakeDelay(), "bakeDelay"));
    WindowSettings effective = attempt > 1 ? settings.extended() : settings;
    CanaryWindows windows;
    try {
      windows = effective.around(in.releaseStartedAt(), in.rolloutFinishedAt());
    } catch (IllegalArgumentException e) {
      throw CanaryErrors.invalidInput("analysis windows: " + e.getMessage() + ".");
    }
    Instant now = clock.instant();
    Duration remaining = windows.remainingAt(now);
    if (!remaining.isZero()) {
      throw new TerminalStepException(
          CanaryErrors.WINDOW_NOT_OVER,
          "the experiment window "
              + windows.experiment().start()
              + " – "
              + windows.experiment().end()
              + " is not over yet ("
              + Durations.format(remaining)
              + " to go at "
              + now
              + "). The state machine must wait the bake delay plus the window after the rollout"
              + " before the canary state.");
    }
    NoDataPolicy policy =
        s.onNoData() == null ? NoDataPolicy.FAIL : NoDataPolicy.fromJson(s.onNoData());
    ScoreThresholds thresholds =
        new ScoreThresholds(
            s.pass() == null ? ScoreThresholds.DEFAULT.pass() : s.pass(),
            s.marginal() == null ? ScoreThresholds.DEFAULT.marginal() : s.marginal());
    DataGate dataGate =
        new DataGate(
            s.minPoints() == null ? DataGate.DEFAULT.minPoints() : s.minPoints(),
            s.minFraction() == null ? DataGate.DEFAULT.minFraction() : s.minFraction());
    CanarySpec spec = CanarySpec.parse(configText(in));
    GateOutcome gate = judgeAll(in, in.judgedClusters(), spec, windows, thresholds, dataGate);

    String resultKey = Keys.canaryResult(in.app(), in.build(), in.wave());
    String reportKey = Keys.canaryReport(in.app(), in.build(), in.wave());
    store.put(resultKey, resultJson(gate), "application/json");
    String title = in.app() + " " + in.build() + " · wave " + in.wave();
    store.put(
        reportKey,
        CanaryReport.render(gate, new CanaryReport.Header(title, in.cluster(), now))
            .getBytes(StandardCharsets.UTF_8),
        "text/html; charset=utf-8");

    CanaryVerdict verdict = gate.verdict();
    String summary = gate.summary(CanaryStateOutput.IN_STATE_CLUSTERS);
    CanaryStateOutput.NoData noData = null;
    if (verdict == CanaryVerdict.NO_DATA) {
      String action = policy.action(attempt);
      List<CanaryVerdict> judged =
          gate.clusters().stream()
              .map(GateOutcome.ClusterOutcome::verdict)
              .filter(v -> v != CanaryVerdict.NO_DATA)
              .toList();
      if (action.equals("pass") && judged.contains(CanaryVerdict.MARGINAL)) {
        // the clusters without data pass with a warning; a Marginal one still asks onMarginal
        verdict = CanaryVerdict.MARGINAL;
        summary +=
            ". onNoData pass-with-warning passes the clusters without data; the Marginal"
                + " verdict of the others decides";
      } else if (action.equals("extend")) {
        noData = new CanaryStateOutput.NoData(action, attempt + 1, settings.window().toSeconds());
      } else {
        noData = new CanaryStateOutput.NoData(action, null, null);
      }
    }
    return CanaryStateOutput.of(gate, verdict, summary, reportKey, resultKey, noData);
  }

  /**
   * Judges every cluster: each one's queries go to its own Prometheus ({@link PrometheusRouting}),
   * {@link #CLUSTERS_AT_ONCE} clusters at a time (and each cluster's queries {@link
   * CanaryAnalysis#DEFAULT_PARALLELISM} at a time); then the judge runs over each cluster's data in
   * the wave's order, so a seeded judge reproduces a run. The first cluster (in order) whose
   * Prometheus fails fails the state, as one cluster's did before.
   */
  private GateOutcome judgeAll(
      CanaryStateInput in,
      List<String> clusters,
      CanarySpec spec,
      CanaryWindows windows,
      ScoreThresholds thresholds,
      DataGate dataGate) {
    List<CanaryAnalysis> analyses = new ArrayList<>();
    List<Callable<CanaryAnalysis.Fetched>> fetches = new ArrayList<>();
    for (String cluster : clusters) {
      PrometheusRouting.Target target = prometheus.forCluster(cluster);
      Map<String, String> builtins = new LinkedHashMap<>();
      builtins.put("extraLabels", target.extraLabels());
      builtins.put("app", in.app());
      builtins.put("scope", in.app());
      if (cluster != null) {
        builtins.put("cluster", cluster);
        builtins.put("location", cluster);
      }
      if (in.version() != null) {
        builtins.put("version", in.version());
      }
      AnalysisRequest request =
          new AnalysisRequest(spec, windows, builtins, in.vars(), thresholds, dataGate);
      CanaryAnalysis analysis = new CanaryAnalysis(target.metrics(), judge);
      analyses.add(analysis);
      fetches.add(() -> analysis.fetch(request));
    }
    List<CanaryAnalysis.Fetched> fetched =
        InOrder.runAll(fetches, CLUSTERS_AT_ONCE, "canary-cluster");
    List<GateOutcome.ClusterOutcome> outcomes = new ArrayList<>();
    for (int i = 0; i < clusters.size(); i++) {
      outcomes.add(
          new GateOutcome.ClusterOutcome(clusters.get(i), analyses.get(i).judge(fetched.get(i))));
    }
    return GateOutcome.of(outcomes);
  }

  /**
   * The judge result at {@code resultKey}: the wave's verdict and score, and per cluster its
   * verdict, score, Prometheus, summary and Kayenta-shaped judge result.
   */
  private static byte[] resultJson(GateOutcome gate) {
    ObjectNode root = Json.mapper().createObjectNode();
    root.put("verdict", gate.verdict().jsonName());
    root.put("score", gate.score());
    ArrayNode clusters = root.putArray("clusters");
    for (GateOutcome.ClusterOutcome c : gate.clusters()) {
      ObjectNode n = clusters.addObject();
      n.put("cluster", c.cluster());
      n.put("verdict", c.verdict().jsonName());
      n.put("score", c.outcome().score());
      n.put("endpoint", c.outcome().endpoint());
      n.put("summary", c.outcome().summary());
      try {
        n.set("result", Json.mapper().readTree(JudgeJson.write(c.outcome().result())));
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("the judge result did not read back", e);
      }
    }
    try {
      return Json.mapper()
          .writerWithDefaultPrettyPrinter()
          .writeValueAsString(root)
          .getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private String configText(CanaryStateInput in) {
    if (in.canaryConfig() != null && !in.canaryConfig().isNull()) {
      return in.canaryConfig().toString();
    }
    if (in.canaryConfigKey() != null) {
      return store.get(in.canaryConfigKey()).text();
    }
    throw CanaryErrors.invalidInput(
        "give the canary config inline (canaryConfig) or as an S3 key (canaryConfigKey).");
  }

  private static Duration duration(String s, String field) {
    if (s == null) {
      return null;
    }
    try {
      return Durations.parse(s);
    } catch (IllegalArgumentException e) {
      throw CanaryErrors.invalidInput("analysis." + field + ": " + e.getMessage() + ".");
    }
  }

  private static void require(String v, String field) {
    if (v == null || v.isBlank()) {
      throw CanaryErrors.invalidInput("'" + field + "' is required.");
    }
  }
}
