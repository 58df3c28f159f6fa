package dev.slipway.deploy.rollout;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Whether a rollout is done: a pure function over the live objects, with the semantics of {@code
 * kubectl rollout status} (and Flagger's readiness rule) for Deployments, StatefulSets and
 * DaemonSets.
 *
 * <p>A rollout FAILS when a Deployment reports {@code ProgressDeadlineExceeded}, when a workload
 * the deploy applied is gone, or when the caller's deadline has passed while any workload is still
 * in progress. The deadline matters: pods in CrashLoopBackOff can keep a rollout "progressing"
 * forever (Argo Rollouts #3765), and StatefulSets and DaemonSets have no progress deadline of their
 * own. Every answer that is not DONE carries the pods' reasons and recent warning events.
 */
public final class RolloutRule {
  /** The error name of a rollout that ran out of time. */
  public static final String PROGRESS_DEADLINE_EXCEEDED = "Slipway.Deploy.ProgressDeadlineExceeded";

  /** The error name of a workload that vanished between deploy and poll. */
  public static final String OBJECT_MISSING = "Slipway.Deploy.ObjectMissing";

  /** The kinds whose rollout is tracked; everything else is done once applied. */
  public static final Set<String> WORKLOAD_KINDS = Set.of("Deployment", "StatefulSet", "DaemonSet");

  private RolloutRule() {}

  /**
   * Evaluates one poll.
   *
   * @param observations one per workload the deploy applied
   * @param now the time of the poll
   * @param deadline when to give up (the earlier of the state machine's timeout and what the caller
   *     allows), or null for none
   */
  public static RolloutResult evaluate(
      List<WorkloadObservation> observations, Instant now, Instant deadline) {
    var objects = new ArrayList<ObjectRollout>();
    boolean pastDeadline = deadline != null && !now.isBefore(deadline);
    for (var observation : observations) {
      var rollout = evaluate(observation);
      if (pastDeadline && rollout.status() == RolloutStatus.IN_PROGRESS) {
        rollout =
            rollout.withStatus(
                RolloutStatus.FAILED,
                PROGRESS_DEADLINE_EXCEEDED,
                "not rolled out by the deadline " + deadline + ": " + rollout.message());
      }
      objects.add(rollout);
    }
    return summarise(objects);
  }

  /** The state of one workload, without a deadline. */
  public static ObjectRollout evaluate(WorkloadObservation observation) {
    var ref = observation.ref();
    if (observation.live() == null) {
      return new ObjectRollout(
          ref.kind(),
          ref.namespace(),
          ref.name(),
          RolloutStatus.FAILED,
          OBJECT_MISSING,
          ref.kind()
              + " "
              + ref.name()
              + " no longer exists: something deleted it after Slipway applied it. Find out what"
              + " (kubectl get events) and deploy again.",
          List.of(),
          List.of());
    }
    var live = observation.live();
    var verdict =
        switch (ref.kind()) {
          case "Deployment" -> deployment(live);
          case "StatefulSet" -> statefulSet(live);
          case "DaemonSet" -> daemonSet(live);
          default -> new Verdict(RolloutStatus.DONE, "Applied", "applied; no rollout to wait for");
        };
    List<PodProblem> pods = List.of();
    List<WarningEvent> events = List.of();
    var message = verdict.message;
    if (verdict.status != RolloutStatus.DONE) {
      pods = PodDiagnosis.problems(observation.pods());
      events = PodDiagnosis.warnings(ref.name(), observation.pods(), observation.events());
      message = withDiagnosis(message, pods, events);
    }
    return new ObjectRollout(
        ref.kind(),
        ref.namespace(),
        ref.name(),
        verdict.status,
        verdict.reason,
        message,
        pods,
        events);
  }

  private record Verdict(RolloutStatus status, String reason, String message) {
    static Verdict waiting(String message) {
      return new Verdict(RolloutStatus.IN_PROGRESS, "Progressing", message);
    }

    static Verdict done(String message) {
      return new Verdict(RolloutStatus.DONE, "Complete", message);
    }
  }

  private static Verdict deployment(JsonNode d) {
    var name = d.path("metadata").path("name").asText();
    var generation = d.path("metadata").path("generation").asLong(0);
    var status = d.path("status");
    if (generation > status.path("observedGeneration").asLong(0)) {
      return Verdict.waiting("Waiting for deployment spec update to be observed...");
    }
    for (var condition : status.path("conditions")) {
      if ("Progressing".equals(condition.path("type").asText())
          && "ProgressDeadlineExceeded".equals(condition.path("reason").asText())) {
        return new Verdict(
            RolloutStatus.FAILED,
            PROGRESS_DEADLINE_EXCEEDED,
            "deployment \""
                + name
                + "\" exceeded its progress deadline ("
                + d.path("spec").path("progressDeadlineSeconds").asInt(600)
                + "s)");
      }
    }
    var desired = d.path("spec").path("replicas").asInt(1);
    var updated = status.path("updatedReplicas").asInt(0);
    var replicas = status.path("replicas").asInt(0);
    var available = status.path("availableReplicas").asInt(0);
    var paused =
        (d.path("spec").path("paused").asBoolean(false)
                ? " The deployment is paused (spec.paused): it will not progress until resumed."
                : "")
            + replicaFailure(status);
    if (updated < desired) {
      return Verdict.waiting(
          "Waiting for deployment \""
              + name
              + "\" rollout to finish: "
              + updated
              + " out of "
              + desired
              + " new replicas have been updated..."
              + paused);
    }
    if (replicas > updated) {
      return Verdict.waiting(
          "Waiting for deployment \""
              + name
              + "\" rollout to finish: "
              + (replicas - updated)
              + " old replicas are pending termination..."
              + paused);
    }
    if (available < desired) {
      return Verdict.waiting(
          "Waiting for deployment \""
              + name
              + "\" rollout to finish: "
              + available
              + " of "
              + desired
              + " updated replicas are available..."
              + paused);
    }
    return Verdict.done("deployment \"" + name + "\" successfully rolled out");
  }

  /** A ReplicaFailure condition (quota, admission): why no new pods appear at all. */
  private static String replicaFailure(JsonNode status) {
    for (var condition : status.path("conditions")) {
      if ("ReplicaFailure".equals(condition.path("type").asText())
          && "True".equals(condition.path("status").asText())) {
        return " ReplicaFailure "
            + condition.path("reason").asText()
            + ": "
            + condition.path("message").asText()
            + ".";
      }
    }
    return "";
  }

  private static Verdict statefulSet(JsonNode s) {
    var generation = s.path("metadata").path("generation").asLong(0);
    var spec = s.path("spec");
    var status = s.path("status");
    var observed = status.path("observedGeneration").asLong(0);
    if (observed == 0 || generation > observed) {
      return Verdict.waiting("Waiting for statefulset spec update to be observed...");
    }
    var strategy = spec.path("updateStrategy").path("type").asText("RollingUpdate");
    if ("OnDelete".equals(strategy)) {
      return Verdict.done(
          "statefulset uses updateStrategy OnDelete: pods change only when deleted, so Slipway"
              + " does not wait for them");
    }
    var desired = spec.path("replicas").asInt(1);
    var ready = status.path("readyReplicas").asInt(0);
    var updated = status.path("updatedReplicas").asInt(0);
    if (ready < desired) {
      return Verdict.waiting("Waiting for " + (desired - ready) + " pods to be ready...");
    }
    var partition = spec.path("updateStrategy").path("rollingUpdate").path("partition").asInt(0);
    if (partition > 0) {
      var toUpdate = Math.max(0, desired - partition);
      if (updated < toUpdate) {
        return Verdict.waiting(
            "Waiting for partitioned roll out to finish: "
                + updated
                + " out of "
                + toUpdate
                + " new pods have been updated...");
      }
      return Verdict.done(
          "partitioned roll out complete: " + updated + " new pods have been updated...");
    }
    var updateRevision = status.path("updateRevision").asText("");
    if (updated < desired || !updateRevision.equals(status.path("currentRevision").asText(""))) {
      return Verdict.waiting(
          "waiting for statefulset rolling update to complete "
              + updated
              + " pods at revision "
              + updateRevision
              + "...");
    }
    return Verdict.done(
        "statefulset rolling update complete "
            + status.path("currentReplicas").asInt(updated)
            + " pods at revision "
            + updateRevision
            + "...");
  }

  private static Verdict daemonSet(JsonNode ds) {
    var name = ds.path("metadata").path("name").asText();
    var generation = ds.path("metadata").path("generation").asLong(0);
    var status = ds.path("status");
    if (generation > status.path("observedGeneration").asLong(0)) {
      return Verdict.waiting("Waiting for daemon set spec update to be observed...");
    }
    var strategy = ds.path("spec").path("updateStrategy").path("type").asText("RollingUpdate");
    if ("OnDelete".equals(strategy)) {
      return Verdict.done(
          "daemon set uses updateStrategy OnDelete: pods change only when deleted, so Slipway"
              + " does not wait for them");
    }
    var desired = status.path("desiredNumberScheduled").asInt(0);
    var updated = status.path("updatedNumberScheduled").asInt(0);
    var available = status.path("numberAvailable").asInt(0);
    if (updated < desired) {
      return Verdict.waiting(
          "Waiting for daemon set \""
              + name
              + "\" rollout to finish: "
              + updated
              + " out of "
              + desired
              + " new pods have been updated...");
    }
    if (available < desired) {
      return Verdict.waiting(
          "Waiting for daemon set \""
              + name
              + "\" rollout to finish: "
              + available
              + " of "
              + desired
              + " updated pods are available...");
    }
    return Verdict.done("daemon set \"" + name + "\" successfully rolled out");
  }

  private static String withDiagnosis(
      String message, List<PodProblem> pods, List<WarningEvent> events) {
    var sb = new StringBuilder(message);
    if (!pods.isEmpty()) {
      sb.append(" Pods: ")
          .append(pods.stream().map(PodProblem::describe).collect(Collectors.joining("; ")))
          .append('.');
    }
    if (!events.isEmpty()) {
      sb.append(" Recent warnings: ")
          .append(events.stream().map(WarningEvent::describe).collect(Collectors.joining("; ")))
          .append('.');
    }
    return sb.toString();
  }

  private static RolloutResult summarise(List<ObjectRollout> objects) {
    var failed = objects.stream().filter(o -> o.status() == RolloutStatus.FAILED).toList();
    if (!failed.isEmpty()) {
      return new RolloutResult(
          RolloutStatus.FAILED,
          failed.get(0).reason(),
          failed.stream()
              .map(o -> o.label() + ": " + o.message())
              .collect(Collectors.joining("\n")),
          objects);
    }
    var waiting = objects.stream().filter(o -> o.status() == RolloutStatus.IN_PROGRESS).toList();
    if (!waiting.isEmpty()) {
      return new RolloutResult(
          RolloutStatus.IN_PROGRESS,
          "Progressing",
          waiting.stream()
              .map(o -> o.label() + ": " + o.message())
              .collect(Collectors.joining("\n")),
          objects);
    }
    return new RolloutResult(
        RolloutStatus.DONE,
        "Complete",
        objects.isEmpty()
            ? "nothing to wait for: no Deployment, StatefulSet or DaemonSet was applied"
            : objects.stream()
                .map(o -> o.label() + ": " + o.message())
                .collect(Collectors.joining("\n")),
        objects);
  }
}
