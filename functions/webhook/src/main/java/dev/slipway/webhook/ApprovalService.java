package dev.slipway.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.model.ApprovalRequest;
import dev.slipway.model.Json;
import dev.slipway.model.SlipwayException;
import dev.slipway.store.ArtifactStore;
import dev.slipway.store.Keys;
import dev.slipway.store.StoredObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code GET /approvals/{id}} shows a pending manual gate (never its task token); {@code POST
 * /approvals/{id}} with {@code {"decision": "approve"|"reject", "by": "...", "comment": "..."}}
 * decides it: the decision is recorded in the approval request first (a conditional write, so two
 * people deciding at once cannot both win), then sent to Step Functions.
 *
 * <p>Authorization: the signed link from {@link ApprovalLinks} ({@code app}, {@code build}, {@code
 * expires}, {@code sig} query parameters).
 */
public final class ApprovalService {
  static final String REJECTED_ERROR = "Slipway.Approval.Rejected";

  private final ArtifactStore store;
  private final TaskCallbacks callbacks;
  private final Clock clock;

  public ApprovalService(ArtifactStore store, TaskCallbacks callbacks, Clock clock) {
    this.store = store;
    this.callbacks = callbacks;
    this.clock = clock;
  }

  HttpResponse handle(
      String id, HttpRequest request, WebhookSecrets secrets, RequestLog.Line line) {
    line.put("approval", id);
    if (!"GET".equals(request.method()) && !"POST".equals(request.method())) {
      return line.done(
          HttpResponse.error(405, WebhookErrors.METHOD_NOT_ALLOWED, "use GET or POST"),
          "rejected",
          "method " + request.method());
    }
    String app = request.queryParam("app").orElse("");
    String build = request.queryParam("build").orElse("");
    String sig = request.queryParam("sig").orElse(null);
    long expires;
    try {
      expires = Long.parseLong(request.queryParam("expires").orElse(""));
    } catch (NumberFormatException e) {
      return unauthorized(line, "no or bad 'expires'");
    }
    Optional<String> secret;
    try {
      secret = secrets.get(WebhookSecrets.APPROVALS);
    } catch (SlipwayException e) {
      return line.done(
          HttpResponse.error(503, e.errorName(), e.causeText()), "error", e.errorName());
    }
    if (secret.isEmpty()) {
      return unauthorized(line, "no 'approvals' key in the webhook secret");
    }
    if (!ApprovalLinks.valid(secret.get(), id, app, build, expires, sig)) {
      return unauthorized(line, "bad link signature");
    }
    if (clock.instant().getEpochSecond() >= expires) {
      return line.done(
          HttpResponse.error(
              401,
              WebhookErrors.APPROVAL_UNAUTHORIZED,
              "this approval link has expired; ask for a new one"),
          "unauthorized",
          "link expired");
    }
    line.put("app", app).put("build", build);
    String key;
    try {
      key = Keys.approval(app, build, id);
    } catch (IllegalArgumentException | SlipwayException e) {
      return unauthorized(line, "link names an invalid key");
    }
    Optional<StoredObject> stored;
    try {
      stored = store.find(key);
    } catch (SlipwayException e) {
      return line.done(
          HttpResponse.error(503, e.errorName(), e.causeText()), "error", e.errorName());
    }
    if (stored.isEmpty()) {
      return line.done(
          HttpResponse.error(
              404,
              WebhookErrors.APPROVAL_NOT_FOUND,
              "no approval request '" + Fields.clip(id) + "'"),
          "rejected",
          "no object at " + key);
    }
    ApprovalRequest approval;
    try {
      approval = Json.mapper().readValue(stored.get().body(), ApprovalRequest.class);
    } catch (IOException e) {
      return line.done(
          HttpResponse.error(
              503,
              WebhookErrors.APPROVAL_UNREADABLE,
              "the approval request at " + key + " is not valid JSON of the documented shape"),
          "error",
          "unreadable approval request");
    }
    if ("GET".equals(request.method())) {
      return line.done(HttpResponse.json(200, view(approval)), "shown", null);
    }
    return decide(approval, stored.get(), request, line);
  }

  private HttpResponse decide(
      ApprovalRequest approval, StoredObject stored, HttpRequest request, RequestLog.Line line) {
    String contentType = request.header("content-type").orElse("").toLowerCase(Locale.ROOT);
    if (!contentType.split(";", 2)[0].trim().equals("application/json")) {
      return line.done(
          HttpResponse.error(
              415, WebhookErrors.UNSUPPORTED_MEDIA_TYPE, "send Content-Type: application/json"),
          "rejected",
          "content type '" + contentType + "'");
    }
    if (request.body().length > 64 * 1024) {
      return line.done(
          HttpResponse.error(413, WebhookErrors.TOO_LARGE, "a decision is at most 64 KiB"),
          "rejected",
          "body too large");
    }
    String decision;
    String by;
    String comment;
    try {
      JsonNode body = Json.mapper().readTree(request.body());
      if (body == null || !body.isObject()) {
        throw new Fields.BadRequest("the body must be a JSON object");
      }
      decision = Fields.required(body, "decision").toLowerCase(Locale.ROOT);
      if (!decision.equals("approve") && !decision.equals("reject")) {
        throw new Fields.BadRequest("field 'decision' must be 'approve' or 'reject'");
      }
      by = Fields.required(body, "by").strip();
      comment = Fields.text(body, "comment");
      if (by.length() > 200 || (comment != null && comment.length() > 2000)) {
        throw new Fields.BadRequest("'by' is at most 200 characters and 'comment' at most 2000");
      }
    } catch (IOException e) {
      return line.done(
          HttpResponse.error(400, WebhookErrors.MALFORMED, "the body is not valid JSON"),
          "rejected",
          "bad JSON");
    } catch (Fields.BadRequest e) {
      return line.done(
          HttpResponse.error(400, WebhookErrors.MALFORMED, e.getMessage()),
          "rejected",
          e.getMessage());
    }
    line.put("by", by).put("decision", decision);
    if (!approval.pending()) {
      return line.done(
          HttpResponse.error(
              409,
              WebhookErrors.APPROVAL_DECIDED,
              "already "
                  + approval.decision().decision()
                  + "d by "
                  + approval.decision().by()
                  + " at "
                  + approval.decision().at()),
          "rejected",
          "already decided");
    }
    Instant now = clock.instant();
    if (approval.expiredAt(now)) {
      return expired(line, "the gate expired at " + approval.expiresAt());
    }
    ApprovalRequest.Decision d = new ApprovalRequest.Decision(decision, by, comment, now);
    ApprovalRequest decided = approval.decided(d);
    String key = Keys.approval(approval.app(), approval.build(), approval.id());
    Optional<String> claimed;
    try {
      claimed = store.putIfMatch(key, json(decided), "application/json", stored.etag());
    } catch (SlipwayException e) {
      return line.done(
          HttpResponse.error(503, e.errorName(), e.causeText()), "error", e.errorName());
    }
    if (claimed.isEmpty()) {
      return line.done(
          HttpResponse.error(
              409, WebhookErrors.APPROVAL_DECIDED, "someone decided at the same moment; reload"),
          "rejected",
          "lost the race");
    }
    boolean delivered;
    try {
      delivered =
          decision.equals("approve")
              ? callbacks.succeed(approval.taskToken(), output(d))
              : callbacks.fail(
                  approval.taskToken(),
                  REJECTED_ERROR,
                  "rejected by "
                      + by
                      + (comment == null || comment.isBlank() ? "" : ": " + comment));
    } catch (SlipwayException e) {
      store.putIfMatch(key, stored.body(), "application/json", claimed.get());
      return line.done(
          HttpResponse.error(503, e.errorName(), e.causeText()), "error", e.errorName());
    }
    if (!delivered) {
      store.putIfMatch(key, stored.body(), "application/json", claimed.get());
      return expired(line, "the release no longer waits for this approval (timed out or ended)");
    }
    ObjectNode body = view(decided);
    return line.done(
        HttpResponse.json(200, body),
        decision.equals("approve") ? "approved" : "rejected-release",
        null);
  }

  private static HttpResponse expired(RequestLog.Line line, String why) {
    return line.done(HttpResponse.error(410, WebhookErrors.APPROVAL_EXPIRED, why), "rejected", why);
  }

  private static HttpResponse unauthorized(RequestLog.Line line, String why) {
    return line.done(
        HttpResponse.error(401, WebhookErrors.APPROVAL_UNAUTHORIZED, null), "unauthorized", why);
  }

  /** The approval request as the API shows it: everything but the task token, plus its status. */
  ObjectNode view(ApprovalRequest approval) {
    ObjectNode node = Json.mapper().valueToTree(approval);
    node.remove("taskToken");
    String status =
        approval.decision() != null
            ? (approval.decision().decision().equals("approve") ? "approved" : "rejected")
            : approval.expiredAt(clock.instant()) ? "expired" : "pending";
    node.put("status", status);
    return node;
  }

  private static String output(ApprovalRequest.Decision d) {
    ObjectNode out = Json.mapper().createObjectNode();
    out.put("approved", true);
    out.put("by", d.by());
    out.put("comment", d.comment());
    out.put("at", d.at().toString());
    return out.toString();
  }

  private static byte[] json(ApprovalRequest approval) {
    try {
      return Json.mapper().writeValueAsString(approval).getBytes(StandardCharsets.UTF_8);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("an approval request always serialises", e);
    }
  }
}
