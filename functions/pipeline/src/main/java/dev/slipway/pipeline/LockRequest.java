package dev.slipway.pipeline;

/**
 * The lock states' input.
 *
 * @param attempt how many times this execution has already tried (0 on the first try)
 */
public record LockRequest(String app, String executionArn, int attempt) {}
