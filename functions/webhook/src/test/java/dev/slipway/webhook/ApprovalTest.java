package dev.slipway.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.approvals.ApprovalLinks;
import dev.slipway.model.ApprovalRequest;
import dev.slipway.model.Json;
import dev.slipway.model.Principal;
import dev.slipway.model.RetryableStepException;
import dev.slipway.store.Keys;
import dev.slipway.webhook.Fakes.World;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
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
  void decision_shouldBeGone_whenTheExecutionNoLongerWaits_andStayRecorded() throws Exception {
    world.storeApproval();
    world.sfn.liveTokens.clear();
    JsonNode r = world.invoke("/events/approvals/approve.json");

    assertThat(r.path("statusCode").asInt()).isEqualTo(410);
    assertThat(Fakes.body(r).path("error").asText()).isEqualTo("Slipway.Approval.Expired");
    assertThat(Fakes.body(r).path("message").asText()).contains("the decision is recorded");
    ApprovalRequest after = stored();
    assertThat(after.pending()).isFalse();
    assertThat(after.decision().by()).isEqualTo("mona@acme.example");
    assertThat(after.decision().delivery()).isEqualTo(ApprovalRequest.Decision.GONE);
    // the same decision again answers the same, without another callback; another one is 409
    assertThat(world.invoke("/events/approvals/approve.json").path("statusCode").asInt())
        .isEqualTo(410);
    assertThat(world.invoke("/events/approvals/reject.json").path("statusCode").asInt())
        .isEqualTo(409);
    assertThat(world.sfn.calls).hasSize(1);
  }

  @Test
  void decision_shouldStayRecorded_whenStepFunctionsIsDown_andBeSentWhenTheSameCallerRetries()
      throws Exception {
    world.storeApproval();
    world.sfn.failure = new RetryableStepException(WebhookErrors.START_FAILED, "down");
    JsonNode r = world.invoke("/events/approvals/approve.json");

    assertThat(r.path("statusCode").asInt()).isEqualTo(503);
    assertThat(Fakes.body(r).path("message").asText())
        .contains("the decision is recorded")
        .contains("send the same decision again");
    ApprovalRequest after = stored();
    assertThat(after.decision().decision()).isEqualTo("approve");
    assertThat(after.decision().delivery()).isNull();
    JsonNode shown = Fakes.body(world.invoke("/events/approvals/get.json"));
    assertThat(shown.path("status").asText()).isEqualTo("approved");
    assertThat(shown.path("delivery").asText()).isEqualTo("pending");

    // someone else cannot take over the recorded decision, even while it is undelivered
    world.sfn.failure = null;
    assertThat(world.invoke("/events/approvals/reject.json").path("statusCode").asInt())
        .isEqualTo(409);
    JsonNode retried = world.invoke("/events/approvals/approve.json");

    assertThat(retried.path("statusCode").asInt()).isEqualTo(200);
    assertThat(Fakes.body(retried).path("delivery").asText()).isEqualTo("sent");
    assertThat(stored().decision().delivery()).isEqualTo(ApprovalRequest.Decision.SENT);
    assertThat(stored().decision().at()).isEqualTo(after.decision().at());
    assertThat(world.sfn.calls).hasSize(2).allMatch(c -> c.startsWith("success:"));
  }

  @Test
  void sameDecisionAgain_afterItWasSent_shouldAnswer200_withoutASecondCallback() throws Exception {
    world.storeApproval();
    world.invoke("/events/approvals/approve.json");
    JsonNode again = world.invoke("/events/approvals/approve.json");

    assertThat(again.path("statusCode").asInt()).isEqualTo(200);
    assertThat(Fakes.body(again).path("status").asText()).isEqualTo("approved");
    assertThat(world.sfn.calls).hasSize(1);
  }

  @Test
  void concurrentDecisions_shouldHaveExactlyOneWinner_andNeverReadPendingAfterwards()
      throws Exception {
    world.storeApproval();
    int n = 50;
    List<Integer> statuses =
        ConcurrentDecisions.post(
            n, i -> world.invokeRaw(ConcurrentDecisions.event(i)).path("statusCode").asInt());

    assertThat(statuses.stream().filter(s -> s == 200)).hasSize(1);
    assertThat(statuses.stream().filter(s -> s == 409)).hasSize(n - 1);
    int winner = statuses.indexOf(200);
    ApprovalRequest after = stored();
    assertThat(after.decision().by()).isEqualTo(ConcurrentDecisions.by(winner));
    assertThat(after.decision().decision()).isEqualTo(ConcurrentDecisions.decision(winner));
    assertThat(after.decision().delivery()).isEqualTo(ApprovalRequest.Decision.SENT);
    assertThat(world.sfn.calls).hasSize(1);
    assertThat(Fakes.body(world.invoke("/events/approvals/get.json")).path("status").asText())
        .isNotEqualTo("pending");
  }

  @Test
  void verifiedPrincipal_shouldBeRecordedBesideTheSelfDeclaredBy_restApiCognito() throws Exception {
    world.storeApproval();
    JsonNode r = world.invoke("/events/approvals/approve-cognito.json");

    assertThat(r.path("statusCode").asInt()).as(r.toString()).isEqualTo(200);
    ApprovalRequest after = stored();
    assertThat(after.decision().by()).isEqualTo("mona@acme.example");
    assertThat(after.decision().decidedBy())
        .isEqualTo(new Principal("mona@acme.example", "cognito:email"));
    assertThat(world.sfn.calls.get(0)).contains("\"decidedBy\":\"mona@acme.example\"");
    assertThat(world.lastLog().path("principal").asText()).isEqualTo("mona@acme.example");
  }

  @Test
  void verifiedPrincipal_shouldBeRecorded_httpApiJwt_andNamedInTheConflict() throws Exception {
    world.storeApproval();
    JsonNode r = world.invoke("/events/approvals/reject-jwt.json");

    assertThat(r.path("statusCode").asInt()).as(r.toString()).isEqualTo(200);
    ApprovalRequest after = stored();
    // the body claims to be someone else: both are kept, the verified one is what counts
    assertThat(after.decision().by()).isEqualTo("lee@acme.example");
    assertThat(after.decision().decidedBy())
        .isEqualTo(new Principal("ops-lead@acme.example", "jwt:email"));
    assertThat(world.sfn.calls)
        .containsExactly(
            "failure:Slipway.Approval.Rejected:rejected by ops-lead@acme.example: wrong config for CHF");
    JsonNode second = world.invoke("/events/approvals/approve.json");
    assertThat(second.path("statusCode").asInt()).isEqualTo(409);
    assertThat(Fakes.body(second).path("message").asText())
        .contains("rejected by ops-lead@acme.example");
  }

  @Test
  void principals_shouldBeReadFromEachAuthorizerShape() {
    ObjectNode rest = Json.mapper().createObjectNode();
    rest.putObject("requestContext")
        .putObject("identity")
        .put("userArn", "arn:aws:iam::123456789012:user/mona")
        .putNull("cognitoIdentityId");
    assertThat(Principals.of(rest, false))
        .isEqualTo(new Principal("arn:aws:iam::123456789012:user/mona", "iam"));

    ObjectNode lambda = Json.mapper().createObjectNode();
    lambda.putObject("requestContext").putObject("authorizer").put("principalId", "mona");
    assertThat(Principals.of(lambda, false))
        .isEqualTo(new Principal("mona", "authorizer:principalId"));

    ObjectNode iam = Json.mapper().createObjectNode();
    iam.putObject("requestContext")
        .putObject("authorizer")
        .putObject("iam")
        .put("userArn", "arn:aws:sts::123456789012:assumed-role/deployers/mona\n");
    assertThat(Principals.of(iam, true))
        .isEqualTo(new Principal("arn:aws:sts::123456789012:assumed-role/deployers/mona", "iam"));

    ObjectNode sub = Json.mapper().createObjectNode();
    sub.putObject("requestContext")
        .putObject("authorizer")
        .putObject("jwt")
        .putObject("claims")
        .put("sub", "0f1e2d3c\u2028x");
    assertThat(Principals.of(sub, true)).isEqualTo(new Principal("0f1e2d3c?x", "jwt:sub"));

    ObjectNode none = Json.mapper().createObjectNode();
    none.putObject("requestContext").putObject("identity").putNull("userArn");
    assertThat(Principals.of(none, false)).isNull();
    assertThat(Principals.of(none, true)).isNull();
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
                      null,
                      expired.trigger())),
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
