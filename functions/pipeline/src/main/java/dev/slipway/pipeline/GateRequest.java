package dev.slipway.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.model.ApprovalRequest;
import dev.slipway.model.Name;
import java.time.Instant;

/**
 * What a manual gate's {@code .waitForTaskToken} task sends: the task token, what is being
 * approved, and the automated checks' results so far.
 *
 * @param gate {@code deploy} (before the first wave) or {@code canary-marginal}
 * @param diff the Diff state's output (counts and keys), or null
 * @param manifests the GenerateManifests state's output, or null
 * @param canary the canary state's output (a Marginal verdict), or null
 * @param timeoutSeconds the task's timeout, computed by the state before the gate when it opened
 * @param expiresAt when the gate closes (the same computation: the gate's opening plus {@code
 *     timeoutSeconds}); the approval API refuses decisions from then on. Null: {@code
 *     timeoutSeconds} from now
 */
public record GateRequest(
    String token,
    @Name(required = false) String gate,
    @Name String app,
    @Name String build,
    @Name String environment,
    String executionArn,
    @Name String executionName,
    long timeoutSeconds,
    JsonNode diff,
    JsonNode manifests,
    JsonNode canary,
    Instant expiresAt,
    ApprovalRequest.Trigger trigger) {}
