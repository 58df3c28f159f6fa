package dev.slipway.annotate;

/**
 * What the annotation did; recorded in the release record. Never an exception: Grafana is best
 * effort.
 *
 * @param annotationId Grafana's id for the annotation, or null when none was made
 * @param ok whether Grafana took it (also true when Grafana is not configured)
 * @param detail why not, or "Grafana not configured"; null when all went well
 */
public record AnnotateResult(Long annotationId, boolean ok, String detail) {}
