package dev.slipway.pipeline;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.lambda.JsonStreamHandler;

/** The {@code Plan} state: the release request and the configuration, made into a plan. */
public final class PlanHandler extends JsonStreamHandler<PlanRequest, JsonNode> {
  public static final String TASK_NAME = "plan";

  private final PlanService service;

  /** Built by the Lambda runtime: the configuration from the bucket, once per container. */
  public PlanHandler() {
    this(PipelineWiring.fromEnvironment().planService());
  }

  public PlanHandler(PlanService service) {
    super(PlanRequest.class);
    this.service = service;
  }

  @Override
  protected JsonNode handle(PlanRequest input, Context context) {
    return service.plan(input);
  }
}
