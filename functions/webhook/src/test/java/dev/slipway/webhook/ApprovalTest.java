package dev.slipway.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.model.ApprovalRequest;
import dev.slipway.model.Json;
import dev.slipway.model.RetryableStepException;
import dev.slipway.store.Keys;
import dev.slipway.webhook.Fakes.World;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ApprovalTest {
  static final String KEY = Keys.approval("checkout", "142", "stg-deploy");
  final World world = new World();

  ApprovalRequest stored() throws Exception {
    return Json.mapper().readValue(world.store.get(KEY).body(), ApprovalRequest.class);
  }

  @Test
  void get_shouldShowTheRequestWithoutItsTaskToken() {
    world.storeApproval();
    JsonNode r = world.invoke("/events/approvals/get.json");

    assertThat(r.path("statusCode").asInt()).isEqualTo(200);
    JsonNode body = Fakes.body(r);
    assertThat(body.has("taskToken")).isFalse();
    assertThat(r.path("body").asText()).doesNotContain("AQCEAAAAKgAAAAMAAAAAAAAAAeMFbd0");
    assertThat(body.path("status").asText()).isEqualTo("pending");
    assertThat(body.path("diff").path("changed").asInt()).isEqualTo(2);
    assertThat(body.path("checks").get(0).path("name").asText()).isEqualTo("manifests-valid");
    assertThat(body.path("executionArn").asText()).contains(":execution:slipway-release:");
  }

  @Test
  void approve_shouldSendTaskSuccess_andRecordWhoApproved() throws Exception {
    world.storeApproval();
    JsonNode r = world.invoke("/events/approvals/approve.json");

    assertThat(r.path("statusCode").asInt()).isEqualTo(200);
    assertThat(Fakes.body(r).path("status").asText()).isEqualTo("approved");
    assertThat(world.sfn.calls)
        .singleElement()
        .asString()
        .startsWith("success:")
        .contains("mona@acme.example");
    ApprovalRequest after = stored();
    assertThat(after.decision().by()).isEqualTo("mona@acme.example");
    assertThat(after.decision().comment()).isEqualTo("diff reviewed");
    assertThat(after.decision().at()).isEqualTo(Fakes.EVENTS_TIME);
    assertThat(after.taskToken()).startsWith("AQCE");
  }

  @Test
  void reject_shouldSendTaskFailure_withTheRejectionAsCause() {
    world.storeApproval();
    JsonNode r = world.invoke("/events/approvals/reject.json");

    assertThat(r.path("statusCode").asInt()).isEqualTo(200);
    assertThat(world.sfn.calls)
        .containsExactly(
            "failure:Slipway.Approval.Rejected:rejected by lee@acme.example: wrong config for CHF");
  }

  @Test
  void secondDecision_shouldBeAConflict_namingTheFirst() {
    world.storeApproval();
    world.invoke("/events/approvals/approve.json");
    JsonNode r = world.invoke("/events/approvals/reject.json");

    assertThat(r.path("statusCode").asInt()).isEqualTo(409);
    assertThat(Fakes.body(r).path("error").asText()).isEqualTo("Slipway.Approval.AlreadyDecided");
    assertThat(Fakes.body(r).path("message").asText()).contains("approved by mona@acme.example");
    assertThat(world.sfn.calls).hasSize(1);
  }

  @Test
  void decision_shouldBeGone_whenTheExecutionNoLongerWaits_andTheRequestStaysPending()
      throws Exception {
    world.storeApproval();
    world.sfn.liveTokens.clear();
    JsonNode r = world.invoke("/events/approvals/approve.json");

    assertThat(r.path("statusCode").asInt()).isEqualTo(410);
    assertThat(Fakes.body(r).path("error").asText()).isEqualTo("Slipway.Approval.Expired");
    assertThat(stored().pending()).isTrue();
  }

  @Test
  void decision_shouldBeRetryable_whenStepFunctionsIsDown_andTheRequestStaysPending()
      throws Exception {
    world.storeApproval();
    world.sfn.failure = new RetryableStepException(WebhookErrors.START_FAILED, "down");
    JsonNode r = world.invoke("/events/approvals/approve.json");

    assertThat(r.path("statusCode").asInt()).isEqualTo(503);
    assertThat(stored().pending()).isTrue();
  }

  @Test
  void decision_shouldBeGone_afterTheGateExpired() {
    world.storeApproval();
    ApprovalRequest expired;
    try {
      expired = Json.mapper().readValue(world.store.get(KEY).body(), ApprovalRequest.class);
      world.store.put(
          KEY,
          Json.mapper()
              .writeValueAsBytes(
                  new ApprovalRequest(
                      expired.id(),
                      expired.app(),
                      expired.build(),
                      expired.environment(),
                      expired.gate(),
                      expired.executionArn(),
                      expired.taskToken(),
                      expired.diff(),
                      expired.checks(),
                      expired.links(),
                      expired.createdAt(),
                      Instant.parse("2026-11-27T12:00:00Z"),
                      null)),
          "application/json");
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    world.clock.set(Instant.parse("2026-11-27T13:00:00Z")); // link still valid, gate expired
    JsonNode r = world.invoke("/events/approvals/approve.json");

    assertThat(r.path("statusCode").asInt()).isEqualTo(410);
    assertThat(Fakes.body(r).path("message").asText()).contains("expired at 2026-11-27T12:00:00Z");
    assertThat(world.sfn.calls).isEmpty();
  }

  @Test
  void link_shouldBeUnauthorized_whenTheSignatureIsWrongOrTheLinkExpired() {
    world.storeApproval();
    ObjectNode event =
        (ObjectNode)
            Fakes.read(
                new String(Fakes.resource("/events/approvals/get.json"), StandardCharsets.UTF_8));
    ((ObjectNode) event.path("queryStringParameters")).put("build", "143");
    JsonNode tampered = world.invokeRaw(event.toString().getBytes(StandardCharsets.UTF_8));
    assertThat(tampered.path("statusCode").asInt()).isEqualTo(401);
    assertThat(Fakes.body(tampered).has("message")).isFalse();

    world.clock.set(Instant.parse("2026-11-28T01:05:00Z"));
    JsonNode late = world.invoke("/events/approvals/get.json");
    assertThat(late.path("statusCode").asInt()).isEqualTo(401);
    assertThat(Fakes.body(late).path("message").asText()).contains("expired");
  }

  @Test
  void approvalLinks_shouldSignWhatTheEndpointAccepts() {
    String link =
        ApprovalLinks.link(
            "https://abc123.execute-api.us-east-1.amazonaws.com/",
            Fakes.SECRET,
            "stg-deploy",
            "checkout",
            "142",
            Instant.parse("2026-11-28T01:05:00Z"));
    JsonNode get =
        Fakes.read(
            new String(Fakes.resource("/events/approvals/get.json"), StandardCharsets.UTF_8));
    assertThat(link)
        .isEqualTo(
            "https://abc123.execute-api.us-east-1.amazonaws.com/approvals/stg-deploy?app=checkout&build=142&expires=1795827900&sig="
                + get.path("queryStringParameters").path("sig").asText());
  }

  @Test
  void unknownApproval_shouldBeNotFound() {
    JsonNode r = world.invoke("/events/approvals/get.json");

    assertThat(r.path("statusCode").asInt()).isEqualTo(404);
    assertThat(Fakes.body(r).path("error").asText()).isEqualTo("Slipway.Approval.NotFound");
  }

  @Test
  void unreadableApprovalRequest_shouldBe503_withItsOwnName() {
    world.store.put(KEY, "{\"id\": [1]}".getBytes(StandardCharsets.UTF_8), "application/json");
    JsonNode r = world.invoke("/events/approvals/get.json");

    assertThat(r.path("statusCode").asInt()).isEqualTo(503);
    assertThat(Fakes.body(r).path("error").asText()).isEqualTo("Slipway.Approval.Unreadable");
  }
}
