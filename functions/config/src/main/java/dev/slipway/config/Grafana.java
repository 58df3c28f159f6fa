package dev.slipway.config;

import java.net.URI;
import java.util.List;

/**
 * Grafana, for the "deploy start" and "deploy end" annotations. Every key is optional: an absent
 * one falls back to the annotate function's environment ({@code SLIPWAY_GRAFANA_*}, the stack's
 * defaults).
 *
 * @param url the Grafana base URL, e.g. {@code https://grafana.example.com}
 * @param tokenSecret the Secrets Manager id of a Grafana service-account token (never the token)
 * @param dashboardUid the dashboard to annotate; absent means an organisation-wide annotation
 * @param panelId the panel of that dashboard to annotate
 * @param tags the annotation convention: {@value #KEYED} (the default) or {@value #SEED}
 * @param perCluster one annotation per cluster of the release instead of one for the release
 */
public record Grafana(
    URI url,
    String tokenSecret,
    String dashboardUid,
    Long panelId,
    String tags,
    Boolean perCluster) {

  /** {@code key:value} tags, an {@code env} tag, a region spanning the whole release. */
  public static final String KEYED = "keyed";

  /** The notes' webhook stages: bare values in their order, {@code isRegion: true}. */
  public static final String SEED = "seed";

  /** Every value {@code tags} may take. */
  public static final List<String> TAG_STYLES = List.of(KEYED, SEED);
}
