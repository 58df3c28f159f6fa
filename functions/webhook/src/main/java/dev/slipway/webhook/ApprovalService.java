package dev.slipway.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.approvals.ApprovalLinks;
import dev.slipway.approvals.WebhookSecrets;
import dev.slipway.model.ApprovalRequest;
import dev.slipway.model.Json;
import dev.slipway.model.Principal;
import dev.slipway.model.SlipwayException;
import dev.slipway.store.ArtifactStore;
import dev.slipway.store.Keys;
import dev.slipway.store.StoredObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code GET /approvals/{id}} shows a pending manual gate (never its task token); {@code POST
 * /approvals/{id}} with {@code {"decision": "approve"|"reject", "by": "...", "comment": "..."}}
 * decides it.
 *
 * <p>A decision is one conditional write: the pending object, as read, is replaced by the decided
 * one with {@code If-Match} of its ETag, so of any number of concurrent decisions exactly one wins
 * (200) and the others get 409; the object is never written back to pending. Only then is the
 * decision sent to Step Functions (SendTaskSuccess / SendTaskFailure), and what became of that is
 * noted on the decided object ({@code decision.delivery}: {@code sent}, or {@code gone} when the
 * task no longer waited, answered 410). When Step Functions cannot be reached the decision stays
 * recorded and the answer is 503: the same caller sending the same decision again sends it again
 * (and once it was sent, gets the 200 again without a second callback). A repeat that races the
 * first send may send twice; Step Functions takes the first and refuses the second.
 *
 * <p>Authorization: the signed link from {@link ApprovalLinks} ({@code app}, {@code build}, {@code
 * expires}, {@code sig} query parameters). The body's {@code by} is self-declared; when an
 * authorizer (IAM, JWT, Cognito, Lambda) sits in front of the route, the principal it verified is
 * recorded as {@code decision.decidedBy} too (see {@link Principals}).
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
    Principal principal = request.verifiedPrincipal().orElse(null);
    line.put("by", by).put("decision", decision);
    if (principal != null) {
      line.put("principal", principal.id()).put("principalSource", principal.source());
    }
    String key = Keys.approval(approval.app(), approval.build(), approval.id());
    if (!approval.pending()) {
      ApprovalRequest.Decision first = approval.decision();
      if (sameDecision(first, decision, by, principal)) {
        return again(approval, stored.etag(), key, line);
      }
      return line.done(
          HttpResponse.error(
              409,
              WebhookErrors.APPROVAL_DECIDED,
              "already " + past(first) + " by " + who(first) + " at " + first.at()),
          "rejected",
          "already decided");
    }
    Instant now = clock.instant();
    if (approval.expiredAt(now)) {
      return expired(line, "the gate expired at " + approval.expiresAt());
    }
    ApprovalRequest decided =
        approval.decided(new ApprovalRequest.Decision(decision, by, comment, now, principal, null));
    Optional<String> claimed;
    try {
      // the one write that decides: it succeeds only while the object is the pending one read
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
    return deliver(decided, claimed.get(), key, line);
  }

  /**
   * The same caller sends the same decision again: answer as the first time if it reached the
   * release, and send it (again) if it did not, e.g. after Step Functions was unreachable.
   */
  private HttpResponse again(
      ApprovalRequest approval, String etag, String key, RequestLog.Line line) {
    String delivery = approval.decision().delivery();
    if (ApprovalRequest.Decision.SENT.equals(delivery)) {
      return decidedAnswer(approval, line);
    }
    if (ApprovalRequest.Decision.GONE.equals(delivery)) {
      return gone(line);
    }
    line.put("resend", "yes");
    return deliver(approval, etag, key, line);
  }

  /**
   * Sends the recorded decision to the waiting task, then records what became of it. The decision
   * itself stays recorded whatever happens here: a failure to send is answered 503 and the same
   * decision sent again by the same caller sends it again.
   */
  private HttpResponse deliver(
      ApprovalRequest decided, String etag, String key, RequestLog.Line line) {
    ApprovalRequest.Decision d = decided.decision();
    boolean delivered;
    try {
      delivered =
          d.decision().equals("approve")
              ? callbacks.succeed(decided.taskToken(), output(d))
              : callbacks.fail(
                  decided.taskToken(),
                  REJECTED_ERROR,
                  "rejected by "
                      + who(d)
                      + (d.comment() == null || d.comment().isBlank() ? "" : ": " + d.comment()));
    } catch (SlipwayException e) {
      return line.done(
          HttpResponse.error(
              503,
              e.errorName(),
              "the decision is recorded but could not be sent to the release ("
                  + e.causeText()
                  + "); send the same decision again to retry"),
          "error",
          e.errorName());
    }
    ApprovalRequest recorded =
        decided.decided(
            d.delivered(delivered ? ApprovalRequest.Decision.SENT : ApprovalRequest.Decision.GONE));
    try {
      // only notes the delivery on the decided object; never touches a pending one
      store.putIfMatch(key, json(recorded), "application/json", etag);
    } catch (SlipwayException e) {
      line.put("deliveryNote", e.errorName());
    }
    return delivered ? decidedAnswer(recorded, line) : gone(line);
  }

  private HttpResponse decidedAnswer(ApprovalRequest decided, RequestLog.Line line) {
    return line.done(
        HttpResponse.json(200, view(decided)),
        decided.decision().decision().equals("approve") ? "approved" : "rejected-release",
        null);
  }

  private static HttpResponse gone(RequestLog.Line line) {
    return expired(
        line,
        "the decision is recorded, but the release no longer waits for this approval"
            + " (it timed out or ended)");
  }

  /** Whether a new request repeats the recorded decision: same decision, same caller. */
  private static boolean sameDecision(
      ApprovalRequest.Decision first, String decision, String by, Principal principal) {
    return first.decision().equals(decision)
        && first.by().equals(by)
        && Objects.equals(first.decidedBy(), principal);
  }

  /** {@code approved} or {@code rejected}. */
  private static String past(ApprovalRequest.Decision d) {
    return d.decision().equals("approve") ? "approved" : "rejected";
  }

  /** Who decided, as the messages name them: the verified principal when there is one. */
  private static String who(ApprovalRequest.Decision d) {
    return d.decidedBy() != null ? d.decidedBy().id() : d.by();
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
            ? past(approval.decision())
            : approval.expiredAt(clock.instant()) ? "expired" : "pending";
    node.put("status", status);
    if (approval.decision() != null) {
      node.put(
          "delivery",
          approval.decision().delivery() == null ? "pending" : approval.decision().delivery());
    }
    return node;
  }

  private static String output(ApprovalRequest.Decision d) {
    ObjectNode out = Json.mapper().createObjectNode();
    out.put("approved", true);
    out.put("by", d.by());
    if (d.decidedBy() != null) {
      out.put("decidedBy", d.decidedBy().id());
    }
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
