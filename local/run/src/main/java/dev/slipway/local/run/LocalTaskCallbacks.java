package dev.slipway.local.run;

import dev.slipway.local.executor.TaskTokens;
import dev.slipway.model.TerminalStepException;
import dev.slipway.webhook.TaskCallbacks;

/**
 * SendTaskSuccess / SendTaskFailure for the webhook's approval endpoint on the local executor. A
 * token nobody waits for any more answers false, as Step Functions' TaskTimedOut does.
 */
public final class LocalTaskCallbacks implements TaskCallbacks {
  private final TaskTokens tokens;

  public LocalTaskCallbacks(TaskTokens tokens) {
    this.tokens = tokens;
  }

  @Override
  public boolean succeed(String taskToken, String output) {
    try {
      tokens.sendTaskSuccess(taskToken, output);
      return true;
    } catch (TerminalStepException gone) {
      return false;
    }
  }

  @Override
  public boolean fail(String taskToken, String error, String cause) {
    try {
      tokens.sendTaskFailure(taskToken, error, cause);
      return true;
    } catch (TerminalStepException gone) {
      return false;
    }
  }
}
