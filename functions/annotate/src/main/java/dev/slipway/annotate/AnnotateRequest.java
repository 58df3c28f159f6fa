package dev.slipway.annotate;

import dev.slipway.model.Name;
import java.time.Instant;
import java.util.List;

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
    String reportUrl) {

  public AnnotateRequest {
    clusters = clusters == null ? List.of() : List.copyOf(clusters);
  }

  boolean isEnd() {
    return "end".equals(phase);
  }
}
