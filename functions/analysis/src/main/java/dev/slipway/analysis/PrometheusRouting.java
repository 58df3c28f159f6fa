package dev.slipway.analysis;

/**
 * Which Prometheus the canary of a cluster queries, and the label matchers that select the
 * cluster's series there. {@link ClusterPrometheus} reads both from {@code config/slipway.yaml}
 * (the cluster's {@code prometheus} block, else the top-level one, else the stack's default);
 * {@link #fixed} is one endpoint for every cluster (tests, {@code slipway canary}).
 */
public interface PrometheusRouting {

  /**
   * The endpoint for {@code cluster}'s canary.
   *
   * @param cluster the cluster the canary judges, as the state machine names it; null when the
   *     input names none (the top-level endpoint then)
   */
  Target forCluster(String cluster);

  /**
   * Where one canary's queries go.
   *
   * @param metrics the endpoint's metrics port (retried)
   * @param extraLabels the endpoint's {@code extraLabels} as PromQL label matchers ({@code
   *     name="value",...}), or empty: the placeholder {@code %(extraLabels)s}
   */
  record Target(MetricsProvider metrics, String extraLabels) {
    public Target {
      extraLabels = extraLabels == null ? "" : extraLabels;
    }
  }

  /** {@code metrics} for every cluster, without extra labels. */
  static PrometheusRouting fixed(MetricsProvider metrics) {
    Target target = new Target(metrics, "");
    return cluster -> target;
  }
}
