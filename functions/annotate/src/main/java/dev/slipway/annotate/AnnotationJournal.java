package dev.slipway.annotate;

/**
 * Where the start annotation's id is written down outside the execution's state: the release's
 * reconciliation reads it there to close the annotation of an execution that timed out or was
 * stopped ({@code artifacts/<app>/<build>/executions/<execution>/annotation.json}).
 */
@FunctionalInterface
public interface AnnotationJournal {

  /**
   * Records that {@code request}'s start annotation is {@code annotationId}.
   *
   * @throws RuntimeException when it could not; the annotation goes on regardless
   */
  void opened(AnnotateRequest request, long annotationId);
}
