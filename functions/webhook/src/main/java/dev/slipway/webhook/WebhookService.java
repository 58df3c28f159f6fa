package dev.slipway.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.approvals.Hmac;
import dev.slipway.approvals.WebhookSecrets;
import dev.slipway.awshttp.SecretSource;
import dev.slipway.config.ConfigLoader;
import dev.slipway.config.SlipwayConfig;
import dev.slipway.model.Json;
import dev.slipway.model.SlipwayException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The front door, without any Lambda types: routes a request, checks size, content type and
 * signature, reads the event, plans the release and starts it. Every request ends in exactly one
 * log line and a response; nothing a caller sends leads to a 5xx.
 */
public final class WebhookService {
  /** Bodies above this are refused with 413. */
  public static final int MAX_BODY = 1024 * 1024;

  /** How far the generic build event's timestamp may be from now. */
  public static final Duration REPLAY_WINDOW = Duration.ofMinutes(5);

  static final Pattern WEBHOOK = Pattern.compile("(?:^|.*/)webhooks/(github|jenkins|build)/?");
  static final Pattern APPROVAL = Pattern.compile("(?:^|.*/)approvals/([^/]+)/?");

  private final ConfigLoader config;
  private final WebhookSecrets secrets;
  private final ExecutionStarter starter;
  private final ApprovalService approvals;
  private final DeliveryLedger deliveries;
  private final Clock clock;
  private final RequestLog log;

  public WebhookService(
      ConfigLoader config,
      SecretSource secrets,
      String secretId,
      ExecutionStarter starter,
      ApprovalService approvals,
      DeliveryLedger deliveries,
      Clock clock,
      java.util.function.Consumer<String> logSink) {
    this.config = config;
    this.secrets = new WebhookSecrets(secrets, secretId);
    this.starter = starter;
    this.approvals = approvals;
    this.deliveries = deliveries;
    this.clock = clock;
    this.log = new RequestLog(logSink);
  }

  /** Answers one request. */
  public HttpResponse handle(HttpRequest request) {
    Matcher hook = WEBHOOK.matcher(request.path());
    Matcher approval = APPROVAL.matcher(request.path());
    String route =
        hook.matches() ? "webhooks/" + hook.group(1) : approval.matches() ? "approvals" : "unknown";
    RequestLog.Line line = log.start(request, route);
    if (hook.matches()) {
      return webhook(hook.group(1), request, line);
    }
    if (approval.matches()) {
      return approvals.handle(decode(approval.group(1)), request, secrets, config, line);
    }
    return line.done(
        HttpResponse.error(
            404, WebhookErrors.NOT_FOUND, "no endpoint at " + Fields.clip(request.path())),
        "rejected",
        "unknown path");
  }

  private HttpResponse webhook(String source, HttpRequest request, RequestLog.Line line) {
    line.put("source", source);
    if (!"POST".equals(request.method())) {
      return line.done(
          HttpResponse.error(405, WebhookErrors.METHOD_NOT_ALLOWED, "use POST"),
          "rejected",
          "method " + request.method());
    }
    if (request.body().length > MAX_BODY) {
      return line.done(
          HttpResponse.error(413, WebhookErrors.TOO_LARGE, "the body is over 1 MiB"),
          "rejected",
          "body of " + request.body().length + " bytes");
    }
    String contentType = request.header("content-type").orElse("").toLowerCase(Locale.ROOT);
    boolean form =
        "github".equals(source) && contentType.startsWith("application/x-www-form-urlencoded");
    if (!form && !isJson(contentType)) {
      return line.done(
          HttpResponse.error(
              415, WebhookErrors.UNSUPPORTED_MEDIA_TYPE, "send Content-Type: application/json"),
          "rejected",
          "content type '" + contentType + "'");
    }
    String denied;
    try {
      denied = authenticate(source, request);
    } catch (SlipwayException e) {
      return line.done(
          HttpResponse.error(503, e.errorName(), e.causeText()), "error", e.errorName());
    }
    if (denied != null) {
      return line.done(
          HttpResponse.error(401, WebhookErrors.UNAUTHORIZED, null), "unauthorized", denied);
    }
    if (request.queryParam("rerun").isPresent()) {
      return line.done(
          HttpResponse.error(
              400,
              WebhookErrors.UNSIGNED_RERUN,
              "a re-run is no longer taken from the query string, which no signature covers: "
                  + rerunAdvice(source)
                  + " (docs/webhooks.md)"),
          "rejected",
          "rerun query parameter");
    }

    JsonNode body;
    try {
      body = parseBody(request, form);
    } catch (Fields.BadRequest e) {
      return line.done(
          HttpResponse.error(400, WebhookErrors.MALFORMED, e.getMessage()),
          "rejected",
          e.getMessage());
    }
    String sha256 = DeliveryLedger.sha256(request.body());
    String delivery;
    try {
      delivery = delivery(source, request, sha256);
    } catch (Fields.BadRequest e) {
      return line.done(
          HttpResponse.error(400, WebhookErrors.MALFORMED, e.getMessage()),
          "rejected",
          e.getMessage());
    }
    line.put("delivery", delivery);

    Reading reading;
    try {
      if ("github".equals(source)) {
        String event = request.header("x-github-event").orElse("");
        line.put("event", event);
        if (event.isBlank()) {
          throw new Fields.BadRequest("header X-GitHub-Event is required");
        }
        if ("ping".equals(event)) {
          ObjectNode pong = Json.mapper().createObjectNode().put("status", "pong");
          pong.put("hook_id", Fields.optionalNumber(body, "hook_id"));
          return line.done(HttpResponse.json(200, pong), "ignored", "ping");
        }
        reading = GitHubEvents.read(event, delivery, body);
      } else if ("jenkins".equals(source)) {
        reading = JenkinsEvents.read(delivery, body);
      } else {
        reading = BuildEvents.read(delivery, body);
      }
    } catch (Fields.BadRequest e) {
      return line.done(
          HttpResponse.error(400, WebhookErrors.MALFORMED, e.getMessage()),
          "rejected",
          e.getMessage());
    }
    return decide(source, delivery, sha256, reading, line);
  }

  private HttpResponse decide(
      String source, String delivery, String sha256, Reading reading, RequestLog.Line line) {
    if (reading instanceof Outcome.Ignore ignore) {
      return ignored(ignore, line);
    }
    if (reading instanceof Outcome.Reject reject) {
      return rejected(reject, line);
    }
    BuildReport report = (BuildReport) reading;
    SlipwayConfig cfg;
    try {
      cfg = config.current();
    } catch (SlipwayException e) {
      return line.done(
          HttpResponse.error(503, e.errorName(), e.causeText()), "error", e.getMessage());
    }
    Outcome outcome = ReleasePlanner.plan(report, cfg, source, clock.instant());
    if (outcome instanceof Outcome.Ignore ignore) {
      return ignored(ignore, line);
    }
    if (outcome instanceof Outcome.Reject reject) {
      return rejected(reject, line);
    }
    Outcome.Start start = (Outcome.Start) outcome;
    line.put("app", start.release().app())
        .put("environment", start.release().environment())
        .put("build", start.release().buildNum())
        .put("execution", start.name());
    String input;
    try {
      input = Json.mapper().writeValueAsString(start.release());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a release request always serialises", e);
    }
    DeliveryLedger.Entry entry =
        new DeliveryLedger.Entry(
            source,
            delivery,
            sha256,
            DeliveryLedger.STARTING,
            start.name(),
            null,
            start.release().app(),
            start.release().environment(),
            start.release().buildNum(),
            input,
            start.release().trigger().receivedAt());
    DeliveryLedger.Claim claim;
    try {
      claim = deliveries.claim(entry);
    } catch (SlipwayException e) {
      return line.done(
          HttpResponse.error(503, e.errorName(), e.causeText()), "error", e.getMessage());
    }
    if (claim instanceof DeliveryLedger.Conflict) {
      return line.done(
          HttpResponse.error(
              409,
              WebhookErrors.DELIVERY_CONFLICT,
              "delivery "
                  + Fields.clip(delivery)
                  + " was received before with a different body; give every event its own"
                  + " delivery id (or none), and "
                  + rerunAdvice(source)),
          "rejected",
          "delivery id reused for another body");
    }
    if (claim instanceof DeliveryLedger.Seen seen) {
      DeliveryLedger.Entry first = seen.entry();
      line.put("execution", first.executionName()).put("firstDelivery", first.delivery());
      if (first.isStarted() || !DeliveryLedger.mayRestart(first, clock.instant())) {
        return duplicate(
            first,
            first.executionArn(),
            "this delivery was received before"
                + (first.delivery().equals(delivery) ? "" : " as " + first.delivery())
                + (first.isStarted() ? "" : " and its start was never confirmed")
                + "; to run the build again, "
                + rerunAdvice(source),
            line,
            "delivery recorded");
      }
      // received before, but its StartExecution failed or was cut short: finish it
      return start(source, first, seen.etag(), line);
    }
    DeliveryLedger.Fresh fresh = (DeliveryLedger.Fresh) claim;
    return start(source, fresh.entry(), fresh.etag(), line);
  }

  /**
   * Starts the recorded delivery's execution (the same name and input however often this runs) and
   * marks the record started.
   */
  private HttpResponse start(
      String source, DeliveryLedger.Entry entry, String etag, RequestLog.Line line) {
    ExecutionStarter.Started started;
    try {
      started = starter.start(entry.executionName(), entry.input());
    } catch (SlipwayException e) {
      return line.done(
          HttpResponse.error(503, e.errorName(), e.causeText()), "error", e.getMessage());
    }
    try {
      deliveries.started(entry, etag, started.executionArn());
    } catch (SlipwayException e) {
      // the execution exists; an unmarked record only makes a redelivery repeat the start
      line.put("ledger", e.errorName());
    }
    if (started.alreadyExisted()) {
      return duplicate(
          entry,
          started.executionArn(),
          "this build was already started; to run it again, " + rerunAdvice(source),
          line,
          "execution exists");
    }
    return line.done(
        HttpResponse.json(202, answer("started", entry, started.executionArn())), "started", null);
  }

  private static HttpResponse duplicate(
      DeliveryLedger.Entry entry,
      String executionArn,
      String reason,
      RequestLog.Line line,
      String why) {
    ObjectNode body = answer("duplicate", entry, executionArn);
    body.put("reason", reason);
    return line.done(HttpResponse.json(200, body), "duplicate", why);
  }

  private static ObjectNode answer(String status, DeliveryLedger.Entry entry, String arn) {
    ObjectNode body = Json.mapper().createObjectNode();
    body.put("status", status);
    body.put("executionArn", arn);
    body.put("executionName", entry.executionName());
    body.put("app", entry.app());
    body.put("environment", entry.environment());
    body.put("build", entry.build());
    body.put("delivery", entry.delivery());
    return body;
  }

  /** How a sender of {@code source} runs a build again, now that re-runs are signed. */
  static String rerunAdvice(String source) {
    return switch (source) {
          case "github" ->
              "re-run the workflow in GitHub (a workflow_run's run_attempt is signed), or ask an"
                  + " operator to send a signed build event with \"rerun\": N";
          case "jenkins" ->
              "send a new signed notification with the build parameter SLIPWAY_RERUN=N";
          default -> "send a new signed event with \"rerun\": N in the body";
        }
        + " (an operator with the stack's OperatorPolicy can run `slipway rerun EXECUTION`)";
  }

  private static HttpResponse ignored(Outcome.Ignore ignore, RequestLog.Line line) {
    ObjectNode body =
        Json.mapper().createObjectNode().put("status", "ignored").put("reason", ignore.reason());
    return line.done(HttpResponse.json(200, body), "ignored", ignore.reason());
  }

  private static HttpResponse rejected(Outcome.Reject reject, RequestLog.Line line) {
    return line.done(
        HttpResponse.error(reject.status(), reject.error(), reject.message()),
        "rejected",
        reject.message());
  }

  /** Null when the request is authentic, else why not (for the log only). */
  private String authenticate(String source, HttpRequest request) {
    switch (source) {
      case "github" -> {
        Optional<String> secret = secrets.get(WebhookSecrets.GITHUB);
        if (secret.isEmpty()) {
          return "no 'github' key in the webhook secret";
        }
        Optional<String> sig = request.header("x-hub-signature-256");
        if (sig.isEmpty()) {
          return "no X-Hub-Signature-256 header";
        }
        return Hmac.verify(sig.get(), secret.get(), request.body()) ? null : "bad signature";
      }
      case "jenkins" -> {
        Optional<String> sig =
            request
                .header("x-slipway-signature-256")
                .or(() -> request.header("x-hub-signature-256"));
        if (sig.isPresent()) {
          Optional<String> secret = secrets.get(WebhookSecrets.JENKINS);
          if (secret.isEmpty()) {
            return "signed, but no 'jenkins' key in the webhook secret";
          }
          return Hmac.verify(sig.get(), secret.get(), request.body()) ? null : "bad signature";
        }
        Optional<String> token =
            request
                .header("x-slipway-token")
                .or(
                    () ->
                        request
                            .header("authorization")
                            .filter(a -> a.regionMatches(true, 0, "Bearer ", 0, 7))
                            .map(a -> a.substring(7).trim()))
                .or(() -> request.queryParam("token"));
        if (token.isEmpty()) {
          return "no signature and no token";
        }
        Optional<String> expected = secrets.get(WebhookSecrets.JENKINS_TOKEN);
        if (expected.isEmpty()) {
          return "token sent, but no 'jenkinsToken' key in the webhook secret";
        }
        return Hmac.sameToken(token.get(), expected.get()) ? null : "bad token";
      }
      default -> {
        Optional<String> secret = secrets.get(WebhookSecrets.BUILD);
        if (secret.isEmpty()) {
          return "no 'build' key in the webhook secret";
        }
        Optional<String> sig = request.header("x-slipway-signature-256");
        Optional<String> ts = request.header("x-slipway-timestamp");
        if (sig.isEmpty() || ts.isEmpty()) {
          return "no X-Slipway-Signature-256 or X-Slipway-Timestamp header";
        }
        long seconds;
        try {
          seconds = Long.parseLong(ts.get().trim());
        } catch (NumberFormatException e) {
          return "timestamp is not a number";
        }
        if (!Hmac.verify(
            sig.get(),
            secret.get(),
            (ts.get().trim() + ".").getBytes(StandardCharsets.UTF_8),
            request.body())) {
          return "bad signature";
        }
        Instant now = clock.instant();
        if (Math.abs(now.getEpochSecond() - seconds) > REPLAY_WINDOW.toSeconds()) {
          return "timestamp "
              + seconds
              + " is outside the 5-minute window around "
              + now.getEpochSecond();
        }
        return null;
      }
    }
  }

  private static JsonNode parseBody(HttpRequest request, boolean form) {
    String text = request.bodyText();
    if (form) {
      text = formPayload(text);
    }
    JsonNode node;
    try {
      node = Json.mapper().readTree(text);
    } catch (JsonProcessingException e) {
      // a nesting-depth or length limit carries no location
      throw new Fields.BadRequest(
          e.getLocation() == null
              ? "the body is not JSON Slipway takes (nested too deep, or a value too long)"
              : "the body is not valid JSON (line "
                  + e.getLocation().getLineNr()
                  + ", column "
                  + e.getLocation().getColumnNr()
                  + ")");
    }
    if (node == null || !node.isObject()) {
      throw new Fields.BadRequest("the body must be a JSON object");
    }
    return node;
  }

  private static String formPayload(String text) {
    for (String pair : text.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0 && pair.substring(0, eq).equals("payload")) {
        try {
          return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
          throw new Fields.BadRequest("the form field 'payload' is not URL-encoded");
        }
      }
    }
    throw new Fields.BadRequest("the form has no 'payload' field");
  }

  /** What a delivery id may hold: it names an object in the bucket. */
  static final Pattern DELIVERY_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+@-]{0,127}");

  /**
   * The sender's delivery id ({@code X-GitHub-Delivery}, {@code X-Slipway-Delivery}), or {@code
   * sha256-<body digest>} when it sends none.
   */
  private static String delivery(String source, HttpRequest request, String sha256) {
    String header = "github".equals(source) ? "X-GitHub-Delivery" : "X-Slipway-Delivery";
    Optional<String> id = request.header(header).map(String::trim).filter(s -> !s.isEmpty());
    if (id.isEmpty()) {
      return "sha256-" + sha256;
    }
    if (!DELIVERY_ID.matcher(id.get()).matches()) {
      throw new Fields.BadRequest(
          "header "
              + header
              + " may hold letters, digits and . _ : + = @ - (at most 128, starting with a letter"
              + " or digit)");
    }
    return id.get();
  }

  private static boolean isJson(String contentType) {
    String mime = contentType.split(";", 2)[0].trim();
    return mime.equals("application/json")
        || (mime.startsWith("application/") && mime.endsWith("+json"));
  }

  private static String decode(String segment) {
    try {
      return URLDecoder.decode(segment, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return segment;
    }
  }
}
