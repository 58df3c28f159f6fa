package dev.slipway.deploy;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.slipway.deploy.rollout.RolloutResult;
import dev.slipway.deploy.rollout.RolloutStatus;
import dev.slipway.store.ArtifactStore;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * The rollout of a whole wave, checked in one call: the state machine polls a wave's clusters
 * together, not each on its own (every poll is a billed state transition). The answer is the worst
 * of the clusters' answers, with a growing interval for the next poll.
 */
public final class WaveRollout {
  static final int FIRST_POLL_SECONDS = 5;
  static final int MAX_POLL_SECONDS = 30;

  /** The longest {@code message} the state carries; the rest is in the function's log. */
  static final int MESSAGE_LIMIT = 2_000;

  private static final Logger LOG = Logger.getLogger(WaveRollout.class.getName());

  private final RolloutService rollout;
  private final ArtifactStore store;
  private final Clock clock;

  /**
   * @param store where a deploy that applied many workloads left their list ({@link
   *     DeployService.Result#appliedKey()})
   */
  public WaveRollout(RolloutService rollout, ArtifactStore store, Clock clock) {
    this.rollout = rollout;
    this.store = store;
    this.clock = clock;
  }

  /**
   * What to poll.
   *
   * @param clusters the wave's clusters
   * @param deployed what the deploy state applied to each (matched to a cluster by name)
   * @param deadline when to give up, or null to use {@code startedAt + deadlineSeconds}
   * @param attempt how many polls came before this one
   */
  public record Request(
      List<ClusterRef> clusters,
      List<DeployService.Result> deployed,
      Instant deadline,
      Instant startedAt,
      Long deadlineSeconds,
      int attempt) {

    /** Also reads the one-cluster shape {@code {cluster, objects, deadline}}. */
    @JsonCreator
    static Request fromJson(
        @JsonProperty("clusters") List<ClusterRef> clusters,
        @JsonProperty("deployed") List<DeployService.Result> deployed,
        @JsonProperty("deadline") Instant deadline,
        @JsonProperty("startedAt") Instant startedAt,
        @JsonProperty("deadlineSeconds") Long deadlineSeconds,
        @JsonProperty("attempt") Integer attempt,
        @JsonProperty("cluster") ClusterRef cluster,
        @JsonProperty("objects") List<AppliedObject> objects) {
      if (clusters == null && cluster != null) {
        clusters = List.of(cluster);
        deployed = List.of(new DeployService.Result(cluster.name(), null, objects));
      }
      return new Request(
          clusters == null ? List.of() : clusters,
          deployed == null ? List.of() : deployed,
          deadline,
          startedAt,
          deadlineSeconds,
          attempt == null ? 0 : attempt);
    }
  }

  /** One cluster's answer. */
  public record ClusterRollout(String cluster, RolloutResult rollout) {}

  /**
   * The wave's answer, for a Choice.
   *
   * @param error the Slipway error name when FAILED (for the Fail state's ErrorPath), else null
   * @param nextPollSeconds how long to wait before the next poll
   * @param checkedAt when this check ran (the canary's experiment window starts after it)
   * @param clusters each cluster's answer with its workloads; not in the state's JSON (it grows
   *     with the wave), which carries the status and a message of at most {@value #MESSAGE_LIMIT}
   *     characters
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Result(
      RolloutStatus status,
      String reason,
      String message,
      String error,
      int attempt,
      int nextPollSeconds,
      Instant checkedAt,
      @JsonIgnore List<ClusterRollout> clusters) {}

  public Result check(Request request) {
    if (request.clusters().isEmpty()) {
      throw ClusterErrors.invalidRef("the rollout input names no cluster");
    }
    Map<String, DeployService.Result> byName =
        request.deployed().stream()
            .collect(Collectors.toMap(DeployService.Result::cluster, r -> r, (a, b) -> b));
    Instant deadline = deadline(request);
    List<ClusterRollout> answers = new ArrayList<>();
    for (ClusterRef cluster : request.clusters()) {
      DeployService.Result applied = byName.get(cluster.name());
      List<AppliedObject> objects = applied == null ? List.of() : applied.workloads(store);
      answers.add(
          new ClusterRollout(
              cluster.name(),
              rollout.check(new RolloutService.Request(cluster, objects, deadline))));
    }
    int attempt = request.attempt() + 1;
    int next = Math.min(FIRST_POLL_SECONDS * attempt, MAX_POLL_SECONDS);
    RolloutStatus status = worst(answers);
    List<ClusterRollout> deciding =
        answers.stream().filter(a -> a.rollout().status() == status).toList();
    String reason = deciding.get(0).rollout().reason();
    String message =
        deciding.stream()
            .map(a -> "cluster " + a.cluster() + ": " + a.rollout().message())
            .collect(Collectors.joining("\n"));
    if (message.length() > MESSAGE_LIMIT) {
      LOG.info(message);
      message =
          message.substring(0, MESSAGE_LIMIT)
              + "… ("
              + (message.length() - MESSAGE_LIMIT)
              + " more characters in the rollout function's log)";
    }
    return new Result(
        status,
        reason,
        message,
        status == RolloutStatus.FAILED ? reason : null,
        attempt,
        next,
        clock.instant(),
        answers);
  }

  private static Instant deadline(Request request) {
    if (request.deadline() != null) {
      return request.deadline();
    }
    if (request.startedAt() != null && request.deadlineSeconds() != null) {
      return request.startedAt().plusSeconds(request.deadlineSeconds());
    }
    return null;
  }

  private static RolloutStatus worst(List<ClusterRollout> answers) {
    Function<RolloutStatus, Boolean> any =
        s -> answers.stream().anyMatch(a -> a.rollout().status() == s);
    if (any.apply(RolloutStatus.FAILED)) {
      return RolloutStatus.FAILED;
    }
    return any.apply(RolloutStatus.IN_PROGRESS) ? RolloutStatus.IN_PROGRESS : RolloutStatus.DONE;
  }
}
