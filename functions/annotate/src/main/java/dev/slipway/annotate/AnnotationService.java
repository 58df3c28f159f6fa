package dev.slipway.annotate;

import dev.slipway.annotate.GrafanaClient.GrafanaException;
import dev.slipway.model.ConsoleLinks;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Marks a release on Grafana: a point at the start, turned into a region at the end with the final
 * status. Best effort: whatever Grafana does, the result says what happened and the release goes
 * on.
 */
public final class AnnotationService {
  private static final Logger LOG = Logger.getLogger(AnnotationService.class.getName());

  private final Optional<GrafanaClient> grafana;
  private final Clock clock;
  private final String dashboardUid;
  private final Long panelId;
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
   * @param journal told the id of every start annotation, so that the release's reconciliation can
   *     close it when the execution cannot (functions/reconcile)
   */
  public AnnotationService(
      Optional<GrafanaClient> grafana,
      Clock clock,
      String dashboardUid,
      Long panelId,
      AnnotationJournal journal) {
    this.grafana = grafana;
    this.clock = clock;
    this.dashboardUid = dashboardUid;
    this.panelId = panelId;
    this.journal = journal;
  }

  public AnnotateResult annotate(AnnotateRequest request) {
    if (grafana.isEmpty()) {
      return new AnnotateResult(request.annotationId(), true, "Grafana not configured");
    }
    GrafanaClient client = grafana.get();
    long now = clock.millis();
    try {
      if (!request.isEnd()) {
        long id = client.create(annotation(request, now));
        LOG.info(() -> "annotated start of " + request.app() + " build " + request.build());
        journal(request, id);
        return new AnnotateResult(id, true, null);
      }
      if (request.annotationId() != null) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("timeEnd", now);
        fields.put("tags", tags(request));
        fields.put("text", text(request));
        client.patch(request.annotationId(), fields);
        return new AnnotateResult(request.annotationId(), true, null);
      }
      // The start annotation was never made (Grafana was down then): draw the whole release now.
      Map<String, Object> region = annotation(request, now);
      if (request.startedAt() != null) {
        region.put("time", request.startedAt().toEpochMilli());
        region.put("timeEnd", now);
      }
      return new AnnotateResult(client.create(region), true, null);
    } catch (GrafanaException e) {
      LOG.warning(() -> "Grafana annotation skipped for " + request.app() + ": " + e.getMessage());
      return new AnnotateResult(request.annotationId(), false, e.getMessage());
    }
  }

  /** Best effort, like the annotation itself: a journal that cannot be written is logged. */
  private void journal(AnnotateRequest request, long id) {
    try {
      journal.opened(request, id);
    } catch (RuntimeException e) {
      LOG.warning(
          () -> "annotation " + id + " of " + request.app() + " not journaled: " + e.getMessage());
    }
  }

  private Map<String, Object> annotation(AnnotateRequest request, long now) {
    Map<String, Object> a = new LinkedHashMap<>();
    a.put("time", now);
    if (dashboardUid != null && !dashboardUid.isBlank()) {
      a.put("dashboardUID", dashboardUid);
    }
    if (panelId != null) {
      a.put("panelId", panelId);
    }
    a.put("tags", tags(request));
    a.put("text", text(request));
    return a;
  }

  static List<String> tags(AnnotateRequest r) {
    List<String> tags = new ArrayList<>();
    tags.add("deploy");
    addTag(tags, "app", r.app());
    addTag(tags, "repo", r.gitRepo());
    addTag(tags, "branch", r.gitBranch());
    addTag(tags, "build", r.build());
    addTag(tags, "env", r.environment());
    for (String cluster : r.clusters()) {
      addTag(tags, "cluster", cluster);
    }
    addTag(tags, "status", r.status());
    return tags;
  }

  private static void addTag(List<String> tags, String key, String value) {
    if (value != null && !value.isBlank()) {
      tags.add(key + ":" + value);
    }
  }

  static String text(AnnotateRequest r) {
    StringBuilder text = new StringBuilder("Deploy ").append(html(r.app()));
    text.append(r.isEnd() ? " end" : " start");
    if (r.isEnd() && r.status() != null) {
      text.append(" (").append(html(r.status())).append(')');
    }
    if (r.build() != null) {
      text.append(" · build ").append(html(r.build()));
    }
    ConsoleLinks.execution(r.executionArn())
        .ifPresent(
            url -> text.append(" · <a href=\"").append(html(url)).append("\">execution</a>"));
    if (r.reportUrl() != null && !r.reportUrl().isBlank()) {
      text.append(" · <a href=\"").append(html(r.reportUrl())).append("\">canary report</a>");
    }
    return text.toString();
  }

  private static String html(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
