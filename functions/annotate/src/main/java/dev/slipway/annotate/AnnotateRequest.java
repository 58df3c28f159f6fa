package dev.slipway.annotate;

import dev.slipway.model.Name;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What the release state machine sends at the start and at the end of a release.
 *
 * @param phase {@code start} or {@code end}
 * @param status the release status to tag: {@code started}, {@code succeeded}, {@code failed},
 *     {@code rolled-back}
 * @param annotationId the id the start returned, for the end's PATCH; null at the start or when the
 *     start annotation could not be made
 * @param startedAt when the release started; lets the end draw a region even without an id
 * @param reportUrl the canary report, linked from the end annotation when present
 * @param annotation the release state's {@code plan.annotation} at the end: the start's id and,
 *     once every wave went through, each wave's deploy stage; null at the start
 */
public record AnnotateRequest(
    String phase,
    @Name String app,
    String gitRepo,
    String gitBranch,
    @Name String build,
    @Name String environment,
    @Name List<String> clusters,
    String executionArn,
    String status,
    Long annotationId,
    Instant startedAt,
    String reportUrl,
    Annotation annotation) {

  public AnnotateRequest {
    clusters = clusters == null ? List.of() : List.copyOf(clusters);
  }

  /** A request without the release state's annotation (no deploy stage known). */
  public AnnotateRequest(
      String phase,
      String app,
      String gitRepo,
      String gitBranch,
      String build,
      String environment,
      List<String> clusters,
      String executionArn,
      String status,
      Long annotationId,
      Instant startedAt,
      String reportUrl) {
    this(
        phase,
        app,
        gitRepo,
        gitBranch,
        build,
        environment,
        clusters,
        executionArn,
        status,
        annotationId,
        startedAt,
        reportUrl,
        null);
  }

  /**
   * What the release's state holds of its annotation ({@code $.plan.annotation}).
   *
   * @param waves each wave's deploy stage, set by the state machine's {@code DeployStage} once
   *     every wave went through; null otherwise
   */
  public record Annotation(Long annotationId, List<DeployedWave> waves) {}

  /**
   * One wave's deploy stage.
   *
   * @param deployStage when the wave started and when the rollout poll found it ready
   */
  public record DeployedWave(String name, List<String> clusters, List<Instant> deployStage) {}

  /** From {@code start} to {@code end}. */
  record Span(Instant start, Instant end) {}

  /**
   * The deploy stage of {@code of}: from the first of their waves' starts to the last of their
   * rollouts (every wave when {@code of} is empty); empty when it is not known, e.g. a release that
   * failed in its waves, or a cluster of no deployed wave.
   */
  Optional<Span> deployStage(List<String> of) {
    if (annotation == null || annotation.waves() == null) {
      return Optional.empty();
    }
    Instant start = null;
    Instant end = null;
    Set<String> wanted = new HashSet<>(of);
    Set<String> seen = new HashSet<>();
    for (DeployedWave w : annotation.waves()) {
      List<String> in = w.clusters() == null ? List.of() : w.clusters();
      if (!of.isEmpty() && in.stream().noneMatch(wanted::contains)) {
        continue;
      }
      if (w.deployStage() == null
          || w.deployStage().size() != 2
          || w.deployStage().contains(null)) {
        return Optional.empty();
      }
      seen.addAll(in);
      start =
          start == null || w.deployStage().get(0).isBefore(start) ? w.deployStage().get(0) : start;
      end = end == null || w.deployStage().get(1).isAfter(end) ? w.deployStage().get(1) : end;
    }
    if (start == null || !seen.containsAll(wanted)) {
      return Optional.empty();
    }
    return Optional.of(new Span(start, end));
  }

  boolean isEnd() {
    return "end".equals(phase);
  }
}
