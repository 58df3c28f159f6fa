package dev.slipway.deploy.rollout;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** The rollout state of one workload: what kubectl rollout status would print, and why. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ObjectRollout(
    String kind,
    String namespace,
    String name,
    RolloutStatus status,
    String reason,
    String message,
    List<PodProblem> pods,
    List<WarningEvent> events) {

  public ObjectRollout {
    pods = pods == null ? List.of() : List.copyOf(pods);
    events = events == null ? List.of() : List.copyOf(events);
  }

  ObjectRollout withStatus(RolloutStatus newStatus, String newReason, String newMessage) {
    return new ObjectRollout(kind, namespace, name, newStatus, newReason, newMessage, pods, events);
  }

  String label() {
    return kind + " " + (namespace == null ? "" : namespace + "/") + name;
  }
}
