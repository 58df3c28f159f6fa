package dev.slipway.analysis;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The metrics port: one range query. Adapters: {@link PrometheusHttpClient} (Prometheus, Thanos,
 * Cortex, Mimir, Amazon Managed Prometheus behind a gateway) and {@link RetryingMetricsProvider}
 * around it.
 *
 * <p>Errors: a transient failure (connection refused, timeout, HTTP 429/5xx) is a {@link
 * dev.slipway.model.RetryableStepException} named {@link CanaryErrors#METRICS_UNAVAILABLE}; a
 * rejected query is terminal {@link CanaryErrors#BAD_QUERY}.
 */
public interface MetricsProvider {

  /**
   * Evaluates {@code promql} at every {@code step} from {@code start} to {@code end}, both
   * inclusive (Prometheus's {@code query_range}).
   */
  List<Series> rangeQuery(String promql, Instant start, Instant end, Duration step);

  /** Where the metrics come from, for error messages (never with credentials). */
  String endpoint();
}
