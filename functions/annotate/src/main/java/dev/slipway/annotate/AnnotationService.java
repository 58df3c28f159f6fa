package dev.slipway.annotate;

import dev.slipway.annotate.GrafanaClient.GrafanaException;
import dev.slipway.model.SlipwayException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Marks a release on Grafana: a point at the start, turned into a region at the end with the final
 * status; one for the release, or one per cluster. Where and how ({@link GrafanaTarget}) is
 * resolved at each call, from config/slipway.yaml's {@code grafana} block over the function's
 * environment. Best effort: whatever Grafana does, the result says what happened and the release
 * goes on.
 */
public final class AnnotationService {
  private static final Logger LOG = Logger.getLogger(AnnotationService.class.getName());

  private final GrafanaTarget.Source grafana;
  private final Clock clock;
  private final AnnotationJournal journal;

  /**
   * @param grafana empty when Grafana is not configured
   * @param dashboardUid optional dashboard to pin the annotation to
   * @param panelId optional panel on that dashboard
   */
  public AnnotationService(
      Optional<GrafanaClient> grafana, Clock clock, String dashboardUid, Long panelId) {
    this(grafana, clock, dashboardUid, panelId, (request, id) -> {});
  }

  /**
   * A fixed Grafana in the default ({@link AnnotationStyle#KEYED}) style, one annotation per
   * release.
   *
   * @param journal told the id of every start annotation, so that the release's reconciliation can
   *     close it when the execution cannot (functions/reconcile)
   */
  public AnnotationService(
      Optional<GrafanaClient> grafana,
      Clock clock,
      String dashboardUid,
      Long panelId,
      AnnotationJournal journal) {
    this(
        () ->
            grafana.map(
                c -> new GrafanaTarget(c, dashboardUid, panelId, AnnotationStyle.KEYED, false)),
        clock,
        journal);
  }

  /**
   * @param grafana resolved at every call (config/slipway.yaml may change between releases)
   */
  public AnnotationService(GrafanaTarget.Source grafana, Clock clock, AnnotationJournal journal) {
    this.grafana = grafana;
    this.clock = clock;
    this.journal = journal;
  }

  public AnnotateResult annotate(AnnotateRequest request) {
    Optional<GrafanaTarget> resolved;
    try {
      resolved = grafana.current();
    } catch (SlipwayException e) {
      LOG.warning(() -> "Grafana annotation skipped for " + request.app() + ": " + e.errorName());
      return new AnnotateResult(request.annotationId(), false, e.getMessage());
    }
    if (resolved.isEmpty()) {
      return new AnnotateResult(request.annotationId(), true, "Grafana not configured");
    }
    GrafanaTarget target = resolved.get();
    long now = clock.millis();
    try {
      if (target.perCluster() && (request.isEnd() || !request.clusters().isEmpty())) {
        return perCluster(target, request, now);
      }
      if (!request.isEnd()) {
        long id = target.client().create(start(target, request, request.clusters(), now));
        LOG.info(() -> "annotated start of " + request.app() + " build " + request.build());
        journal(request, id, Map.of());
        return new AnnotateResult(id, true, null);
      }
      Long id = end(target, request, request.clusters(), request.annotationId(), now);
      return new AnnotateResult(id, true, null);
    } catch (GrafanaException e) {
      LOG.warning(() -> "Grafana annotation skipped for " + request.app() + ": " + e.getMessage());
      return new AnnotateResult(request.annotationId(), false, e.getMessage());
    }
  }

  /**
   * One annotation per cluster, each tagged with its cluster only. The start's ids are journaled
   * per cluster; the end finds them there (the execution carries one id).
   */
  private AnnotateResult perCluster(GrafanaTarget target, AnnotateRequest request, long now)
      throws GrafanaException {
    if (!request.isEnd()) {
      Map<String, Long> ids = new LinkedHashMap<>();
      try {
        for (String cluster : request.clusters()) {
          ids.put(cluster, target.client().create(start(target, request, List.of(cluster), now)));
        }
      } finally {
        if (!ids.isEmpty()) {
          journal(request, ids.values().iterator().next(), ids);
        }
      }
      return new AnnotateResult(ids.values().iterator().next(), true, null);
    }
    // Every journaled annotation is ended (the reconciliation names only the clusters it rolled
    // back); a cluster of the request without one gets its whole release drawn.
    Map<String, Long> ids = new LinkedHashMap<>(opened(request));
    request.clusters().forEach(cluster -> ids.putIfAbsent(cluster, null));
    if (ids.isEmpty()) {
      Long id = end(target, request, List.of(), request.annotationId(), now);
      return new AnnotateResult(id, true, null);
    }
    Long first = null;
    for (Map.Entry<String, Long> e : ids.entrySet()) {
      Long made = end(target, request, List.of(e.getKey()), e.getValue(), now);
      first = first == null ? made : first;
    }
    return new AnnotateResult(
        request.annotationId() != null ? request.annotationId() : first, true, null);
  }

  /**
   * Ends annotation {@code id}, or, when the start annotation was never made (Grafana was down
   * then), draws the whole release now. A style that spans the deploy stage ({@code tags: seed})
   * sets {@code time} and {@code timeEnd} to the deploy stage of {@code clusters} when the request
   * carries it (every wave went through); otherwise the region ends now.
   *
   * @return the id of the annotation ended or made
   */
  private Long end(
      GrafanaTarget target, AnnotateRequest request, List<String> clusters, Long id, long now)
      throws GrafanaException {
    Optional<AnnotateRequest.Span> deploy =
        target.style().spansDeployStage() ? request.deployStage(clusters) : Optional.empty();
    if (id != null) {
      Map<String, Object> fields = new LinkedHashMap<>();
      if (target.style().isRegion()) {
        fields.put("isRegion", true);
      }
      deploy.ifPresent(d -> fields.put("time", d.start().toEpochMilli()));
      fields.put("timeEnd", deploy.map(d -> d.end().toEpochMilli()).orElse(now));
      fields.put("tags", target.style().tags(request, clusters));
      fields.put("text", target.style().text(request));
      target.client().patch(id, fields);
      return id;
    }
    Map<String, Object> region = start(target, request, clusters, now);
    if (deploy.isPresent()) {
      region.put("time", deploy.get().start().toEpochMilli());
      region.put("timeEnd", deploy.get().end().toEpochMilli());
    } else if (request.startedAt() != null) {
      region.put("time", request.startedAt().toEpochMilli());
      region.put("timeEnd", now);
    }
    return target.client().create(region);
  }

  private Map<String, Long> opened(AnnotateRequest request) {
    try {
      return journal.openedPerCluster(request);
    } catch (RuntimeException e) {
      LOG.warning(
          () -> "per-cluster annotations of " + request.app() + " not found: " + e.getMessage());
      return Map.of();
    }
  }

  /** Best effort, like the annotation itself: a journal that cannot be written is logged. */
  private void journal(AnnotateRequest request, long id, Map<String, Long> perCluster) {
    try {
      if (perCluster.isEmpty()) {
        journal.opened(request, id);
      } else {
        journal.opened(request, perCluster);
      }
    } catch (RuntimeException e) {
      LOG.warning(
          () -> "annotation " + id + " of " + request.app() + " not journaled: " + e.getMessage());
    }
  }

  private static Map<String, Object> start(
      GrafanaTarget target, AnnotateRequest request, List<String> clusters, long now) {
    Map<String, Object> a = new LinkedHashMap<>();
    if (target.style().isRegion()) {
      a.put("isRegion", true);
    }
    a.put("time", now);
    if (target.style().isRegion()) {
      a.put("timeEnd", now);
    }
    if (target.dashboardUid() != null && !target.dashboardUid().isBlank()) {
      a.put("dashboardUID", target.dashboardUid());
    }
    if (target.panelId() != null) {
      a.put("panelId", target.panelId());
    }
    a.put("tags", target.style().tags(request, clusters));
    a.put("text", target.style().text(request));
    return a;
  }

  static List<String> tags(AnnotateRequest r) {
    return AnnotationStyle.KEYED.tags(r, r.clusters());
  }

  static String text(AnnotateRequest r) {
    return AnnotationStyle.KEYED.text(r);
  }
}
