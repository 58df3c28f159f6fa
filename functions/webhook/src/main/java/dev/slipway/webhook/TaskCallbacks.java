package dev.slipway.webhook;

/**
 * Answers a waiting {@code .waitForTaskToken} task: Step Functions' SendTaskSuccess and
 * SendTaskFailure in AWS, a recording fake in tests.
 */
public interface TaskCallbacks {

  /**
   * Completes the task with {@code output}.
   *
   * @return false when the token is no longer valid (the task timed out or the execution ended)
   */
  boolean succeed(String taskToken, String output);

  /**
   * Fails the task with {@code error} and {@code cause}.
   *
   * @return false when the token is no longer valid
   */
  boolean fail(String taskToken, String error, String cause);
}
