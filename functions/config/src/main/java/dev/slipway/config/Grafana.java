package dev.slipway.config;

import java.net.URI;

/**
 * Grafana, for the "deploy start" and "deploy end" annotations.
 *
 * @param url the Grafana base URL, e.g. {@code https://grafana.example.com}
 * @param tokenSecret the Secrets Manager id of a Grafana service-account token (never the token)
 * @param dashboardUid the dashboard to annotate; absent means an organisation-wide annotation
 */
public record Grafana(URI url, String tokenSecret, String dashboardUid) {}
