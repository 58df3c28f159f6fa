package dev.slipway.deploy.rollout;

import java.time.Instant;

/** A recent {@code type: Warning} event about a workload, its ReplicaSets or its pods. */
public record WarningEvent(
    String object, String reason, String message, int count, Instant lastSeen) {

  public String describe() {
    return object + " " + reason + (count > 1 ? " (x" + count + ")" : "") + ": " + message;
  }
}
