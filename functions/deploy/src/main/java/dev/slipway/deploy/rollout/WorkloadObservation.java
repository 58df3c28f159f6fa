package dev.slipway.deploy.rollout;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.manifests.ObjectRef;
import java.util.List;

/**
 * Everything the rollout rule looks at for one workload, read from the cluster in one poll.
 *
 * @param ref the object the deploy applied
 * @param live the live object, or null when it is gone
 * @param pods the pods its selector matches
 * @param events the namespace's events (the rule keeps the recent warnings about this workload)
 */
public record WorkloadObservation(
    ObjectRef ref, JsonNode live, List<JsonNode> pods, List<JsonNode> events) {

  public WorkloadObservation {
    pods = List.copyOf(pods);
    events = List.copyOf(events);
  }
}
