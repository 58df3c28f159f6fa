package dev.slipway.deploy.rollout;

import java.util.List;

/**
 * The answer to one rollout poll: {@code status} routes the state machine's Choice state; {@code
 * reason} is a Slipway error name when the rollout FAILED; {@code message} says why, with the pods'
 * reasons and recent warning events.
 */
public record RolloutResult(
    RolloutStatus status, String reason, String message, List<ObjectRollout> objects) {

  public RolloutResult {
    objects = List.copyOf(objects);
  }
}
