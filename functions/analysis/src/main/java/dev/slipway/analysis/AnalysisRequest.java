package dev.slipway.analysis;

import dev.slipway.judge.ScoreThresholds;
import dev.slipway.model.Durations;
import java.util.Map;
import java.util.Objects;

/**
 * One analysis to run, for {@link CanaryAnalysis#analyze}: what {@link CanaryService} makes of a
 * {@link CanaryStateInput}, or {@code slipway canary} of its flags.
 *
 * @param spec the canary config
 * @param windows control and experiment windows
 * @param builtins placeholder values from the release: app, cluster, version, scope (defaults to
 *     app), location (defaults to cluster)
 * @param vars placeholder values given explicitly ({@code --var}, the state input's {@code vars});
 *     they win over filters and built-ins
 * @param thresholds pass and marginal score thresholds
 * @param gate the minimum-data gate
 */
public record AnalysisRequest(
    CanarySpec spec,
    CanaryWindows windows,
    Map<String, String> builtins,
    Map<String, String> vars,
    ScoreThresholds thresholds,
    DataGate gate) {

  public AnalysisRequest {
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(windows, "windows");
    builtins = Map.copyOf(builtins == null ? Map.of() : builtins);
    vars = Map.copyOf(vars == null ? Map.of() : vars);
    thresholds = thresholds == null ? ScoreThresholds.DEFAULT : thresholds;
    gate = gate == null ? DataGate.DEFAULT : gate;
    int points = Math.min(windows.control().points(), windows.experiment().points());
    if (gate.required(points) > points) {
      throw CanaryErrors.invalidInput(
          "the minimum-data gate needs "
              + gate.required(points)
              + " points per window but a window holds only "
              + points
              + " ("
              + Durations.format(windows.control().length())
              + " at "
              + Durations.format(windows.control().step())
              + "). Use a longer window, a smaller step or a lower minPoints.");
    }
  }
}
