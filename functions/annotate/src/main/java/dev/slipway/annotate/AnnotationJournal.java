package dev.slipway.annotate;

import java.util.Map;

/**
 * Where the start annotation's id is written down outside the execution's state: the release's
 * reconciliation reads it there to close the annotation of an execution that timed out or was
 * stopped ({@code artifacts/<app>/<build>/executions/<execution>/annotation.json}); with one
 * annotation per cluster ({@code grafana.perCluster}), the end reads each cluster's id there too.
 */
@FunctionalInterface
public interface AnnotationJournal {

  /**
   * Records that {@code request}'s start annotation is {@code annotationId}.
   *
   * @throws RuntimeException when it could not; the annotation goes on regardless
   */
  void opened(AnnotateRequest request, long annotationId);

  /**
   * Records {@code request}'s start annotations, one per cluster, in the release's cluster order.
   * By default only the first is kept.
   */
  default void opened(AnnotateRequest request, Map<String, Long> perCluster) {
    opened(request, perCluster.values().iterator().next());
  }

  /** The per-cluster start annotations of {@code request}'s execution; empty when unknown. */
  default Map<String, Long> openedPerCluster(AnnotateRequest request) {
    return Map.of();
  }
}
