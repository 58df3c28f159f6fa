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

  public ApprovalGateHandler() {
    this(PipelineWiring.fromEnvironment().approvalGate());
  }

  public ApprovalGateHandler(ApprovalGate gate) {
    super(GateRequest.class);
    this.gate = gate;
  }

  @Override
  protected GateResult handle(GateRequest input, Context context) {
    return gate.open(input);
  }
}
