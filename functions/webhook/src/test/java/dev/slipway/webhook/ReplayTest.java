package dev.slipway.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.approvals.Hmac;
import dev.slipway.model.Json;
import dev.slipway.model.ReleaseRequest;
import dev.slipway.model.RetryableStepException;
import dev.slipway.store.Keys;
import dev.slipway.webhook.Fakes.World;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Replays are closed: a re-run is part of what is signed, and every delivery is recorded once in
 * the bucket, so a captured delivery starts nothing again — with any query string, under any
 * delivery id, and after Step Functions has forgotten the execution's name.
 */
class ReplayTest {
  static final String HOSTILE_COMPONENT =
      "checkout-api\u2028---\u2028apiVersion: rbac.authorization.k8s.io/v1\u2028"
          + "kind: ClusterRoleBinding\u2028metadata: {name: pwn}\u2028"
          + "roleRef: {kind: ClusterRole, name: cluster-admin}";

  final World world = new World();

  HttpRequest event(String resource) {
    return TestAccess.decode(
        Fakes.read(new String(Fakes.resource(resource), StandardCharsets.UTF_8)));
  }

  static HttpRequest withQuery(HttpRequest o, String name, String value) {
    Map<String, String> q = new HashMap<>(o.query());
    q.put(name, value);
    return new HttpRequest(o.method(), o.path(), o.headers(), q, o.body(), o.requestId());
  }

  static HttpRequest withHeader(HttpRequest o, String name, String value) {
    Map<String, String> h = new HashMap<>(o.headers());
    h.put(name, value);
    return new HttpRequest(o.method(), o.path(), h, o.query(), o.body(), o.requestId());
  }

  /** {@code o} with {@code body}, signed the way its source signs (the build event: timestamp). */
  static HttpRequest resigned(HttpRequest o, byte[] body) {
    Map<String, String> h = new HashMap<>(o.headers());
    if (h.containsKey("x-hub-signature-256")) {
      h.put("x-hub-signature-256", Hmac.header(Fakes.SECRET, body));
    } else if (h.containsKey("x-slipway-timestamp")) {
      byte[] prefix = (h.get("x-slipway-timestamp") + ".").getBytes(StandardCharsets.UTF_8);
      h.put("x-slipway-signature-256", Hmac.header(Fakes.SECRET, prefix, body));
    } else if (h.containsKey("x-slipway-signature-256")) {
      h.put("x-slipway-signature-256", Hmac.header(Fakes.SECRET, body));
    }
    return new HttpRequest(o.method(), o.path(), h, o.query(), body, o.requestId());
  }

  /** {@code o} with its JSON body changed by {@code edit}; the signature is left as it was. */
  static HttpRequest edited(HttpRequest o, java.util.function.Consumer<ObjectNode> edit) {
    ObjectNode body = (ObjectNode) Fakes.read(o.bodyText());
    edit.accept(body);
    return new HttpRequest(
        o.method(),
        o.path(),
        o.headers(),
        o.query(),
        body.toString().getBytes(StandardCharsets.UTF_8),
        o.requestId());
  }

  static JsonNode json(HttpResponse r) {
    return Fakes.read(r.body());
  }

  @Test
  void capturedGitHubDelivery_sentAgainWithRerunQueries_startsNothing() {
    HttpRequest push = event("/events/webhooks/github/push.json");
    assertThat(world.service.handle(push).status()).isEqualTo(202);

    for (int n = 1; n <= 25; n++) {
      HttpResponse rerun = world.service.handle(withQuery(push, "rerun", Integer.toString(n)));
      assertThat(rerun.status()).as(rerun.body()).isEqualTo(400);
      assertThat(json(rerun).path("error").asText()).isEqualTo(WebhookErrors.UNSIGNED_RERUN);
      assertThat(json(rerun).path("message").asText())
          .contains("re-run the workflow in GitHub")
          .doesNotContain("?rerun");
      // any other query string, or another delivery id header: the same signed body, a duplicate
      HttpResponse other = world.service.handle(withQuery(push, "attempt", Integer.toString(n)));
      HttpResponse renamed =
          world.service.handle(withHeader(push, "x-github-delivery", "forged-" + n));
      for (HttpResponse r : new HttpResponse[] {other, renamed}) {
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(json(r).path("status").asText()).isEqualTo("duplicate");
        assertThat(json(r).path("reason").asText())
            .contains("re-run the workflow in GitHub")
            .doesNotContain("?rerun");
      }
    }

    assertThat(world.sfn.started).hasSize(1);
    assertThat(world.sfn.calls).hasSize(1);
  }

  @Test
  void replay_afterStepFunctionsForgotTheExecutionName_startsNothing_becauseOfTheLedger() {
    world.sfn.forgetNames = true;
    HttpRequest push = event("/events/webhooks/github/push.json");
    HttpRequest jenkins = event("/events/webhooks/jenkins/completed-success.json");
    assertThat(world.service.handle(push).status()).isEqualTo(202);
    assertThat(world.service.handle(jenkins).status()).isEqualTo(202);

    world.clock.advance(Duration.ofDays(91));
    HttpResponse pushAgain = world.service.handle(push);
    world.clock.advance(Duration.ofDays(3650));
    HttpResponse jenkinsAgain = world.service.handle(jenkins);

    assertThat(pushAgain.status()).as(pushAgain.body()).isEqualTo(200);
    assertThat(json(pushAgain).path("status").asText()).isEqualTo("duplicate");
    assertThat(jenkinsAgain.status()).as(jenkinsAgain.body()).isEqualTo(200);
    assertThat(json(jenkinsAgain).path("reason").asText()).contains("SLIPWAY_RERUN=N");
    assertThat(world.sfn.started).hasSize(2);
    assertThat(world.sfn.calls).hasSize(2);
  }

  @Test
  void buildEventRerun_countsOnlyInsideTheSignature() {
    HttpRequest build = event("/events/webhooks/build/build-success.json");
    assertThat(world.service.handle(build).status()).isEqualTo(202);

    HttpResponse query = world.service.handle(withQuery(build, "rerun", "1"));
    HttpResponse tampered = world.service.handle(edited(build, b -> b.put("rerun", 1)));
    HttpRequest signed = resigned(build, edited(build, b -> b.put("rerun", 1)).body());
    HttpResponse rerun = world.service.handle(withHeader(signed, "x-slipway-delivery", "ci-2042"));

    assertRerunCountsOnlyWhenSigned(query, tampered, rerun, "\"rerun\": N in the body");
    assertThat(world.sfn.started).hasSize(2);
  }

  /** {@code ?rerun} is 400 saying where it goes, a tampered one 401, the signed one starts r1. */
  static void assertRerunCountsOnlyWhenSigned(
      HttpResponse query, HttpResponse tampered, HttpResponse rerun, String advice) {
    assertThat(query.status()).isEqualTo(400);
    assertThat(json(query).path("error").asText()).isEqualTo(WebhookErrors.UNSIGNED_RERUN);
    assertThat(json(query).path("message").asText()).contains(advice);
    assertThat(tampered.status()).isEqualTo(401);
    assertThat(rerun.status()).as(rerun.body()).isEqualTo(202);
    assertThat(json(rerun).path("executionName").asText()).contains("-r1-");
  }

  @Test
  void jenkinsRerun_countsOnlyInsideTheSignature() {
    HttpRequest signed = event("/events/webhooks/jenkins/finalized-success-signed.json");
    HttpResponse tampered =
        world.service.handle(
            edited(
                signed,
                b -> ((ObjectNode) b.path("build").path("parameters")).put("SLIPWAY_RERUN", "7")));
    HttpResponse query = world.service.handle(withQuery(signed, "rerun", "7"));
    HttpResponse rerun =
        world.service.handle(event("/events/webhooks/jenkins/completed-success-rerun.json"));

    assertRerunCountsOnlyWhenSigned(query, tampered, rerun, "SLIPWAY_RERUN=N");
    assertThat(world.sfn.started).hasSize(1);
  }

  @Test
  void sameDeliveryId_withAnotherBody_isRefusedWith409() {
    HttpRequest build = event("/events/webhooks/build/build-success.json");
    assertThat(world.service.handle(build).status()).isEqualTo(202);
    // the same X-Slipway-Delivery (ci-2041), a different, validly signed body
    HttpRequest other = resigned(build, edited(build, b -> b.put("rerun", 2)).body());

    HttpResponse r = world.service.handle(other);

    assertThat(r.status()).as(r.body()).isEqualTo(409);
    assertThat(json(r).path("error").asText()).isEqualTo(WebhookErrors.DELIVERY_CONFLICT);
    assertThat(world.sfn.started).hasSize(1);
  }

  @Test
  void startFailure_thenRedelivery_startsExactlyOnce_withTheFirstInput() {
    HttpRequest push = event("/events/webhooks/github/push.json");
    world.sfn.failure =
        new RetryableStepException(WebhookErrors.START_FAILED, "Step Functions throttled");

    HttpResponse failed = world.service.handle(push);
    world.sfn.failure = null;
    world.sfn.forgetNames = true; // only the ledger may stop a second start now
    world.clock.advance(Duration.ofMinutes(7));
    HttpResponse redelivered = world.service.handle(push);
    world.clock.advance(Duration.ofMinutes(7));
    HttpResponse again = world.service.handle(push);

    assertThat(failed.status()).isEqualTo(503);
    assertThat(redelivered.status()).as(redelivered.body()).isEqualTo(202);
    assertThat(again.status()).as(again.body()).isEqualTo(200);
    assertThat(world.sfn.started).hasSize(1);
    // the retried StartExecution is byte for byte the first one: Step Functions' own idempotency
    // (same name, same input) applies even when two of them race
    assertThat(world.sfn.inputs).hasSize(2);
    assertThat(world.sfn.inputs.get(1)).isEqualTo(world.sfn.inputs.get(0));
    String record =
        world.store.list("webhooks/payloads/github/").stream().findFirst().orElseThrow();
    assertThat(Fakes.read(world.store.get(record).text()).path("state").asText())
        .isEqualTo("started");
  }

  @Test
  void concurrentCopiesOfOneDelivery_startOneExecution() throws Exception {
    HttpRequest push = event("/events/webhooks/github/push.json");
    int copies = 16;
    var pool = java.util.concurrent.Executors.newFixedThreadPool(copies);
    var ready = new java.util.concurrent.CountDownLatch(copies);
    try {
      List<java.util.concurrent.Future<HttpResponse>> answers = new ArrayList<>();
      for (int i = 0; i < copies; i++) {
        answers.add(
            pool.submit(
                () -> {
                  ready.countDown();
                  ready.await();
                  return world.service.handle(push);
                }));
      }
      List<Integer> statuses = new ArrayList<>();
      for (var a : answers) {
        statuses.add(a.get().status());
      }
      assertThat(statuses).containsOnly(202, 200).contains(202);
    } finally {
      pool.shutdownNow();
    }
    assertThat(world.sfn.started).hasSize(1);
    assertThat(world.store.list("webhooks/payloads/")).hasSize(1);
  }

  @Test
  void deliveryRecords_areKeptUnderTheDocumentedKeys() {
    HttpRequest push = event("/events/webhooks/github/push.json");
    world.service.handle(push);

    String id = push.header("x-github-delivery").orElseThrow();
    JsonNode binding = Fakes.read(world.store.get(Keys.delivery("github", id)).text());
    String sha = DeliveryLedger.sha256(push.body());
    assertThat(binding.path("sha256").asText()).isEqualTo(sha);
    JsonNode record = Fakes.read(world.store.get(Keys.deliveredPayload("github", sha)).text());
    assertThat(record.path("delivery").asText()).isEqualTo(id);
    assertThat(record.path("executionArn").asText())
        .endsWith(record.path("executionName").asText());
  }

  @Test
  void unicodeLineBreakInComponent_is400NamingTheField_andStartsNothing() {
    HttpRequest build = event("/events/webhooks/build/build-success.json");
    HttpRequest hostile =
        resigned(build, edited(build, b -> b.put("component", HOSTILE_COMPONENT)).body());
    HttpRequest jenkins = event("/events/webhooks/jenkins/finalized-success-signed.json");
    HttpRequest hostileJenkins =
        resigned(
            jenkins,
            edited(
                    jenkins,
                    b ->
                        ((ObjectNode) b.path("build").path("parameters"))
                            .put("COMPONENT", HOSTILE_COMPONENT))
                .body());

    HttpResponse r = world.service.handle(hostile);
    HttpResponse j = world.service.handle(hostileJenkins);

    assertThat(r.status()).as(r.body()).isEqualTo(400);
    assertThat(json(r).path("message").asText())
        .contains("field 'component'")
        .contains("U+2028")
        .doesNotContain("ClusterRoleBinding");
    assertThat(j.status()).as(j.body()).isEqualTo(400);
    assertThat(json(j).path("message").asText())
        .contains("parameter COMPONENT")
        .doesNotContain("ClusterRoleBinding");
    assertThat(world.sfn.calls).isEmpty();
    assertThat(world.store.list("webhooks/")).isEmpty();
  }

  @Test
  void theLastCheckBeforeAStart_coversEveryTextOfTheRelease_configuredValuesIncluded() {
    ReleaseRequest clean =
        new ReleaseRequest(
            "checkout",
            "stg",
            "https://github.com/acme/checkout",
            "main",
            "142",
            "9f2c1e4",
            "CHK-1",
            "checkout-api",
            new ReleaseRequest.Images("repo/checkout:142", null),
            false,
            false,
            0,
            new ReleaseRequest.Trigger("build", "build", "ci-1", null, Fakes.EVENTS_TIME),
            null);
    ReleaseRequest hostile =
        new ReleaseRequest(
            clean.app(),
            clean.environment(),
            clean.gitRepo(),
            clean.gitBranch(),
            clean.buildNum(),
            clean.commit(),
            clean.ticket(),
            clean.component(),
            new ReleaseRequest.Images("repo/checkout:142", "repo/build:142\u2029"),
            false,
            false,
            0,
            clean.trigger(),
            null);

    assertThat(ReleasePlanner.unsafeField(clean)).isEmpty();
    assertThat(ReleasePlanner.unsafeField(hostile))
        .hasValue(
            "the release's images.build holds a line break (U+2029) at character 15;"
                + " it must be one line of plain text");
  }

  @Test
  void everyTextFieldOfTheBuildEvent_isChecked() {
    HttpRequest build = event("/events/webhooks/build/build-success.json");
    String[] fields = {
      "app",
      "git_repo",
      "git_branch",
      "build_num",
      "commit",
      "ticket",
      "environment",
      "component",
      "url"
    };
    String[] hostile = {"\u0085", "\u2029", "\u202e", "\u0000", "\r"};
    for (String field : fields) {
      for (String bad : hostile) {
        HttpRequest r = resigned(build, edited(build, b -> b.put(field, "x" + bad + "y")).body());
        HttpResponse answer = world.service.handle(r);
        assertThat(answer.status()).as(field + ": " + answer.body()).isEqualTo(400);
        assertThat(json(answer).path("message").asText()).contains("'" + field + "'");
      }
    }
    ObjectNode images = Json.mapper().createObjectNode().put("runtime", "repo/app:1\u2028x");
    HttpResponse image =
        world.service.handle(resigned(build, edited(build, b -> b.set("images", images)).body()));
    assertThat(json(image).path("message").asText()).contains("'images.runtime'");
    assertThat(world.sfn.calls).isEmpty();
  }
}
