package dev.slipway.config;

import java.net.URI;

/**
 * A Prometheus-compatible query endpoint (Prometheus, Thanos, Mimir, Amazon Managed Prometheus).
 *
 * @param url the base URL; Slipway calls {@code <url>/api/v1/query_range}
 * @param authSecret the Secrets Manager id of an {@code Authorization} header value (optional)
 */
public record Prometheus(URI url, String authSecret) {}
