package dev.slipway.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.model.ApprovalRequest;
import dev.slipway.model.ApprovalRequest.Check;
import dev.slipway.model.ApprovalRequest.DiffSummary;
import dev.slipway.model.ConsoleLinks;
import dev.slipway.model.Json;
import dev.slipway.model.TerminalStepException;
import dev.slipway.store.ArtifactStore;
import dev.slipway.store.Keys;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.logging.Logger;

/**
 * Opens a manual gate: writes the approval request (task token, diff, automated checks, links) to
 * {@code artifacts/<app>/<build>/approvals/<id>.json}, where {@code GET /approvals/{id}} shows it
 * and {@code POST /approvals/{id}} decides it, and tells the people who approve.
 */
public final class ApprovalGate {
  private static final Logger LOG = Logger.getLogger(ApprovalGate.class.getName());

  /** The key of the signed approval link in an approval request's {@code links}. */
  public static final String LINK = "approve or reject";

  private final ArtifactStore store;
  private final Notifier notifier;
  private final Clock clock;
  private final BiFunction<ApprovalRequest, Instant, Optional<String>> links;

  /**
   * @param links makes the signed approval link for a request and its expiry, or nothing when the
   *     API URL or the approvals key is not configured
   */
  public ApprovalGate(
      ArtifactStore store,
      Notifier notifier,
      Clock clock,
      BiFunction<ApprovalRequest, Instant, Optional<String>> links) {
    this.store = store;
    this.notifier = notifier;
    this.clock = clock;
    this.links = links;
  }

  public GateResult open(GateRequest r) {
    if (r.token() == null || r.token().isBlank()) {
      throw new TerminalStepException(
          "Slipway.Approval.InvalidInput",
          "the approval state sent no task token: its Payload must carry \"token.$\":"
              + " \"$$.Task.Token\" (statemachines/release.asl.json)");
    }
    String id = r.executionName() + "-" + (r.gate() == null ? "deploy" : r.gate());
    Instant now = clock.instant();
    // the state before the gate computed when it must close (the plan's budget); the task's
    // TimeoutSecondsPath and this expiry are that one value
    Instant expires =
        r.expiresAt() != null ? r.expiresAt() : now.plusSeconds(Math.max(r.timeoutSeconds(), 60));
    Map<String, String> linkMap = new LinkedHashMap<>();
    ConsoleLinks.execution(r.executionArn()).ifPresent(u -> linkMap.put("execution", u));
    DiffSummary diff = diff(r.diff());
    if (diff != null) {
      for (String key : diff.keys()) {
        linkMap.put("diff " + key.substring(key.lastIndexOf('/') + 1), key);
      }
    }
    if (r.canary() != null && r.canary().hasNonNull("reportKey")) {
      linkMap.put("canary report", r.canary().get("reportKey").asText());
    }
    ApprovalRequest request =
        new ApprovalRequest(
            id,
            r.app(),
            r.build(),
            r.environment(),
            r.gate(),
            r.executionArn(),
            r.token(),
            diff,
            checks(r, diff),
            linkMap,
            now,
            expires,
            null,
            trigger(r.trigger()));
    Optional<String> link = links.apply(request, expires);
    if (link.isPresent()) {
      Map<String, String> withLink = new LinkedHashMap<>(linkMap);
      withLink.put(LINK, link.get());
      request =
          new ApprovalRequest(
              id,
              r.app(),
              r.build(),
              r.environment(),
              r.gate(),
              r.executionArn(),
              r.token(),
              diff,
              request.checks(),
              withLink,
              now,
              expires,
              null,
              request.trigger());
    }
    String key = Keys.approval(r.app(), r.build(), id);
    store.put(key, bytes(request), "application/json");
    boolean notified = notify(request, key, link);
    return new GateResult(id, key, link.orElse(null), notified);
  }

  /**
   * The trigger as the plan passed it, each text to one short line (the page escapes it too; a
   * webhook's delivery URL is the sender's text).
   */
  static ApprovalRequest.Trigger trigger(ApprovalRequest.Trigger t) {
    if (t == null) {
      return null;
    }
    return new ApprovalRequest.Trigger(
        line(t.source(), 32), line(t.event(), 64), line(t.by(), 512), line(t.url(), 2048), t.at());
  }

  private static String line(String s, int max) {
    if (s == null || s.isBlank()) {
      return null;
    }
    String one = s.replaceAll("\\p{Cntrl}|\\p{Cf}|\\p{Zl}|\\p{Zp}", " ").strip();
    return one.length() <= max ? one : one.substring(0, max - 1) + "…";
  }

  private static DiffSummary diff(JsonNode diff) {
    if (diff == null || diff.isNull()) {
      return null;
    }
    List<String> keys = new ArrayList<>();
    diff.path("keys").forEach(k -> keys.add(k.asText()));
    return new DiffSummary(
        diff.path("created").asInt(),
        diff.path("changed").asInt(),
        diff.path("unchanged").asInt(),
        diff.path("left").asInt(),
        keys);
  }

  private static List<Check> checks(GateRequest r, DiffSummary diff) {
    List<Check> checks = new ArrayList<>();
    if (r.manifests() != null && r.manifests().path("manifests").isArray()) {
      int clusters = r.manifests().path("manifests").size();
      int objects = 0;
      for (JsonNode m : r.manifests().path("manifests")) {
        // the manifests state's count (older states listed the objects)
        objects += m.has("objectCount") ? m.path("objectCount").asInt() : m.path("objects").size();
      }
      checks.add(
          new Check(
              "manifests-valid",
              "PASS",
              objects + " objects rendered and validated for " + clusters + " clusters",
              null));
    }
    if (diff != null) {
      checks.add(
          new Check(
              "clusters-reachable",
              "PASS",
              "every cluster answered the server-side dry run",
              null));
      checks.add(
          new Check(
              "diff",
              diff.left() > 0 ? "WARN" : "PASS",
              diff.created()
                  + " created, "
                  + diff.changed()
                  + " changed, "
                  + diff.unchanged()
                  + " unchanged"
                  + (diff.left() > 0
                      ? ", "
                          + diff.left()
                          + " no longer rendered but left running (Slipway deletes nothing; the"
                          + " diff names them)"
                      : ""),
              diff.keys().isEmpty() ? null : diff.keys().get(0)));
    }
    if (r.canary() != null && r.canary().hasNonNull("verdict")) {
      String verdict = r.canary().get("verdict").asText();
      checks.add(
          new Check(
              "canary",
              "Pass".equals(verdict) ? "PASS" : "WARN",
              r.canary().path("summary").asText(verdict),
              r.canary().path("reportKey").asText(null)));
      // each judged cluster of the gate (the canary state carries at most 25, the worst)
      for (JsonNode c : r.canary().path("clusters")) {
        String v = c.path("verdict").asText();
        checks.add(
            new Check(
                "canary-" + c.path("cluster").asText(),
                switch (v) {
                  case "Pass" -> "PASS";
                  case "Fail" -> "FAIL";
                  default -> "WARN";
                },
                v + ", score " + c.path("score").asText(),
                r.canary().path("reportKey").asText(null)));
      }
    }
    return checks;
  }

  private boolean notify(ApprovalRequest request, String key, Optional<String> link) {
    String subject =
        "Slipway: approval needed for "
            + request.app()
            + " build "
            + request.build()
            + " to "
            + request.environment();
    StringBuilder message = new StringBuilder(subject).append('\n');
    message.append("gate: ").append(request.gate()).append('\n');
    request
        .checks()
        .forEach(
            c ->
                message
                    .append("check ")
                    .append(c.name())
                    .append(": ")
                    .append(c.status())
                    .append(" — ")
                    .append(c.detail())
                    .append('\n'));
    message.append("request: ").append(key).append('\n');
    link.ifPresent(l -> message.append("approve or reject: ").append(l).append('\n'));
    message.append("expires: ").append(request.expiresAt()).append('\n');
    try {
      notifier.publish(subject, message.toString());
      return true;
    } catch (RuntimeException e) {
      LOG.warning(() -> "approval notification not sent for " + key + ": " + e.getMessage());
      return false;
    }
  }

  private static byte[] bytes(ApprovalRequest request) {
    try {
      return Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(request);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
