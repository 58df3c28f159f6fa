package dev.slipway.deploy.rollout;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads why pods are not ready, and which warning events matter, from the objects' JSON. Pure: no
 * cluster access.
 */
final class PodDiagnosis {
  /** Waiting reasons that are a normal part of starting a container, not a problem. */
  private static final Set<String> BENIGN_WAITING = Set.of("ContainerCreating", "PodInitializing");

  static final int MAX_EVENTS = 5;

  /** k8s.io/apimachinery rand.SafeEncodeString's alphabet, used by pod-template-hash. */
  private static final String HASH_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

  private PodDiagnosis() {}

  /** The problems of every pod, at most one per container. */
  static List<PodProblem> problems(List<JsonNode> pods) {
    var out = new ArrayList<PodProblem>();
    for (var pod : pods) {
      out.addAll(problems(pod));
    }
    return out;
  }

  static List<PodProblem> problems(JsonNode pod) {
    var name = pod.path("metadata").path("name").asText();
    var status = pod.path("status");
    var out = new ArrayList<PodProblem>();
    for (var field : List.of("initContainerStatuses", "containerStatuses")) {
      for (var cs : status.path(field)) {
        var problem = containerProblem(name, cs);
        if (problem != null) {
          out.add(problem);
        }
      }
    }
    if (out.isEmpty()) {
      for (var condition : status.path("conditions")) {
        if ("PodScheduled".equals(condition.path("type").asText())
            && "False".equals(condition.path("status").asText())) {
          var reason = condition.path("reason").asText("Unschedulable");
          out.add(new PodProblem(name, null, reason, condition.path("message").asText(null), 0));
        }
      }
    }
    if (out.isEmpty() && "Failed".equals(status.path("phase").asText())) {
      out.add(
          new PodProblem(
              name,
              null,
              status.path("reason").asText("Failed"),
              status.path("message").asText(null),
              0));
    }
    return out;
  }

  private static PodProblem containerProblem(String pod, JsonNode cs) {
    var container = cs.path("name").asText(null);
    var restarts = cs.path("restartCount").asInt(0);
    var waiting = cs.path("state").path("waiting");
    var terminated = cs.path("state").path("terminated");
    var lastTerminated = cs.path("lastState").path("terminated");
    if (waiting.isObject()) {
      var reason = waiting.path("reason").asText("");
      if (reason.isEmpty() || BENIGN_WAITING.contains(reason)) {
        return null;
      }
      var message = waiting.path("message").asText(null);
      if (lastTerminated.isObject()) {
        var last = lastTerminated.path("reason").asText("");
        var exit = lastTerminated.path("exitCode").asInt();
        var lastExit =
            "last exit: " + (last.isEmpty() ? "exit code " + exit : last + ", exit code " + exit);
        message = message == null ? lastExit : message + "; " + lastExit;
        if ("OOMKilled".equals(last)) {
          // the root cause, more useful than the back-off it leads to
          return new PodProblem(pod, container, "OOMKilled", reason + "; " + message, restarts);
        }
      }
      return new PodProblem(pod, container, reason, message, restarts);
    }
    if (terminated.isObject()) {
      var reason = terminated.path("reason").asText("");
      var exit = terminated.path("exitCode").asInt();
      if (exit == 0 && !"OOMKilled".equals(reason)) {
        return null;
      }
      return new PodProblem(
          pod,
          container,
          reason.isEmpty() ? "Terminated" : reason,
          "exit code " + exit + messageSuffix(terminated),
          restarts);
    }
    return null;
  }

  private static String messageSuffix(JsonNode state) {
    var m = state.path("message").asText("");
    return m.isBlank() ? "" : ": " + m.strip();
  }

  /**
   * The most recent warning events about the workload, its ReplicaSets or revisions (named {@code
   * <workload>-<hash>}) or one of its pods, newest first. Another workload whose name merely starts
   * with this one's ({@code web-admin} for {@code web}) does not count.
   */
  static List<WarningEvent> warnings(String workload, List<JsonNode> pods, List<JsonNode> events) {
    var podNames = new HashSet<String>();
    for (var pod : pods) {
      podNames.add(pod.path("metadata").path("name").asText());
    }
    var out = new ArrayList<WarningEvent>();
    for (var event : events) {
      if (!"Warning".equals(event.path("type").asText())) {
        continue;
      }
      var involved = event.path("involvedObject");
      if (involved.isMissingNode()) {
        involved = event.path("regarding");
      }
      var name = involved.path("name").asText();
      if (!(name.equals(workload) || isRevisionOf(workload, name) || podNames.contains(name))) {
        continue;
      }
      var message = event.path("message").asText(event.path("note").asText(""));
      out.add(
          new WarningEvent(
              involved.path("kind").asText() + "/" + name,
              event.path("reason").asText(),
              message.strip(),
              Math.max(1, event.path("count").asInt(1)),
              lastSeen(event)));
    }
    out.sort(
        Comparator.comparing(
            WarningEvent::lastSeen, Comparator.nullsLast(Comparator.<Instant>reverseOrder())));
    return out.size() > MAX_EVENTS ? List.copyOf(out.subList(0, MAX_EVENTS)) : out;
  }

  /**
   * A ReplicaSet or ControllerRevision of the workload: {@code <workload>-<hash>}, where the hash
   * uses Kubernetes' safe-encoding alphabet (no vowels, no 0, 1 or 3), so {@code web-admin} is not
   * a revision of {@code web}.
   */
  private static boolean isRevisionOf(String workload, String name) {
    if (!name.startsWith(workload + "-") || name.length() == workload.length() + 1) {
      return false;
    }
    return name.substring(workload.length() + 1)
        .chars()
        .allMatch(c -> HASH_ALPHABET.indexOf(c) >= 0);
  }

  private static Instant lastSeen(JsonNode event) {
    for (var field : List.of("lastTimestamp", "eventTime", "firstTimestamp")) {
      var text = event.path(field).asText("");
      if (!text.isEmpty()) {
        try {
          return Instant.parse(text);
        } catch (DateTimeParseException e) {
          // a timestamp we cannot read sorts last; the event still counts
        }
      }
    }
    var metadataTime = event.path("metadata").path("creationTimestamp").asText("");
    try {
      return metadataTime.isEmpty() ? null : Instant.parse(metadataTime);
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
