package dev.slipway.pipeline;

import dev.slipway.model.Name;

/**
 * The lock states' input.
 *
 * @param attempt how many times this execution has already tried (0 on the first try)
 */
public record LockRequest(@Name String app, String executionArn, int attempt) {}
