package dev.slipway.pipeline;

import dev.slipway.model.Name;
import dev.slipway.model.ReleaseRequest;
import java.time.Instant;

/**
 * The plan state's input: the execution input as the webhook wrote it, and who is running.
 *
 * @param executionName the execution's name (snapshots and approvals are keyed by it)
 * @param machineTimeoutSeconds the state machine's own TimeoutSeconds: a manual gate must end
 *     before it, so that an unanswered gate ends as {@code Slipway.Approval.Expired}, not as a
 *     timed-out execution (null: no cap)
 */
public record PlanRequest(
    ReleaseRequest release,
    String executionArn,
    @Name String executionName,
    Instant startedAt,
    Integer machineTimeoutSeconds) {}
