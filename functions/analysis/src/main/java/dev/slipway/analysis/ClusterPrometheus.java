package dev.slipway.analysis;

import dev.slipway.config.Cluster;
import dev.slipway.config.ConfigLoader;
import dev.slipway.config.Prometheus;
import dev.slipway.config.SlipwayConfig;
import dev.slipway.model.TerminalStepException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Each cluster's Prometheus, from {@code config/slipway.yaml} as the {@link ConfigLoader} reads it
 * (so a change is live within its TTL): the cluster's {@code prometheus} block, else the top-level
 * {@code prometheus} block, else the stack's default ({@code SLIPWAY_PROMETHEUS_URL} and its
 * settings). A block is used whole, never merged with another: its URL, its {@code authSecret}
 * (read from Secrets Manager once per container and block), its {@code headers} and its {@code
 * extraLabels}. The stack's method, timeout and retry policy apply to every endpoint.
 */
public final class ClusterPrometheus implements PrometheusRouting {
  private final ConfigLoader config;
  private final AnalysisConfig stack;
  private final Function<String, PrometheusEndpoint.Auth> secrets;
  private final Function<PrometheusEndpoint, MetricsProvider> connect;
  private final Map<Prometheus, Target> targets = new ConcurrentHashMap<>();
  private Target stackTarget;

  /**
   * @param config reads {@code config/slipway.yaml}
   * @param stack the stack's settings: the default endpoint (may be absent), method and timeout
   * @param secrets the credentials a Secrets Manager id holds (an {@code authSecret})
   * @param connect the metrics port over an endpoint (retried in the function)
   */
  public ClusterPrometheus(
      ConfigLoader config,
      AnalysisConfig stack,
      Function<String, PrometheusEndpoint.Auth> secrets,
      Function<PrometheusEndpoint, MetricsProvider> connect) {
    this.config = config;
    this.stack = stack;
    this.secrets = secrets;
    this.connect = connect;
  }

  @Override
  public Target forCluster(String cluster) {
    SlipwayConfig c = config.current();
    Optional<Cluster> named = cluster == null ? Optional.empty() : c.cluster(cluster);
    Optional<Prometheus> block =
        named.map(c::prometheusFor).orElseGet(() -> Optional.ofNullable(c.prometheus()));
    if (block.isPresent()) {
      return targets.computeIfAbsent(block.get(), this::target);
    }
    return stackTarget(cluster);
  }

  private synchronized Target stackTarget(String cluster) {
    if (stackTarget == null) {
      PrometheusEndpoint endpoint = stack.resolvedEndpoint();
      if (endpoint == null) {
        throw new TerminalStepException(
            CanaryErrors.NO_PROMETHEUS,
            "no Prometheus for "
                + (cluster == null ? "this canary" : "cluster '" + cluster + "'")
                + ": config/slipway.yaml gives neither the cluster nor the top level a"
                + " prometheus block, and SLIPWAY_PROMETHEUS_URL (the stack's default) is not set."
                + " Add prometheus.url to the file (docs/configuration.md#prometheus) or set the"
                + " stack's default.");
      }
      stackTarget = new Target(connect.apply(endpoint), "");
    }
    return stackTarget;
  }

  private Target target(Prometheus block) {
    PrometheusEndpoint endpoint =
        new PrometheusEndpoint(
            block.url(),
            stack.method(),
            block.authSecret() == null ? null : secrets.apply(block.authSecret()),
            block.headers(),
            stack.timeout());
    return new Target(connect.apply(endpoint), block.labelMatchers());
  }
}
