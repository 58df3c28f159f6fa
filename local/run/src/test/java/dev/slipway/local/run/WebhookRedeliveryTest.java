package dev.slipway.local.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.local.executor.ExecutionStatus;
import dev.slipway.model.Json;
import dev.slipway.webhook.WebhookHandler;
import dev.slipway.webhook.WebhookWiring;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The webhook on the local executor: a redelivered build event starts one release. */
class WebhookRedeliveryTest {
  static final String SECRET = "slipway-test-secret";
  static final String SECRET_ID = "slipway/webhooks";

  @Test
  @DisplayName("a redelivered webhook starts one execution and answers the second with it")
  void redelivery_shouldStartOneExecution() throws Exception {
    try (var run =
            ReleaseRun.prepare(
                RunOptions.demo(ReleaseScenarioTest.EVENTS, Scenario.HEALTHY),
                ReleaseScenarioTest.ASL,
                ReleaseScenarioTest.START,
                null);
        var starter = new LocalExecutionStarter(run.executor(), run.definition())) {
      var env = run.environment();
      var handler =
          new WebhookHandler(
              new WebhookWiring(
                  env.store(),
                  id -> "{\"build\":\"" + SECRET + "\"}",
                  SECRET_ID,
                  starter,
                  new LocalTaskCallbacks(run.executor().taskTokens()),
                  env.clock(),
                  line -> {}));
      byte[] event = buildEvent(env.clock().instant().getEpochSecond());

      JsonNode first = invoke(handler, event);
      JsonNode second = invoke(handler, event);

      assertThat(first.path("statusCode").asInt()).as(first.toString()).isEqualTo(202);
      assertThat(second.path("statusCode").asInt()).as(second.toString()).isEqualTo(200);
      JsonNode firstBody = Json.mapper().readTree(first.path("body").asText());
      JsonNode secondBody = Json.mapper().readTree(second.path("body").asText());
      assertThat(secondBody.path("status").asText()).isEqualTo("duplicate");
      assertThat(secondBody.path("executionArn").asText())
          .isEqualTo(firstBody.path("executionArn").asText());
      assertThat(starter.count()).isEqualTo(1);
      var execution = starter.execution(firstBody.path("executionName").asText());
      // the release ran up to its manual gate: one approval request in the bucket
      assertThat(execution.status()).isEqualTo(ExecutionStatus.RUNNING);
      assertThat(execution.waitingForTaskToken()).isTrue();
      assertThat(env.store().list("artifacts/checkout/105/"))
          .filteredOn(k -> k.contains("/approvals/"))
          .hasSize(1);
      execution.stop("Test.Done", "the test ends the release at its gate");
    }
  }

  static byte[] buildEvent(long timestamp) throws Exception {
    ObjectNode build = Json.mapper().createObjectNode();
    build.put("app", "checkout");
    build.put("git_repo", "https://github.com/acme/checkout");
    build.put("git_branch", "main");
    build.put("build_num", "105");
    build.put("commit", "5e1f0a9b8c7d6e5f4a3b2c4b1d0e9c2f7a8b3c5d");
    build.put("status", "success");
    build.put("message", "CHK-105 checkout: faster cart totals");
    build.putObject("images").put("runtime", "registry.example.com/acme/checkout:105");
    build.put("url", "https://ci.example.com/job/checkout/105/");
    String body = build.toString();
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    String signature =
        "sha256="
            + HexFormat.of()
                .formatHex(mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
    ObjectNode event = Json.mapper().createObjectNode();
    event.put("version", "2.0");
    event.put("routeKey", "POST /webhooks/build");
    event.put("rawPath", "/webhooks/build");
    event.put("rawQueryString", "");
    ObjectNode headers = event.putObject("headers");
    headers.put("content-type", "application/json");
    headers.put("x-slipway-timestamp", Long.toString(timestamp));
    headers.put("x-slipway-delivery", "ci-105");
    headers.put("x-slipway-signature-256", signature);
    ObjectNode http = event.putObject("requestContext").putObject("http");
    http.put("method", "POST");
    http.put("path", "/webhooks/build");
    http.put("sourceIp", "127.0.0.1");
    event.put("body", body);
    event.put("isBase64Encoded", false);
    return event.toString().getBytes(StandardCharsets.UTF_8);
  }

  static JsonNode invoke(WebhookHandler handler, byte[] event) throws Exception {
    var out = new ByteArrayOutputStream();
    handler.handleRequest(new ByteArrayInputStream(event), out, null);
    return Json.mapper().readTree(out.toByteArray());
  }
}
