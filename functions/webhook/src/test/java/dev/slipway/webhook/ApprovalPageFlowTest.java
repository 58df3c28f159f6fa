package dev.slipway.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.model.ApprovalRequest;
import dev.slipway.model.Json;
import dev.slipway.store.Keys;
import dev.slipway.webhook.Fakes.World;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The signed link in a browser, through the handler: content negotiation, the decision form and its
 * cross-site protection, and a page for every answer. JSON clients keep their answers.
 */
class ApprovalPageFlowTest {
  static final String KEY = ApprovalTest.KEY;
  static final String SIG = "959eb470c2b762baa4996b87287e08013bc51bf2851cdb3eb8c40a0d20f42675";
  static final String HOST = "abc123.execute-api.us-east-1.amazonaws.com";
  static final String BROWSER =
      "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8";

  final World world = new World();

  /** The GET event of events/approvals/get.json, as {@code method}, with more headers and body. */
  JsonNode call(String method, Map<String, String> headers, String body) {
    ObjectNode event =
        (ObjectNode)
            Fakes.read(
                new String(Fakes.resource("/events/approvals/get.json"), StandardCharsets.UTF_8));
    ((ObjectNode) event.path("requestContext").path("http")).put("method", method);
    headers.forEach(((ObjectNode) event.path("headers"))::put);
    if (body != null) {
      event.put("body", body);
    }
    try {
      return world.invokeRaw(Json.mapper().writeValueAsBytes(event));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  JsonNode browserGet() {
    return call("GET", Map.of("accept", BROWSER), null);
  }

  /** The page's form, posted by a browser from the page itself. */
  JsonNode post(Map<String, String> fields, Map<String, String> extraHeaders) {
    StringBuilder body = new StringBuilder();
    fields.forEach(
        (k, v) ->
            body.append(body.isEmpty() ? "" : "&")
                .append(k)
                .append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("accept", BROWSER);
    headers.put("content-type", "application/x-www-form-urlencoded");
    headers.put("origin", "https://" + HOST);
    headers.put("sec-fetch-site", "same-origin");
    headers.putAll(extraHeaders);
    headers.values().removeIf(String::isEmpty);
    return call("POST", headers, body.toString());
  }

  static Map<String, String> form(String decision, String by, String comment) {
    Map<String, String> f = new LinkedHashMap<>();
    f.put("form", DecisionForm.token(Fakes.SECRET, "stg-deploy", SIG));
    f.put("by", by);
    f.put("comment", comment);
    f.put("decision", decision);
    return f;
  }

  static String page(JsonNode response) {
    assertThat(response.path("headers").path("Content-Type").asText()).startsWith("text/html");
    assertThat(response.path("headers").path("X-Frame-Options").asText()).isEqualTo("DENY");
    assertThat(response.path("headers").path("Cache-Control").asText()).isEqualTo("no-store");
    assertThat(response.path("headers").path("Content-Security-Policy").asText())
        .startsWith("default-src 'none'");
    return response.path("body").asText();
  }

  /**
   * Stores the sample gate (as read) with another environment, gate, diff, checks, links, expiry.
   */
  void storeGate(
      String environment,
      String gate,
      ApprovalRequest.DiffSummary diff,
      List<ApprovalRequest.Check> checks,
      Map<String, String> links,
      Instant expiresAt)
      throws Exception {
    ApprovalRequest a = stored();
    ApprovalRequest changed =
        new ApprovalRequest(
            a.id(),
            a.app(),
            a.build(),
            environment,
            gate,
            a.executionArn(),
            a.taskToken(),
            diff,
            checks,
            links,
            a.createdAt(),
            expiresAt,
            null,
            a.trigger());
    world.store.put(KEY, Json.mapper().writeValueAsBytes(changed), "application/json");
  }

  ApprovalRequest stored() throws Exception {
    return Json.mapper().readValue(world.store.get(KEY).body(), ApprovalRequest.class);
  }

  @Test
  void browser_shouldGetThePage_withChecksDiffWavesAndTheForm() {
    world.storeApproval();
    world.store.put(
        Keys.diff("checkout", "142", "core-1"),
        ApprovalPageTest.DIFF.getBytes(StandardCharsets.UTF_8),
        "text/x-diff");

    JsonNode r = browserGet();

    assertThat(r.path("statusCode").asInt()).isEqualTo(200);
    assertThat(page(r))
        .contains("checkout build 142 → stg", ">pending<")
        .contains("manifests-valid", "static-data", "48 objects, checksums match")
        .contains("<span class=\"add\">+  image: checkout:142</span>")
        .contains("<li>v1 ConfigMap checkout/old-settings</li>")
        .contains("<li><b>core</b>: core-1</li>")
        .contains(
            "action=\"?app=checkout&amp;build=142&amp;expires=1795827900&amp;sig=" + SIG + "\"")
        .contains("value=\"" + DecisionForm.token(Fakes.SECRET, "stg-deploy", SIG) + "\"")
        .doesNotContain("AQCEAAAAKgAAAAMAAAAAAAAAAeMFbd0");
    assertThat(world.lastLog().path("decision").asText()).isEqualTo("shown");
  }

  @Test
  void jsonClients_shouldSeeNoChange() {
    world.storeApproval();
    String before = call("GET", Map.of(), null).path("body").asText();

    for (String accept :
        List.of("*/*", "application/json", "application/json, text/html", "text/html;q=0.5, */*")) {
      JsonNode r = call("GET", Map.of("accept", accept), null);
      assertThat(r.path("headers").path("Content-Type").asText())
          .as(accept)
          .isEqualTo("application/json");
      assertThat(r.path("body").asText()).as(accept).isEqualTo(before);
    }
    assertThat(Fakes.read(before).path("status").asText()).isEqualTo("pending");
    assertThat(call("GET", Map.of("accept", "text/html"), null).path("body").asText())
        .startsWith("<!DOCTYPE html>");
  }

  @Test
  void approveFromThePage_shouldDecide_andShowWhoDecided() throws Exception {
    world.storeApproval();

    JsonNode r = post(form("approve", "mona@acme.example", "diff <b>reviewed</b>"), Map.of());

    assertThat(r.path("statusCode").asInt()).as(r.toString()).isEqualTo(200);
    assertThat(page(r))
        .contains("Approved: your decision is recorded", "Approved by mona@acme.example")
        .contains("diff &lt;b&gt;reviewed&lt;/b&gt;", ">approved<")
        .doesNotContain("<form");
    assertThat(world.sfn.calls)
        .singleElement()
        .asString()
        .startsWith("success:")
        .contains("mona@acme.example");
    assertThat(stored().decision().comment()).isEqualTo("diff <b>reviewed</b>");
  }

  @Test
  void rejectFromThePage_shouldSendTheRejectionWithTheComment() throws Exception {
    world.storeApproval();

    JsonNode r = post(form("reject", "bob", "latency too high"), Map.of());

    assertThat(page(r)).contains("Rejected: your decision is recorded", "Rejected by bob");
    assertThat(world.sfn.calls)
        .singleElement()
        .asString()
        .isEqualTo("failure:Slipway.Approval.Rejected:rejected by bob: latency too high");
    assertThat(stored().decision().decision()).isEqualTo("reject");
  }

  @Test
  void aFormWithoutTheTokenOrFromAnotherSite_shouldBeRefused_andDecideNothing() throws Exception {
    world.storeApproval();
    Map<String, String> noToken = form("approve", "eve", "");
    noToken.remove("form");
    Map<String, String> wrongToken = form("approve", "eve", "");
    wrongToken.put("form", DecisionForm.token(Fakes.SECRET, "stg-deploy", "00" + SIG.substring(2)));

    List<JsonNode> refused =
        List.of(
            post(noToken, Map.of()),
            post(wrongToken, Map.of()),
            post(form("approve", "eve", ""), Map.of("sec-fetch-site", "cross-site")),
            post(form("approve", "eve", ""), Map.of("sec-fetch-site", "same-site")),
            post(
                form("approve", "eve", ""),
                Map.of("origin", "https://evil.example", "sec-fetch-site", "")),
            post(form("approve", "eve", ""), Map.of("origin", "null", "sec-fetch-site", "")));

    for (JsonNode r : refused) {
      assertThat(r.path("statusCode").asInt()).as(r.toString()).isEqualTo(403);
      assertThat(page(r))
          .contains(
              "Refused: the decision did not come from this page", "Slipway.Approval.Forbidden")
          .doesNotContain("<form");
    }
    assertThat(world.sfn.calls).isEmpty();
    assertThat(stored().pending()).isTrue();
    // a client that sends neither Origin nor Sec-Fetch-Site is judged by the token alone
    Map<String, String> plain = new LinkedHashMap<>();
    plain.put("accept", BROWSER);
    plain.put("content-type", "application/x-www-form-urlencoded");
    JsonNode ok =
        call(
            "POST",
            plain,
            "form="
                + DecisionForm.token(Fakes.SECRET, "stg-deploy", SIG)
                + "&decision=approve&by=mona");
    assertThat(ok.path("statusCode").asInt()).as(ok.toString()).isEqualTo(200);
  }

  @Test
  void aSecondDecision_shouldShowTheAlreadyDecidedPage_namingTheFirst() {
    world.storeApproval();
    post(form("approve", "mona@acme.example", ""), Map.of());

    JsonNode r = post(form("reject", "bob", "too late"), Map.of());

    assertThat(r.path("statusCode").asInt()).isEqualTo(409);
    assertThat(page(r))
        .contains(
            "Already decided",
            "already approved by mona@acme.example",
            "Approved by mona@acme.example");
    assertThat(world.sfn.calls).hasSize(1);
  }

  @Test
  void anIncompleteForm_shouldShowThePageAgain_sayingWhatIsMissing() {
    world.storeApproval();

    JsonNode r = post(form("approve", "", ""), Map.of());

    assertThat(r.path("statusCode").asInt()).isEqualTo(400);
    assertThat(page(r)).contains("The decision is incomplete", "&#39;by&#39;", "<form");
  }

  @Test
  void anExpiredGate_aTamperedLink_andAnExpiredLink_shouldEachHaveAClearPage() throws Exception {
    world.storeApproval();
    ApprovalRequest a = stored();
    storeGate(
        a.environment(),
        a.gate(),
        a.diff(),
        a.checks(),
        a.links(),
        Instant.parse("2026-11-27T12:00:00Z"));
    world.clock.set(Instant.parse("2026-11-27T13:00:00Z")); // link still valid, gate expired

    JsonNode closed = post(form("approve", "mona", ""), Map.of());
    JsonNode shown = browserGet();

    assertThat(closed.path("statusCode").asInt()).isEqualTo(410);
    assertThat(page(closed))
        .contains("Too late: the gate is closed", "expired at 2026-11-27T12:00:00Z");
    assertThat(page(shown)).contains(">expired<", "The gate closed at").doesNotContain("<form");

    ObjectNode tampered =
        (ObjectNode)
            Fakes.read(
                new String(Fakes.resource("/events/approvals/get.json"), StandardCharsets.UTF_8));
    ((ObjectNode) tampered.path("queryStringParameters")).put("sig", "00" + SIG.substring(2));
    ((ObjectNode) tampered.path("headers")).put("accept", BROWSER);
    JsonNode bad = world.invokeRaw(Json.mapper().writeValueAsBytes(tampered));
    assertThat(bad.path("statusCode").asInt()).isEqualTo(401);
    assertThat(page(bad))
        .contains("This link is not valid", "changed or cut short")
        .doesNotContain("checkout build");

    world.clock.set(Instant.ofEpochSecond(1795827900));
    JsonNode old = browserGet();
    assertThat(old.path("statusCode").asInt()).isEqualTo(401);
    assertThat(page(old))
        .contains("This approval link has expired")
        .doesNotContain("checkout build");
    // and JSON clients get the JSON errors they got before
    assertThat(Fakes.body(call("GET", Map.of(), null)).path("error").asText())
        .isEqualTo("Slipway.Approval.Unauthorized");
  }

  @Test
  void aMarginalGate_shouldShowScoreVerdict_andServeItsReportInASandbox() throws Exception {
    world.storeApproval();
    ApprovalRequest a = stored();
    String report = Keys.canaryReport("checkout", "142", "core");
    world.store.put(
        report,
        "<html><body>report <script>x()</script></body></html>".getBytes(StandardCharsets.UTF_8),
        "text/html");
    world.store.put(
        Keys.canaryResult("checkout", "142", "core"),
        "{\"score\":{\"score\":62.25,\"classification\":\"Marginal\"}}"
            .getBytes(StandardCharsets.UTF_8),
        "application/json");
    Map<String, String> links = new LinkedHashMap<>(a.links());
    links.put("canary report", report);
    storeGate(
        "prod",
        "canary-marginal",
        null,
        List.of(
            new ApprovalRequest.Check(
                "canary", "WARN", "p99 latency 12% above the baseline", report)),
        links,
        a.expiresAt());

    String page = page(browserGet());

    assertThat(page)
        .contains(
            "The canary&#39;s verdict is Marginal",
            "<span class=\"score\">62.3</span>",
            "p99 latency 12% above the baseline")
        .contains(
            "href=\"?app=checkout&amp;build=142&amp;expires=1795827900&amp;sig="
                + SIG
                + "&amp;view=report\"")
        .contains("<li><b>edge</b>: edge-1, edge-2</li>")
        .doesNotContain("<li><b>core</b>");
    ObjectNode event =
        (ObjectNode)
            Fakes.read(
                new String(Fakes.resource("/events/approvals/get.json"), StandardCharsets.UTF_8));
    ((ObjectNode) event.path("queryStringParameters")).put("view", "report");
    ((ObjectNode) event.path("headers")).put("accept", BROWSER);
    JsonNode r = world.invokeRaw(Json.mapper().writeValueAsBytes(event));
    assertThat(r.path("statusCode").asInt()).isEqualTo(200);
    assertThat(r.path("body").asText()).contains("report <script>");
    assertThat(r.path("headers").path("Content-Security-Policy").asText()).startsWith("sandbox;");
  }
}
