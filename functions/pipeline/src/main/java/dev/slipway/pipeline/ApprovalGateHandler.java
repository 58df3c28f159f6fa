package dev.slipway.pipeline;

import com.amazonaws.services.lambda.runtime.Context;
import dev.slipway.lambda.JsonStreamHandler;

/**
 * The {@code RequestApproval} and {@code ApproveMarginal} states ({@code .waitForTaskToken}): opens
 * the manual gate; {@code POST /approvals/{id}} closes it.
 */
public final class ApprovalGateHandler extends JsonStreamHandler<GateRequest, GateResult> {
  public static final String TASK_NAME = "approval-gate";

  private final ApprovalGate gate;

  /**
   * The Lambda entry point: the container's graph, built once ({@link PipelineWiring#instance()}).
   */
  public ApprovalGateHandler() {
    this(PipelineWiring.instance());
  }

  /** A handler over a given graph, e.g. {@link PipelineWiring#fromEnvironment}'s. */
  public ApprovalGateHandler(PipelineWiring wiring) {
    this(wiring.approvalGate());
  }

  ApprovalGateHandler(ApprovalGate gate) {
    super(GateRequest.class);
    this.gate = gate;
  }

  @Override
  protected GateResult handle(GateRequest input, Context context) {
    return gate.open(input);
  }
}
