package dev.slipway.deploy.rollout;

/** Where a rollout stands. Waiting is a status, not an error. */
public enum RolloutStatus {
  IN_PROGRESS,
  DONE,
  FAILED
}
