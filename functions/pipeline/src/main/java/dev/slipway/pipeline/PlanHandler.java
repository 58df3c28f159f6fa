package dev.slipway.pipeline;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.lambda.JsonStreamHandler;

/** The {@code Plan} state: the release request and the configuration, made into a plan. */
public final class PlanHandler extends JsonStreamHandler<PlanRequest, JsonNode> {
  public static final String TASK_NAME = "plan";

  private final PlanService service;

  /**
   * The Lambda entry point: the container's graph, built once ({@link PipelineWiring#instance()}).
   */
  public PlanHandler() {
    this(PipelineWiring.instance());
  }

  /** A handler over a given graph, e.g. {@link PipelineWiring#fromEnvironment}'s. */
  public PlanHandler(PipelineWiring wiring) {
    this(wiring.planService());
  }

  PlanHandler(PlanService service) {
    super(PlanRequest.class);
    this.service = service;
  }

  @Override
  protected JsonNode handle(PlanRequest input, Context context) {
    return service.plan(input);
  }
}
