package dev.slipway.webhook;

import java.time.Instant;

/** Starts release executions: Step Functions in AWS, a recording fake in tests. */
public interface ExecutionStarter {

  /**
   * Starts an execution called {@code name} with {@code input}, or finds the one already called
   * that.
   *
   * @throws dev.slipway.model.RetryableStepException {@code Slipway.Webhook.StartFailed} when the
   *     service cannot be reached or throttles
   */
  Started start(String name, String input);

  /**
   * An execution.
   *
   * @param executionArn its ARN
   * @param name its name
   * @param startDate when it started (absent for one that already existed)
   * @param alreadyExisted whether it was started earlier, by another delivery
   */
  record Started(String executionArn, String name, Instant startDate, boolean alreadyExisted) {}
}
