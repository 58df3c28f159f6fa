package dev.slipway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.approvals.ApprovalLinks;
import dev.slipway.model.ApprovalRequest;
import dev.slipway.model.Json;
import dev.slipway.model.SlipwayException;
import dev.slipway.store.InMemoryArtifactStore;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ApprovalGateTest {
  private static final Instant NOW = Instant.parse("2026-11-26T21:00:00Z");
  private final InMemoryArtifactStore store = new InMemoryArtifactStore();
  private final List<String> sent = new ArrayList<>();

  private ApprovalGate gate(boolean links) {
    return new ApprovalGate(
        store,
        (subject, message) -> sent.add(message),
        Clock.fixed(NOW, ZoneOffset.UTC),
        (request, expires) ->
            links
                ? Optional.of(
                    ApprovalLinks.link(
                        "https://api.example.com/prod",
                        "approvals-key",
                        request.id(),
                        request.app(),
                        request.build(),
                        expires))
                : Optional.empty());
  }

  private static GateRequest request(String token) throws Exception {
    return request(
        token,
        "{\"created\":1,\"changed\":2,\"unchanged\":3,"
            + "\"keys\":[\"artifacts/checkout/42/diff/core-1.diff\"]}");
  }

  private static GateRequest request(String token, String diff) throws Exception {
    return new GateRequest(
        token,
        "deploy",
        "checkout",
        "42",
        "prod",
        "arn:aws:states:us-east-1:1:execution:release:checkout-prod-42",
        "checkout-prod-42",
        86_400,
        Json.mapper().readTree(diff),
        Json.mapper().readTree("{\"manifests\":[{\"cluster\":\"core-1\",\"objects\":[{},{},{}]}]}"),
        null,
        null,
        null);
  }

  @Test
  void open_shouldKeepWhoTriggeredTheRelease_eachTextOneShortLine() throws Exception {
    com.fasterxml.jackson.databind.node.ObjectNode payload =
        Json.mapper().valueToTree(request("token-7"));
    // as the state machine sends it: the plan's approval.trigger
    payload.set(
        "trigger",
        Json.mapper()
            .readTree(
                "{\"source\":\"operator\",\"event\":\"rollback\","
                    + "\"by\":\"arn:aws:sts::1:assumed-role/Operator/alice\\u2028<b>x</b>\","
                    + "\"url\":null,\"at\":\"2026-12-08T03:12:03Z\"}"));
    GateRequest r = Json.mapper().treeToValue(payload, GateRequest.class);

    GateResult result = gate(false).open(r);

    ApprovalRequest stored =
        Json.mapper().readValue(store.get(result.key()).body(), ApprovalRequest.class);
    assertThat(stored.trigger().source()).isEqualTo("operator");
    assertThat(stored.trigger().event()).isEqualTo("rollback");
    // the line separator is a line break to YAML and to mail: gone
    assertThat(stored.trigger().by())
        .isEqualTo("arn:aws:sts::1:assumed-role/Operator/alice <b>x</b>");
    assertThat(stored.trigger().at()).isEqualTo(Instant.parse("2026-12-08T03:12:03Z"));
  }

  @Test
  void open_shouldWriteTheRequestWithTokenChecksAndSignedLink_andNotify() throws Exception {
    GateResult result = gate(true).open(request("token-123"));

    assertThat(result.key())
        .isEqualTo("artifacts/checkout/42/approvals/checkout-prod-42-deploy.json");
    ApprovalRequest stored =
        Json.mapper().readValue(store.get(result.key()).body(), ApprovalRequest.class);
    assertThat(stored.taskToken()).isEqualTo("token-123");
    assertThat(stored.pending()).isTrue();
    assertThat(stored.expiresAt()).isEqualTo(NOW.plusSeconds(86_400));
    assertThat(stored.diff().changed()).isEqualTo(2);
    assertThat(stored.checks())
        .extracting(ApprovalRequest.Check::name)
        .containsExactly("manifests-valid", "clusters-reachable", "diff");
    assertThat(stored.checks().get(0).detail())
        .isEqualTo("3 objects rendered and validated for 1 clusters");
    assertThat(stored.links().get("approve or reject"))
        .startsWith("https://api.example.com/prod/approvals/checkout-prod-42-deploy?app=checkout")
        .isEqualTo(result.link());
    assertThat(stored.links()).containsKey("execution");
    assertThat(sent)
        .singleElement()
        .asString()
        .contains("approve or reject: https://api.example.com")
        .doesNotContain("token-123");
  }

  @Test
  void open_shouldWarnTheApprover_whenObjectsAreLeftInTheClusters() throws Exception {
    GateResult result =
        gate(true)
            .open(
                request(
                    "token-123",
                    "{\"created\":0,\"changed\":1,\"unchanged\":3,\"left\":2,"
                        + "\"keys\":[\"artifacts/checkout/42/diff/core-1.diff\"]}"));

    ApprovalRequest stored =
        Json.mapper().readValue(store.get(result.key()).body(), ApprovalRequest.class);
    assertThat(stored.diff().left()).isEqualTo(2);
    ApprovalRequest.Check diff = stored.checks().get(2);
    assertThat(diff.status()).isEqualTo("WARN");
    assertThat(diff.detail())
        .isEqualTo(
            "0 created, 1 changed, 3 unchanged, 2 no longer rendered but left running (Slipway"
                + " deletes nothing; the diff names them)");
  }

  @Test
  void open_shouldStillOpenTheGate_withoutALink_whenNoApiIsConfigured() throws Exception {
    GateResult result = gate(false).open(request("token-123"));
    assertThat(result.link()).isNull();
    assertThat(store.find(result.key())).isPresent();
  }

  @Test
  void open_shouldRefuse_whenTheStateSentNoToken() {
    assertThatThrownBy(() -> gate(true).open(request(" ")))
        .isInstanceOf(SlipwayException.class)
        .hasMessageStartingWith("Slipway.Approval.InvalidInput");
  }

  @Test
  void open_shouldListEachGateClustersVerdict_whenTheCanaryWasMarginal() throws Exception {
    // the canary state's output, as the Marginal gate's payload carries it
    var canary =
        Json.mapper()
            .readTree(
                """
                {"verdict": "Marginal", "score": 80.0, "clusterCount": 2,
                 "summary": "Marginal — 1 of 2 gate clusters passed: core-2 Marginal (score 80.0)",
                 "reportKey": "artifacts/checkout/42/canary/core.html",
                 "clusters": [{"cluster": "core-1", "verdict": "Pass", "score": 100.0},
                              {"cluster": "core-2", "verdict": "Marginal", "score": 80.0}]}
                """);
    GateRequest r =
        new GateRequest(
            "token-9",
            "canary-marginal",
            "checkout",
            "42",
            "prod",
            "arn:aws:states:us-east-1:1:execution:release:checkout-prod-42",
            "checkout-prod-42",
            3600,
            null,
            null,
            canary,
            null,
            null);

    GateResult result = gate(false).open(r);

    ApprovalRequest stored =
        Json.mapper().readValue(store.get(result.key()).body(), ApprovalRequest.class);
    assertThat(stored.checks())
        .extracting(
            ApprovalRequest.Check::name,
            ApprovalRequest.Check::status,
            ApprovalRequest.Check::detail)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("canary", "WARN", canary.path("summary").asText()),
            org.assertj.core.groups.Tuple.tuple("canary-core-1", "PASS", "Pass, score 100.0"),
            org.assertj.core.groups.Tuple.tuple("canary-core-2", "WARN", "Marginal, score 80.0"));
    assertThat(sent).singleElement().asString().contains("check canary-core-2: WARN");
  }
}
