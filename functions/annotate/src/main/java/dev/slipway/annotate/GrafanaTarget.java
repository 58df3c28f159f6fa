package dev.slipway.annotate;

import java.util.Optional;

/**
 * Where and how a release is annotated, as resolved for one call: the client for Grafana's URL and
 * token, the dashboard and panel to pin, the tag style and whether each cluster gets its own
 * annotation.
 *
 * @param dashboardUid the dashboard to pin the annotation to, or null
 * @param panelId the panel on that dashboard, or null
 */
public record GrafanaTarget(
    GrafanaClient client,
    String dashboardUid,
    Long panelId,
    AnnotationStyle style,
    boolean perCluster) {

  /** Resolves the target for the next annotation; empty when Grafana is not configured. */
  @FunctionalInterface
  public interface Source {

    /**
     * @throws dev.slipway.model.SlipwayException when the configuration cannot be read (e.g. {@code
     *     Slipway.Config.Invalid}); the annotation reports it and the release goes on
     */
    Optional<GrafanaTarget> current();
  }
}
