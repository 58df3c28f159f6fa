package dev.slipway.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.approvals.Hmac;
import dev.slipway.webhook.Fakes.World;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Status codes for requests that are too big, of the wrong type, unsigned or malformed. */
class RequestRulesTest {
  final World world = new World();

  static HttpRequest signedBuild(String json, long ts) {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    Map<String, String> h = new HashMap<>();
    h.put("content-type", "application/json");
    h.put("x-slipway-timestamp", Long.toString(ts));
    h.put(
        "x-slipway-signature-256",
        Hmac.header(Fakes.SECRET, (ts + ".").getBytes(StandardCharsets.UTF_8), body));
    return new HttpRequest("POST", "/webhooks/build", h, Map.of(), body, "req-1");
  }

  static HttpRequest github(String event, String json, String contentType) {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    Map<String, String> h = new HashMap<>();
    h.put("content-type", contentType);
    h.put("x-github-event", event);
    h.put("x-hub-signature-256", Hmac.header(Fakes.SECRET, body));
    return new HttpRequest("POST", "/prod/webhooks/github", h, Map.of(), body, "req-2");
  }

  long now() {
    return world.clock.instant().getEpochSecond();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          not JSON           | {"app": "checkout", | the body is not valid JSON (line 1, column 20)
          not an object      | [1, 2]              | the body must be a JSON object
          missing field      | {"app": "checkout", "git_repo": "acme/checkout", "git_branch": "main", "commit": "abcdef1"} | field 'build_num' is required
          wrong type         | {"app": "checkout", "build_num": {"n": 1}} | field 'build_num' must be a string, was an object
          bad commit         | {"app": "checkout", "build_num": "1", "git_repo": "acme/checkout", "git_branch": "main", "commit": "not-a-sha"} | commit 'not-a-sha' is not a Git commit SHA
          unknown app        | {"app": "billing", "build_num": "1", "git_repo": "acme/x", "git_branch": "main", "commit": "abcdef1"} | no application 'billing' in the configuration (configured: checkout, catalog, storefront)
          unknown env        | {"app": "checkout", "environment": "qa", "build_num": "1", "git_repo": "acme/checkout", "git_branch": "main", "commit": "abcdef1"} | application checkout has no environment 'qa' (its environments: stg, prod)
          unknown skip       | {"app": "checkout", "build_num": "1", "git_repo": "acme/checkout", "git_branch": "main", "commit": "abcdef1", "skip": ["approval"]} | field 'skip' may hold canary, static_sync
          bad build number   | {"app": "checkout", "build_num": "1/../2", "git_repo": "acme/checkout", "git_branch": "main", "commit": "abcdef1"} | build number '1/../2' may only hold
          bad rerun          | {"app": "checkout", "build_num": "1", "git_repo": "acme/checkout", "git_branch": "main", "commit": "abcdef1", "rerun": -1} | field 'rerun' must be a whole number
          """)
  void malformed_shouldBe400_sayingWhich(String what, String json, String message) {
    HttpResponse r = world.service.handle(signedBuild(json, now()));

    assertThat(r.status()).as(what).isEqualTo(400);
    JsonNode body = Fakes.read(r.body());
    assertThat(body.path("error").asText()).isEqualTo("Slipway.Webhook.MalformedRequest");
    assertThat(body.path("message").asText()).as(what).startsWith(message);
    assertThat(world.sfn.calls).isEmpty();
  }

  @Test
  void oversizedBody_shouldBe413_beforeAnySignatureWork() {
    String big = "{\"pad\":\"" + "x".repeat(WebhookService.MAX_BODY) + "\"}";
    HttpResponse r = world.service.handle(signedBuild(big, now()));

    assertThat(r.status()).isEqualTo(413);
    assertThat(world.secrets.reads).isZero();
  }

  @ParameterizedTest
  @CsvSource({"text/plain", "application/xml", "''"})
  void wrongContentType_shouldBe415(String type) {
    HttpResponse r = world.service.handle(github("push", "{}", type));

    assertThat(r.status()).isEqualTo(415);
  }

  @Test
  void githubFormEncodedPayload_shouldBeAccepted_likeGitHubsOtherContentType() {
    String push =
        new String(Fakes.resource("/events/webhooks/github/push.json"), StandardCharsets.UTF_8);
    String json = Fakes.read(push).path("body").asText();
    String form = "payload=" + java.net.URLEncoder.encode(json, StandardCharsets.UTF_8);
    HttpResponse r =
        world.service.handle(github("push", form, "application/x-www-form-urlencoded"));

    assertThat(r.status()).isEqualTo(202);
  }

  @Test
  void badSignature_shouldBe401_sayingNothingMore() {
    HttpRequest good = github("push", "{}", "application/json");
    Map<String, String> h = new HashMap<>(good.headers());
    h.put("x-hub-signature-256", Hmac.header("not-the-secret", good.body()));
    HttpResponse r =
        world.service.handle(new HttpRequest("POST", good.path(), h, Map.of(), good.body(), "r"));

    assertThat(r.status()).isEqualTo(401);
    assertThat(Fakes.read(r.body()).toString())
        .isEqualTo("{\"error\":\"Slipway.Webhook.Unauthorized\"}");
    assertThat(world.lastLog().path("reason").asText()).isEqualTo("bad signature");
  }

  @Test
  void sourceWithoutASecret_shouldBe401_andTheLogSaysWhy() {
    world.secrets.values.put(Fakes.SECRET_ID, "{\"jenkins\":\"x\"}");
    HttpResponse r = world.service.handle(github("ping", "{}", "application/json"));

    assertThat(r.status()).isEqualTo(401);
    assertThat(world.lastLog().path("reason").asText())
        .isEqualTo("no 'github' key in the webhook secret");
  }

  @Test
  void unreadableSecret_shouldBe503_notBlamedOnTheCaller() {
    world.secrets.values.put(Fakes.SECRET_ID, "not json");
    HttpResponse r = world.service.handle(github("ping", "{}", "application/json"));

    assertThat(r.status()).isEqualTo(503);
    assertThat(r.body()).contains("Slipway.Secrets.Invalid").doesNotContain("not json");
  }

  @Test
  void jenkinsToken_shouldBeCheckedInConstantTime_andAWrongOneRefused() {
    byte[] event = Fakes.resource("/events/webhooks/jenkins/completed-success.json");
    String wrong =
        new String(event, StandardCharsets.UTF_8)
            .replace(
                "\"X-Slipway-Token\": \"slipway-test-secret\"", "\"X-Slipway-Token\": \"guess\"");
    JsonNode r =
        world.invokeRaw(
            wrong
                .replace("[\n        \"slipway-test-secret\"\n      ]", "[\"guess\"]")
                .getBytes(StandardCharsets.UTF_8));

    assertThat(r.path("statusCode").asInt()).isEqualTo(401);
    assertThat(world.lastLog().path("reason").asText()).isEqualTo("bad token");
  }

  @Test
  void unknownPathAndWrongMethod_shouldBe404And405() {
    assertThat(
            world
                .service
                .handle(new HttpRequest("POST", "/hooks", Map.of(), Map.of(), null, "r"))
                .status())
        .isEqualTo(404);
    assertThat(
            world
                .service
                .handle(new HttpRequest("GET", "/webhooks/github", Map.of(), Map.of(), null, "r"))
                .status())
        .isEqualTo(405);
  }

  @Test
  void notAProxyEvent_shouldBe400() {
    JsonNode r = world.invokeRaw("{\"Records\": []}".getBytes(StandardCharsets.UTF_8));

    assertThat(r.path("statusCode").asInt()).isEqualTo(400);
    assertThat(Fakes.body(r).path("message").asText()).contains("not an API Gateway proxy event");
  }

  @Test
  void missingConfig_shouldBe503_withTheConfigError() {
    world.store.delete(dev.slipway.store.Keys.CONFIG);
    HttpResponse r =
        world.service.handle(
            signedBuild(
                "{\"app\": \"checkout\", \"build_num\": \"1\", \"git_repo\": \"acme/checkout\","
                    + " \"git_branch\": \"main\", \"commit\": \"abcdef1\"}",
                now()));

    assertThat(r.status()).isEqualTo(503);
    assertThat(Fakes.read(r.body()).path("error").asText()).isEqualTo("Slipway.Config.Missing");
  }

  @Test
  void stepFunctionsDown_shouldBe503_soTheSenderRetries() {
    world.sfn.failure =
        new dev.slipway.model.RetryableStepException(WebhookErrors.START_FAILED, "throttled");
    JsonNode r = world.invoke("/events/webhooks/github/push.json");

    assertThat(r.path("statusCode").asInt()).isEqualTo(503);
    assertThat(Fakes.body(r).path("error").asText()).isEqualTo("Slipway.Webhook.StartFailed");
  }
}
