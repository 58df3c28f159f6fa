package dev.slipway.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.approvals.ApprovalLinks;
import dev.slipway.approvals.Hmac;
import dev.slipway.approvals.WebhookSecrets;
import dev.slipway.config.ConfigLoader;
import dev.slipway.config.Environment;
import dev.slipway.model.ApprovalRequest;
import dev.slipway.model.Json;
import dev.slipway.model.Principal;
import dev.slipway.model.SlipwayException;
import dev.slipway.store.ArtifactStore;
import dev.slipway.store.Keys;
import dev.slipway.store.StoredObject;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
 *
 * <p>A browser ({@code Accept} ranking {@code text/html} above JSON) gets pages instead ({@link
 * ApprovalPage}): the gate with its checks, diff, canary verdict and waves to come, and a form that
 * posts the decision to the same link ({@code application/x-www-form-urlencoded}, with the form
 * token of {@link DecisionForm}, refused with 403 {@code Slipway.Approval.Forbidden} without it or
 * when the browser says the post came from another site). Every answer, error or not, is then a
 * page; the status codes are the API's. JSON clients see exactly the answers they saw before.
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
      String id,
      HttpRequest request,
      WebhookSecrets secrets,
      ConfigLoader config,
      RequestLog.Line line) {
    line.put("approval", id);
    boolean form = "POST".equals(request.method()) && DecisionForm.isForm(request);
    Answer out =
        new Answer(form || ("GET".equals(request.method()) && DecisionForm.wantsPage(request)));
    if (!"GET".equals(request.method()) && !"POST".equals(request.method())) {
      return line.done(
          out.error(405, WebhookErrors.METHOD_NOT_ALLOWED, "use GET or POST"),
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
      return unauthorized(out, line, "no or bad 'expires'");
    }
    Optional<String> secret;
    try {
      secret = secrets.get(WebhookSecrets.APPROVALS);
    } catch (SlipwayException e) {
      return line.done(out.error(503, e.errorName(), e.causeText()), "error", e.errorName());
    }
    if (secret.isEmpty()) {
      return unauthorized(out, line, "no 'approvals' key in the webhook secret");
    }
    if (!ApprovalLinks.valid(secret.get(), id, app, build, expires, sig)) {
      return unauthorized(out, line, "bad link signature");
    }
    if (clock.instant().getEpochSecond() >= expires) {
      return line.done(
          out.linkExpired(
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
      return unauthorized(out, line, "link names an invalid key");
    }
    Optional<StoredObject> stored;
    try {
      stored = store.find(key);
    } catch (SlipwayException e) {
      return line.done(out.error(503, e.errorName(), e.causeText()), "error", e.errorName());
    }
    if (stored.isEmpty()) {
      return line.done(
          out.error(
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
          out.error(
              503,
              WebhookErrors.APPROVAL_UNREADABLE,
              "the approval request at " + key + " is not valid JSON of the documented shape"),
          "error",
          "unreadable approval request");
    }
    if (out.page) {
      out.about(approval, secret.get(), sig, expires, config);
      if ("GET".equals(request.method()) && request.queryParam("view").isPresent()) {
        return line.done(canaryReport(approval, out), "shown", "canary report");
      }
    }
    if ("GET".equals(request.method())) {
      return line.done(out.shown(approval), "shown", null);
    }
    return decide(id, approval, stored.get(), request, form, out, line);
  }

  private HttpResponse decide(
      String id,
      ApprovalRequest approval,
      StoredObject stored,
      HttpRequest request,
      boolean form,
      Answer out,
      RequestLog.Line line) {
    String contentType = request.header("content-type").orElse("").toLowerCase(Locale.ROOT);
    if (!form && !contentType.split(";", 2)[0].trim().equals("application/json")) {
      return line.done(
          out.error(
              415, WebhookErrors.UNSUPPORTED_MEDIA_TYPE, "send Content-Type: application/json"),
          "rejected",
          "content type '" + contentType + "'");
    }
    if (request.body().length > 64 * 1024) {
      return line.done(
          out.error(413, WebhookErrors.TOO_LARGE, "a decision is at most 64 KiB"),
          "rejected",
          "body too large");
    }
    String decision;
    String by;
    String comment;
    if (form) {
      String crossSite = DecisionForm.crossSite(request);
      Map<String, String> fields;
      try {
        fields = DecisionForm.fields(request);
      } catch (Fields.BadRequest e) {
        fields = Map.of();
      }
      if (crossSite != null || !out.tokenMatches(id, fields.get(DecisionForm.TOKEN))) {
        return line.done(
            out.error(
                403,
                WebhookErrors.APPROVAL_FORBIDDEN,
                "this decision did not come from the approval page; open the link and decide"
                    + " there"),
            "rejected",
            crossSite != null ? crossSite : "no or wrong form token");
      }
    }
    try {
      JsonNode body = form ? formBody(request) : Json.mapper().readTree(request.body());
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
          out.error(400, WebhookErrors.MALFORMED, "the body is not valid JSON"),
          "rejected",
          "bad JSON");
    } catch (Fields.BadRequest e) {
      return line.done(
          out.error(400, WebhookErrors.MALFORMED, e.getMessage()), "rejected", e.getMessage());
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
        return again(approval, stored.etag(), key, out, line);
      }
      return line.done(
          out.error(
              409,
              WebhookErrors.APPROVAL_DECIDED,
              "already " + past(first) + " by " + who(first) + " at " + first.at()),
          "rejected",
          "already decided");
    }
    Instant now = clock.instant();
    if (approval.expiredAt(now)) {
      return expired(out, line, "the gate expired at " + approval.expiresAt());
    }
    ApprovalRequest decided =
        approval.decided(new ApprovalRequest.Decision(decision, by, comment, now, principal, null));
    Optional<String> claimed;
    try {
      // the one write that decides: it succeeds only while the object is the pending one read
      claimed = store.putIfMatch(key, json(decided), "application/json", stored.etag());
    } catch (SlipwayException e) {
      return line.done(out.error(503, e.errorName(), e.causeText()), "error", e.errorName());
    }
    if (claimed.isEmpty()) {
      out.reread(key);
      return line.done(
          out.error(
              409, WebhookErrors.APPROVAL_DECIDED, "someone decided at the same moment; reload"),
          "rejected",
          "lost the race");
    }
    return deliver(decided, claimed.get(), key, out, line);
  }

  /**
   * The same caller sends the same decision again: answer as the first time if it reached the
   * release, and send it (again) if it did not, e.g. after Step Functions was unreachable.
   */
  private HttpResponse again(
      ApprovalRequest approval, String etag, String key, Answer out, RequestLog.Line line) {
    String delivery = approval.decision().delivery();
    if (ApprovalRequest.Decision.SENT.equals(delivery)) {
      return decidedAnswer(approval, out, line);
    }
    if (ApprovalRequest.Decision.GONE.equals(delivery)) {
      return gone(out, line);
    }
    line.put("resend", "yes");
    return deliver(approval, etag, key, out, line);
  }

  /**
   * Sends the recorded decision to the waiting task, then records what became of it. The decision
   * itself stays recorded whatever happens here: a failure to send is answered 503 and the same
   * decision sent again by the same caller sends it again.
   */
  private HttpResponse deliver(
      ApprovalRequest decided, String etag, String key, Answer out, RequestLog.Line line) {
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
      out.about(decided);
      return line.done(
          out.error(
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
    out.about(recorded);
    return delivered ? decidedAnswer(recorded, out, line) : gone(out, line);
  }

  private HttpResponse decidedAnswer(ApprovalRequest decided, Answer out, RequestLog.Line line) {
    return line.done(
        out.decided(decided),
        decided.decision().decision().equals("approve") ? "approved" : "rejected-release",
        null);
  }

  private static HttpResponse gone(Answer out, RequestLog.Line line) {
    return expired(
        out,
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

  private static HttpResponse expired(Answer out, RequestLog.Line line, String why) {
    return line.done(out.error(410, WebhookErrors.APPROVAL_EXPIRED, why), "rejected", why);
  }

  private static HttpResponse unauthorized(Answer out, RequestLog.Line line, String why) {
    return line.done(
        out.error(401, WebhookErrors.APPROVAL_UNAUTHORIZED, null), "unauthorized", why);
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

  /**
   * The page's form as the JSON body the API takes: {@code decision}, {@code by}, {@code comment}.
   */
  private static JsonNode formBody(HttpRequest request) {
    Map<String, String> fields = DecisionForm.fields(request);
    ObjectNode body = Json.mapper().createObjectNode();
    for (String name : new String[] {"decision", "by", "comment"}) {
      String value = fields.get(name);
      if (value != null && !(name.equals("comment") && value.isBlank())) {
        body.put(name, value);
      }
    }
    return body;
  }

  /**
   * {@code GET <link>&view=report}: the canary report of a Marginal gate, from the bucket, in a
   * sandbox (no script runs in it, whatever it holds).
   */
  private HttpResponse canaryReport(ApprovalRequest approval, Answer out) {
    String key = approval.links().get("canary report");
    String prefix = Keys.artifacts(approval.app(), approval.build()) + "canary/";
    Optional<StoredObject> report = Optional.empty();
    if (key != null && key.startsWith(prefix) && key.endsWith(".html")) {
      try {
        report = store.find(key);
      } catch (SlipwayException e) {
        return out.error(503, e.errorName(), e.causeText());
      }
    }
    if (report.isEmpty()) {
      return out.error(
          404, WebhookErrors.APPROVAL_NOT_FOUND, "this gate has no canary report in the bucket");
    }
    return HttpResponse.html(
        200, new String(report.get().body(), StandardCharsets.UTF_8), ApprovalPage.REPORT_HEADERS);
  }

  /** How one request is answered: the API's JSON, or pages for a browser. */
  private final class Answer {
    final boolean page;
    private ApprovalRequest approval;
    private String secret;
    private String sig;
    private long expires;
    private ConfigLoader config;

    Answer(boolean page) {
      this.page = page;
    }

    /** The approval the link opened, and what its page needs. */
    void about(
        ApprovalRequest approval, String secret, String sig, long expires, ConfigLoader config) {
      this.approval = approval;
      this.secret = secret;
      this.sig = sig;
      this.expires = expires;
      this.config = config;
    }

    /** The approval as it now is. */
    void about(ApprovalRequest approval) {
      if (page) {
        this.approval = approval;
      }
    }

    /** Reads the approval again (a page shows who won a race), keeping what was read on failure. */
    void reread(String key) {
      if (!page) {
        return;
      }
      try {
        Optional<StoredObject> now = store.find(key);
        if (now.isPresent()) {
          approval = Json.mapper().readValue(now.get().body(), ApprovalRequest.class);
        }
      } catch (IOException | SlipwayException e) {
        // the page shows the approval as first read
      }
    }

    /** Whether {@code given} is the form token of link {@code id}'s page. */
    boolean tokenMatches(String id, String given) {
      return secret != null && Hmac.sameToken(given, DecisionForm.token(secret, id, sig));
    }

    HttpResponse shown(ApprovalRequest a) {
      if (!page) {
        return HttpResponse.json(200, view(a));
      }
      return html(200, ApprovalPage.approval(pageView(a), null));
    }

    HttpResponse decided(ApprovalRequest a) {
      if (!page) {
        return HttpResponse.json(200, view(a));
      }
      boolean approved = a.decision().decision().equals("approve");
      ApprovalPage.Notice notice =
          approved
              ? new ApprovalPage.Notice(
                  "ok", "Approved: your decision is recorded", "The release goes on.")
              : new ApprovalPage.Notice(
                  "bad",
                  "Rejected: your decision is recorded",
                  "The release fails with "
                      + REJECTED_ERROR
                      + " and rolls back every cluster it changed.");
      return html(200, ApprovalPage.approval(pageView(a), notice));
    }

    /** The link's own expiry (its signature is good, its time is up). */
    HttpResponse linkExpired(int status, String name, String message) {
      if (!page) {
        return HttpResponse.error(status, name, message);
      }
      return html(
          status,
          ApprovalPage.problem(
              "This approval link has expired",
              "It no longer takes decisions. If the release still waits, ask for a new link;"
                  + " otherwise start the release again.",
              name));
    }

    HttpResponse error(int status, String name, String message) {
      if (!page) {
        return HttpResponse.error(status, name, message);
      }
      String title =
          switch (status) {
            case 401 -> "This link is not valid";
            case 403 -> "Refused: the decision did not come from this page";
            case 404 -> "No such approval";
            case 409 -> "Already decided";
            case 410 -> "Too late: the gate is closed";
            case 400, 413, 415 -> "The decision is incomplete";
            default -> "Slipway cannot answer right now";
          };
      String text =
          status == 401
              ? "Its signature does not match what Slipway signed: it was changed or cut short."
                  + " Open the link exactly as it reached you, or ask for a new one."
              : message == null ? "" : message;
      if (approval == null || status == 403) {
        return html(status, ApprovalPage.problem(title, text, name));
      }
      return html(
          status,
          ApprovalPage.approval(
              pageView(approval),
              new ApprovalPage.Notice(status == 409 ? "warn" : "bad", title, text)));
    }

    private HttpResponse html(int status, String page) {
      return HttpResponse.html(status, page, ApprovalPage.HEADERS);
    }

    private ApprovalPage.View pageView(ApprovalRequest a) {
      String action =
          "?app="
              + enc(a.app())
              + "&build="
              + enc(a.build())
              + "&expires="
              + expires
              + "&sig="
              + enc(sig);
      return new ApprovalPage.View(
          a,
          diffs(a),
          canary(a, action),
          waves(a),
          clock.instant(),
          action,
          DecisionForm.token(secret, a.id(), sig));
    }

    private List<ApprovalPage.ClusterDiff> diffs(ApprovalRequest a) {
      List<ApprovalPage.ClusterDiff> diffs = new ArrayList<>();
      if (a.diff() == null) {
        return diffs;
      }
      String prefix = Keys.artifacts(a.app(), a.build()) + "diff/";
      for (String key : a.diff().keys()) {
        if (!key.startsWith(prefix) || !key.endsWith(".diff")) {
          continue; // not this build's diff: not shown
        }
        String cluster = key.substring(prefix.length(), key.length() - ".diff".length());
        String text;
        try {
          text =
              store.find(key).map(o -> new String(o.body(), StandardCharsets.UTF_8)).orElse(null);
        } catch (SlipwayException e) {
          text = null;
        }
        diffs.add(new ApprovalPage.ClusterDiff(cluster, text));
      }
      return diffs;
    }

    private ApprovalPage.Canary canary(ApprovalRequest a, String action) {
      ApprovalRequest.Check check =
          a.checks().stream().filter(c -> "canary".equals(c.name())).findFirst().orElse(null);
      if (check == null && !"canary-marginal".equals(a.gate())) {
        return null;
      }
      String verdict = "canary-marginal".equals(a.gate()) ? "Marginal" : null;
      String score = null;
      String reportKey = a.links().get("canary report");
      String prefix = Keys.artifacts(a.app(), a.build()) + "canary/";
      if (reportKey != null && reportKey.startsWith(prefix) && reportKey.endsWith(".html")) {
        try {
          Optional<StoredObject> result =
              store.find(reportKey.substring(0, reportKey.length() - 5) + ".json");
          if (result.isPresent()) {
            JsonNode r = Json.mapper().readTree(result.get().body());
            JsonNode s =
                r.path("score").isNumber() ? r.path("score") : r.path("score").path("score");
            if (s.isNumber()) {
              score = String.format(Locale.ROOT, "%.1f", s.asDouble());
            }
            // a gate of clusters: {verdict, score, clusters}; one judge result: {score: {...}}
            String classification =
                r.path("verdict").asText(r.path("score").path("classification").asText(null));
            if (verdict == null && classification != null) {
              verdict = classification;
            }
          }
        } catch (IOException | SlipwayException e) {
          // the page shows what the approval request says
        }
      }
      if (verdict == null) {
        verdict = check.status();
      }
      return new ApprovalPage.Canary(
          verdict,
          score,
          check == null ? null : check.detail(),
          reportKey == null ? null : action + "&view=report");
    }

    /** The waves the release deploys after this gate, or null when the configuration cannot say. */
    private List<Environment.Wave> waves(ApprovalRequest a) {
      List<Environment.Wave> all;
      try {
        all =
            config
                .current()
                .application(a.app())
                .flatMap(app -> app.environment(a.environment()))
                .map(Environment::waves)
                .orElse(null);
      } catch (RuntimeException e) {
        return null;
      }
      if (all == null || !"canary-marginal".equals(a.gate())) {
        return all;
      }
      String report = a.links().getOrDefault("canary report", "");
      String wave = report.substring(report.lastIndexOf('/') + 1).replaceFirst("\\.html$", "");
      for (int i = 0; i < all.size(); i++) {
        if (all.get(i).name().equals(wave)) {
          return all.subList(i + 1, all.size());
        }
      }
      return null;
    }
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
