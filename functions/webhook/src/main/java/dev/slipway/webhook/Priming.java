package dev.slipway.webhook;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.approvals.ApprovalLinks;
import dev.slipway.approvals.Hmac;
import dev.slipway.config.ConfigLoader;
import dev.slipway.model.ApprovalRequest;
import dev.slipway.model.Json;
import dev.slipway.store.InMemoryArtifactStore;
import dev.slipway.store.Keys;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.crac.Context;
import org.crac.Resource;

/**
 * SnapStart priming: before the snapshot, run the code every request runs (JSON mapping of the
 * proxy event and of the records, HMAC, the YAML parser, the planner), so that a restored container
 * answers its first request with those classes loaded and initialised. Nothing here talks to AWS: a
 * snapshot must hold no open connection and no secret.
 */
final class Priming implements Resource {
  static final String EVENT =
      """
      {"version":"2.0","rawPath":"/priming","headers":{"content-type":"application/json"},
       "requestContext":{"http":{"method":"POST"},"requestId":"priming"},
       "body":"eyJwcmltaW5nIjp0cnVlfQ==","isBase64Encoded":true}
      """;
  static final String CONFIG =
      """
      version: 1
      clusters: [{name: a, kubeconfig: {}, namespace: p}]
      applications:
        - name: p
          repo: acme/p
          releaseBranches: [main]
          triggers: [jenkins, build, github-push, github-workflow-run]
          images: {runtime: ghcr.io/acme/p}
          environments: [{name: dev, waves: [{name: w, clusters: [a]}]}]
      """;

  /** One small event of each kind, so their readers are loaded and run once. */
  static final String[][] SAMPLES = {
    {
      "push",
      "{\"ref\":\"refs/heads/main\",\"after\":\"0123456789abcdef0123456789abcdef01234567\","
          + "\"repository\":{\"html_url\":\"https://github.com/acme/p\"},"
          + "\"head_commit\":{\"message\":\"ABC-1 priming\"}}"
    },
    {
      "workflow_run",
      "{\"action\":\"completed\",\"workflow_run\":{\"conclusion\":\"success\",\"event\":\"push\","
          + "\"head_branch\":\"main\",\"run_number\":1,\"run_attempt\":1,"
          + "\"head_sha\":\"0123456789abcdef0123456789abcdef01234567\",\"name\":\"build\"},"
          + "\"repository\":{\"html_url\":\"https://github.com/acme/p\"}}"
    },
    {
      "build",
      "{\"app\":\"p\",\"git_repo\":\"acme/p\",\"git_branch\":\"main\",\"build_num\":\"2\","
          + "\"commit\":\"0123456789abcdef0123456789abcdef01234567\",\"skip\":[\"canary\"]}"
    },
    {
      "jenkins",
      "{\"name\":\"p\",\"build\":{\"number\":1,\"phase\":\"COMPLETED\",\"status\":\"SUCCESS\","
          + "\"scm\":{\"url\":\"https://github.com/acme/p.git\",\"branch\":\"origin/main\","
          + "\"commit\":\"0123456789abcdef0123456789abcdef01234567\"},\"parameters\":{}}}"
    },
  };

  static final String KEY = "priming";
  static final String SECRETS =
      "{\"github\":\"priming\",\"jenkins\":\"priming\",\"jenkinsToken\":\"priming\","
          + "\"build\":\"priming\",\"approvals\":\"priming\"}";

  private final ProxyHandler handler;
  private final Runnable awsPriming;

  /**
   * @param handler the handler whose request path to run
   * @param awsPriming runs the AWS request path against a loopback stand-in (see {@code
   *     AwsPriming})
   */
  Priming(ProxyHandler handler, Runnable awsPriming) {
    this.handler = handler;
    this.awsPriming = awsPriming;
  }

  @Override
  public void beforeCheckpoint(Context<? extends Resource> context) throws Exception {
    prime(handler);
    awsPriming.run();
  }

  @Override
  public void afterRestore(Context<? extends Resource> context) {
    // SDK clients open connections lazily; nothing to refresh
  }

  /**
   * Runs the request path without touching AWS: the real handler's decoding, then every kind of
   * request through a complete service wired over in-memory stand-ins (store, secrets, Step
   * Functions). Returns the answers' status codes.
   */
  static List<Integer> prime(ProxyHandler handler) throws Exception {
    List<Integer> statuses = new ArrayList<>();
    statuses.add(handler.respond(EVENT.getBytes(StandardCharsets.UTF_8)).status());
    Clock clock = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
    InMemoryArtifactStore store = new InMemoryArtifactStore();
    store.put(Keys.CONFIG, CONFIG.getBytes(StandardCharsets.UTF_8), "application/yaml");
    ApprovalRequest approval =
        new ApprovalRequest(
            "a",
            "p",
            "1",
            "dev",
            "deploy",
            "arn",
            "token",
            null,
            null,
            null,
            clock.instant(),
            clock.instant().plusSeconds(3600),
            null,
            new ApprovalRequest.Trigger("github", "push", null, "https://example.com/1", null));
    store.put(
        Keys.approval("p", "1", "a"),
        Json.mapper().writeValueAsBytes(approval),
        "application/json");
    TaskCallbacks callbacks =
        new TaskCallbacks() {
          @Override
          public boolean succeed(String taskToken, String output) {
            return true;
          }

          @Override
          public boolean fail(String taskToken, String error, String cause) {
            return true;
          }
        };
    WebhookService service =
        new WebhookService(
            new ConfigLoader(store, clock),
            id -> SECRETS,
            "priming",
            (name, input) ->
                new ExecutionStarter.Started("arn:priming:" + name, name, clock.instant(), false),
            new ApprovalService(store, callbacks, clock),
            new DeliveryLedger(store),
            clock,
            line -> {});
    WebhookHandler local = new WebhookHandler(service);
    for (String[] sample : SAMPLES) {
      byte[] body = sample[1].getBytes(StandardCharsets.UTF_8);
      ObjectNode headers = Json.mapper().createObjectNode().put("Content-Type", "application/json");
      String path;
      switch (sample[0]) {
        case "jenkins" -> {
          path = "/webhooks/jenkins";
          headers.put("X-Slipway-Signature-256", Hmac.header(KEY, body));
        }
        case "build" -> {
          path = "/webhooks/build";
          String ts = Long.toString(clock.instant().getEpochSecond());
          headers.put("X-Slipway-Timestamp", ts);
          headers.put(
              "X-Slipway-Signature-256",
              Hmac.header(KEY, (ts + ".").getBytes(StandardCharsets.UTF_8), body));
        }
        default -> {
          path = "/webhooks/github";
          headers
              .put("X-GitHub-Event", sample[0])
              .put("X-Hub-Signature-256", Hmac.header(KEY, body));
        }
      }
      String text = new String(body, StandardCharsets.UTF_8);
      statuses.add(local.respond(restEvent("POST", path, headers, Map.of(), text)).status());
    }
    long expires = clock.instant().getEpochSecond() + 60;
    Map<String, String> link =
        Map.of(
            "app",
            "p",
            "build",
            "1",
            "expires",
            Long.toString(expires),
            "sig",
            ApprovalLinks.signature(KEY, "a", "p", "1", expires));
    ObjectNode json = Json.mapper().createObjectNode().put("Content-Type", "application/json");
    ObjectNode browser = Json.mapper().createObjectNode().put("Accept", "text/html");
    // the approval page: its templates, hashes and rendering load before the snapshot
    statuses.add(local.respond(restEvent("GET", "/approvals/a", browser, link, null)).status());
    statuses.add(local.respond(restEvent("GET", "/approvals/a", json, link, null)).status());
    String decision = "{\"decision\":\"approve\",\"by\":\"priming\"}";
    statuses.add(local.respond(restEvent("POST", "/approvals/a", json, link, decision)).status());
    return statuses;
  }

  private static byte[] restEvent(
      String method, String path, ObjectNode headers, Map<String, String> query, String body)
      throws Exception {
    ObjectNode event = Json.mapper().createObjectNode();
    event.put("httpMethod", method).put("path", path).set("headers", headers);
    ObjectNode q = event.putObject("queryStringParameters");
    query.forEach(q::put);
    event.putObject("requestContext").put("requestId", "priming");
    event.put("body", body).put("isBase64Encoded", false);
    return Json.mapper().writeValueAsBytes(event);
  }
}
