package dev.slipway.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * How the release state machine treats an application; every field is optional and has the default
 * given here.
 *
 * @param progressDeadlineSeconds set on Deployments without their own; also how long the state
 *     machine polls a wave's rollout (plus a margin of two minutes). Default 600
 * @param force server-side apply with {@code force}: take fields other managers own. Default false
 * @param maxParallelClusters clusters of one wave deployed at once. Default 5
 * @param approvalTimeoutHours how long a manual gate waits before the release ends as {@code
 *     Slipway.Approval.Expired}. Default 24
 * @param onMarginal what a Marginal canary verdict does: {@code approve} (ask a person) or {@code
 *     fail} (roll back). Default approve
 * @param canary the canary analysis settings: windows (the preset: default or seed), window, step,
 *     controlOffset, bakeDelay, pass, marginal, minPoints, minFraction, onNoData (docs/canary.md);
 *     plus {@code vars}
 * @param staticSync the static data to copy before deploying: {@code source} and {@code
 *     destinations} as the staticsync state takes them; absent: no sync
 * @param parameters the app's own template parameters
 * @param crds custom resource kinds the app's manifests may hold, {@code <group>/<version>/<Kind>}
 */
public record ReleaseSettings(
    Integer progressDeadlineSeconds,
    Boolean force,
    Integer maxParallelClusters,
    Integer approvalTimeoutHours,
    String onMarginal,
    JsonNode canary,
    JsonNode staticSync,
    Map<String, String> parameters,
    List<String> crds) {

  public static final ReleaseSettings DEFAULTS =
      new ReleaseSettings(null, null, null, null, null, null, null, null, null);

  public ReleaseSettings {
    parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
    crds = crds == null ? List.of() : List.copyOf(crds);
  }

  public int progressDeadline() {
    return progressDeadlineSeconds == null ? 600 : progressDeadlineSeconds;
  }

  public boolean forceApply() {
    return Boolean.TRUE.equals(force);
  }

  public int parallelClusters() {
    return maxParallelClusters == null ? 5 : maxParallelClusters;
  }

  public int approvalTimeout() {
    return approvalTimeoutHours == null ? 24 : approvalTimeoutHours;
  }

  public String marginal() {
    return onMarginal == null ? "approve" : onMarginal;
  }
}
