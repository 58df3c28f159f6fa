package dev.slipway.pipeline;

/**
 * What opening a gate did. (Step Functions does not use it: the task's result is what the approver
 * sends.)
 *
 * @param link the signed approval link, or null when no API URL or approvals key is configured
 */
public record GateResult(String id, String key, String link, boolean notified) {}
