package dev.slipway.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.deploy.kube.ClusterClient;
import dev.slipway.deploy.rollout.RolloutResult;
import dev.slipway.deploy.rollout.RolloutRule;
import dev.slipway.deploy.rollout.RolloutStatus;
import dev.slipway.deploy.rollout.WorkloadObservation;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * One poll of a rollout: reads the live workloads (and, for those not done, their pods and the
 * namespace's warning events) and applies {@link RolloutRule}. Never waits: the state machine
 * polls.
 */
public final class RolloutService {
  private final Function<ClusterRef, ClusterClient> clusters;
  private final Clock clock;

  public RolloutService(Function<ClusterRef, ClusterClient> clusters, Clock clock) {
    this.clusters = clusters;
    this.clock = clock;
  }

  /**
   * @param objects what the deploy (or rollback) applied; only Deployments, StatefulSets and
   *     DaemonSets are polled
   * @param deadline when to stop waiting (the state machine's own), or null
   */
  public record Request(ClusterRef cluster, List<AppliedObject> objects, Instant deadline) {}

  public RolloutResult check(Request request) {
    if (request.cluster() == null) {
      throw ClusterErrors.invalidRef("the rollout input has no cluster");
    }
    var client = clusters.apply(request.cluster().validated());
    var observations = new ArrayList<WorkloadObservation>();
    for (var object : request.objects() == null ? List.<AppliedObject>of() : request.objects()) {
      if (!RolloutRule.WORKLOAD_KINDS.contains(object.kind())) {
        continue;
      }
      var ref = object.ref();
      var live = client.get(ref).orElse(null);
      var bare = new WorkloadObservation(ref, live, List.of(), List.of());
      if (live == null || RolloutRule.evaluate(bare).status() == RolloutStatus.DONE) {
        observations.add(bare);
        continue;
      }
      var pods = client.list("v1", "Pod", ref.namespace(), selector(live), null);
      // all of the namespace's events: the rule keeps the recent Warnings about this workload
      // (a type=Warning field selector is not served by every API server, the embedded one
      // included)
      var events = client.list("v1", "Event", ref.namespace(), null, null);
      observations.add(new WorkloadObservation(ref, live, pods, events));
    }
    return RolloutRule.evaluate(observations, clock.instant(), request.deadline());
  }

  /** The label selector of a workload as a query string ({@code a=b,c in (d,e)}). */
  static String selector(JsonNode workload) {
    var selector = workload.path("spec").path("selector");
    var parts = new ArrayList<String>();
    selector
        .path("matchLabels")
        .properties()
        .forEach(e -> parts.add(e.getKey() + "=" + e.getValue().asText()));
    for (var expression : selector.path("matchExpressions")) {
      var key = expression.path("key").asText();
      var values = new ArrayList<String>();
      expression.path("values").forEach(v -> values.add(v.asText()));
      switch (expression.path("operator").asText()) {
        case "In" -> parts.add(key + " in (" + String.join(",", values) + ")");
        case "NotIn" -> parts.add(key + " notin (" + String.join(",", values) + ")");
        case "Exists" -> parts.add(key);
        case "DoesNotExist" -> parts.add("!" + key);
        default -> {}
      }
    }
    return String.join(",", parts);
  }
}
