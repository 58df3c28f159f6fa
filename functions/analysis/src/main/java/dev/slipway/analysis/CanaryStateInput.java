package dev.slipway.analysis;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.model.Name;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The {@code canary} state's input, as the state machine sends it (the JSON field names are the
 * ASL's and {@code events/canary/state-input.json}'s). {@link CanaryService} turns it into an
 * {@link AnalysisRequest}.
 *
 * @param app the application
 * @param build the build (artifact key segment)
 * @param wave the wave whose clusters were just deployed (the report's key segment)
 * @param cluster one cluster to judge ({@code ${location}}, {@code ${cluster}}): the input of a
 *     single-cluster canary; {@code clusters} wins when both are given
 * @param clusters the gate wave's clusters to judge, each on its own Prometheus with its own
 *     verdict, all at once; the wave's verdict is {@link GateOutcome#aggregate} of theirs
 * @param version the version being released ({@code ${version}})
 * @param releaseStartedAt when the deploy started: the control window ends here (minus offset)
 * @param rolloutFinishedAt when the rollout was done: the experiment window starts here plus the
 *     bake delay
 * @param canaryConfig the canary config inline (Kayenta JSON), or
 * @param canaryConfigKey the S3 key of the canary config (JSON or YAML)
 * @param analysis windows, thresholds, gate and NoData policy (all optional)
 * @param vars extra placeholder values
 */
public record CanaryStateInput(
    @Name String app,
    @Name String build,
    @Name String wave,
    @Name(required = false) String cluster,
    @Name(required = false) List<String> clusters,
    String version,
    Instant releaseStartedAt,
    Instant rolloutFinishedAt,
    JsonNode canaryConfig,
    String canaryConfigKey,
    AnalysisSettings analysis,
    Map<String, String> vars) {

  /**
   * The clusters to judge, each once, in order: {@code clusters}, else {@code cluster} alone (null
   * when the input names none: the top-level Prometheus then).
   */
  public List<String> judgedClusters() {
    if (clusters != null && !clusters.isEmpty()) {
      return clusters.stream().distinct().toList();
    }
    return Collections.singletonList(cluster);
  }

  /**
   * Optional settings; durations as {@code 30m}/{@code 60s} or ISO-8601.
   *
   * @param windows the window preset: {@code default} or {@code seed} (the notes' 30-minute windows
   *     ending 1 h before the wave and starting 1 h after its rollout); the four settings below
   *     override it one by one
   * @param window each window's length (default 30m)
   * @param step the query step (default 60s)
   * @param controlOffset gap between the control window's end and the release start (default 0s)
   * @param bakeDelay gap between the rollout's end and the experiment window (default 5m)
   * @param pass the pass threshold (default 95)
   * @param marginal the marginal threshold (default 75)
   * @param minPoints the gate's floor of finite points per side (default 10)
   * @param minFraction the gate's share of the window's points (default 0.5)
   * @param onNoData fail | pass-with-warning | extend-window-once (default fail)
   * @param attempt 1 for the first analysis of this wave, 2 after an extension
   */
  public record AnalysisSettings(
      String windows,
      String window,
      String step,
      String controlOffset,
      String bakeDelay,
      Double pass,
      Double marginal,
      Integer minPoints,
      Double minFraction,
      String onNoData,
      Integer attempt) {
    /** Every setting left to its default (the input has no {@code analysis}). */
    public static final AnalysisSettings DEFAULTS =
        new AnalysisSettings(null, null, null, null, null, null, null, null, null, null, null);
  }
}
