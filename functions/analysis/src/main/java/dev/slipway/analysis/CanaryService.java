package dev.slipway.analysis;

import dev.slipway.analysis.report.CanaryReport;
import dev.slipway.judge.JudgeJson;
import dev.slipway.judge.NetflixAcaJudge;
import dev.slipway.judge.ScoreThresholds;
import dev.slipway.model.CanaryWindowPreset;
import dev.slipway.model.Durations;
import dev.slipway.model.TerminalStepException;
import dev.slipway.store.ArtifactStore;
import dev.slipway.store.Keys;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code canary} state's work, without Lambda types: read the canary config, place the windows
 * around the release, run the analysis, store the judge result and the HTML report, and answer with
 * the verdict as data.
 */
public final class CanaryService {
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
    DataGate gate =
        new DataGate(
            s.minPoints() == null ? DataGate.DEFAULT.minPoints() : s.minPoints(),
            s.minFraction() == null ? DataGate.DEFAULT.minFraction() : s.minFraction());
    PrometheusRouting.Target target = prometheus.forCluster(in.cluster());
    Map<String, String> builtins = new LinkedHashMap<>();
    builtins.put("extraLabels", target.extraLabels());
    builtins.put("app", in.app());
    builtins.put("scope", in.app());
    if (in.cluster() != null) {
      builtins.put("cluster", in.cluster());
      builtins.put("location", in.cluster());
    }
    if (in.version() != null) {
      builtins.put("version", in.version());
    }
    AnalysisRequest request =
        new AnalysisRequest(
            CanarySpec.parse(configText(in)), windows, builtins, in.vars(), thresholds, gate);
    AnalysisOutcome outcome = new CanaryAnalysis(target.metrics(), judge).analyze(request);

    String resultKey = Keys.canaryResult(in.app(), in.build(), in.wave());
    String reportKey = Keys.canaryReport(in.app(), in.build(), in.wave());
    store.put(
        resultKey,
        JudgeJson.writePretty(outcome.result()).getBytes(StandardCharsets.UTF_8),
        "application/json");
    String title = in.app() + " " + in.build() + " · wave " + in.wave();
    store.put(
        reportKey,
        CanaryReport.render(outcome, new CanaryReport.Header(title, in.cluster(), now))
            .getBytes(StandardCharsets.UTF_8),
        "text/html; charset=utf-8");

    CanaryStateOutput.NoData noData = null;
    if (outcome.verdict() == CanaryVerdict.NO_DATA) {
      String action = policy.action(attempt);
      noData =
          action.equals("extend")
              ? new CanaryStateOutput.NoData(action, attempt + 1, settings.window().toSeconds())
              : new CanaryStateOutput.NoData(action, null, null);
    }
    return CanaryStateOutput.of(outcome, reportKey, resultKey, noData);
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
