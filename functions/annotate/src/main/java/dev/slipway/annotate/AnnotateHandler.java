package dev.slipway.annotate;

import com.amazonaws.services.lambda.runtime.Context;
import dev.slipway.lambda.JsonStreamHandler;

/** The {@code annotate} state: a Grafana annotation at the start and at the end of a release. */
public final class AnnotateHandler extends JsonStreamHandler<AnnotateRequest, AnnotateResult> {
  public static final String TASK_NAME = "annotate";

  private final AnnotationService service;

  /**
   * The Lambda entry point: the container's graph, built once ({@link AnnotateWiring#instance()}).
   */
  public AnnotateHandler() {
    this(AnnotateWiring.instance());
  }

  /** A handler over a given graph, e.g. {@link AnnotateWiring#fromEnvironment}'s. */
  public AnnotateHandler(AnnotateWiring wiring) {
    this(wiring.annotationService());
  }

  AnnotateHandler(AnnotationService service) {
    super(AnnotateRequest.class);
    this.service = service;
  }

  @Override
  protected AnnotateResult handle(AnnotateRequest input, Context context) {
    return service.annotate(input);
  }
}
