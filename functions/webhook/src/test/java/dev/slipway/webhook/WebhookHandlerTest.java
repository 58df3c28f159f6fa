package dev.slipway.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.webhook.Fakes.World;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The handler on the sample events in events/webhooks/, over in-memory fakes. */
class WebhookHandlerTest {
  static final String CHECKOUT_SHA = "9f2c1e4b7a3d5c6e8f0a1b2c3d4e5f6a7b8c9d0e";
  final World world = new World();

  @ParameterizedTest
  @ValueSource(
      strings = {
        "events/webhooks/github/ping.json",
        "events/webhooks/github/push.json",
        "events/webhooks/github/workflow-run-completed.json",
        "events/webhooks/jenkins/started.json",
        "events/webhooks/jenkins/completed-success.json",
        "events/webhooks/jenkins/completed-failure.json",
        "events/webhooks/jenkins/completed-success-rerun.json",
        "events/approvals/approve.json"
      })
  @DisplayName("REST API (v1) sample events load as the official APIGatewayProxyRequestEvent")
  void restEvents_shouldBeRealShaped(String file) {
    APIGatewayProxyRequestEvent e = EventLoader.loadApiGatewayRestEvent(file);
    assertThat(e.getHttpMethod()).isIn("POST", "GET");
    assertThat(e.getHeaders()).isNotEmpty();
    assertThat(e.getRequestContext().getRequestId()).isNotBlank();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "events/webhooks/github/push-feature-branch.json",
        "events/webhooks/github/release-published.json",
        "events/webhooks/github/registry-package-published.json",
        "events/webhooks/jenkins/finalized-success-signed.json",
        "events/webhooks/build/build-success.json",
        "events/approvals/get.json",
        "events/approvals/reject.json"
      })
  @DisplayName("HTTP API (v2) sample events load as the official APIGatewayV2HTTPEvent")
  void httpEvents_shouldBeRealShaped(String file) {
    APIGatewayV2HTTPEvent e = EventLoader.loadApiGatewayHttpEvent(file);
    assertThat(e.getVersion()).isEqualTo("2.0");
    assertThat(e.getRequestContext().getHttp().getMethod()).isIn("POST", "GET");
  }

  @Test
  void ping_shouldAnswerPong_withoutStartingAnything() {
    JsonNode r = world.invoke("/events/webhooks/github/ping.json");

    assertThat(r.path("statusCode").asInt()).isEqualTo(200);
    assertThat(Fakes.body(r).path("status").asText()).isEqualTo("pong");
    assertThat(world.sfn.calls).isEmpty();
  }

  @Test
  void push_shouldStartARelease_withTheSeedParameters_whenTheBranchIsAReleaseBranch() {
    JsonNode r = world.invoke("/events/webhooks/github/push.json");

    assertThat(r.path("statusCode").asInt()).isEqualTo(202);
    assertThat(r.path("headers").path("Content-Type").asText()).isEqualTo("application/json");
    JsonNode body = Fakes.body(r);
    assertThat(body.path("status").asText()).isEqualTo("started");
    assertThat(body.path("executionArn").asText())
        .startsWith(
            "arn:aws:states:us-east-1:123456789012:execution:slipway-release:storefront-dev-");
    JsonNode input = world.sfn.onlyInput();
    assertThat(input.path("app").asText()).isEqualTo("storefront");
    assertThat(input.path("environment").asText()).isEqualTo("dev");
    assertThat(input.path("git_repo").asText()).isEqualTo("https://github.com/acme/storefront");
    assertThat(input.path("git_branch").asText()).isEqualTo("main");
    assertThat(input.path("commit").asText()).isEqualTo("e83c5163316f89bfbde7d9ab23ca2e25604af290");
    assertThat(input.path("build_num").asText()).isEqualTo("e83c5163316f");
    assertThat(input.path("ticket").asText()).isEqualTo("SHOP-481");
    assertThat(input.path("component").asText()).isEqualTo("storefront");
    assertThat(input.path("images").path("runtime").asText())
        .isEqualTo("ghcr.io/acme/storefront:e83c5163316f89bfbde7d9ab23ca2e25604af290");
    assertThat(input.path("trigger").path("source").asText()).isEqualTo("github");
    assertThat(input.path("trigger").path("delivery").asText()).isNotBlank();
    assertThat(world.lastLog().path("decision").asText()).isEqualTo("started");
  }

  @Test
  void push_shouldBeIgnoredWithAReason_whenTheBranchIsNotAReleaseBranch() {
    JsonNode r = world.invoke("/events/webhooks/github/push-feature-branch.json");

    assertThat(r.path("statusCode").asInt()).isEqualTo(200);
    assertThat(Fakes.body(r).path("reason").asText())
        .isEqualTo(
            "branch feature/basket-estimates is not a release branch of storefront"
                + " (releaseBranches: main)");
    assertThat(world.sfn.calls).isEmpty();
  }

  @Test
  void release_shouldStartAProdReleaseOfTheTag() {
    JsonNode r = world.invoke("/events/webhooks/github/release-published.json");

    assertThat(r.path("statusCode").asInt()).isEqualTo(202);
    JsonNode input = world.sfn.onlyInput();
    assertThat(input.path("app").asText()).isEqualTo("catalog");
    assertThat(input.path("environment").asText()).isEqualTo("prod");
    assertThat(input.path("build_num").asText()).isEqualTo("v3.2.0");
    assertThat(input.path("ticket").asText()).isEqualTo("CAT-77");
    assertThat(input.path("commit").isNull()).isTrue();
  }

  @Test
  void workflowRun_shouldStartARelease_withTheRunNumberAsBuild() {
    JsonNode r = world.invoke("/events/webhooks/github/workflow-run-completed.json");

    assertThat(r.path("statusCode").asInt()).isEqualTo(202);
    JsonNode input = world.sfn.onlyInput();
    assertThat(input.path("app").asText()).isEqualTo("catalog");
    assertThat(input.path("environment").asText()).isEqualTo("dev");
    assertThat(input.path("build_num").asText()).isEqualTo("318");
    assertThat(input.path("ticket").asText()).isEqualTo("CAT-75");
    assertThat(input.path("images").path("runtime").asText())
        .isEqualTo("ghcr.io/acme/catalog:4b825dc642cb6eb9a060e54bf8d69288fbee4904");
  }

  @Test
  void registryPackage_shouldStartARelease_ofTheImageJustPublished_fromABase64Body() {
    JsonNode r = world.invoke("/events/webhooks/github/registry-package-published.json");

    assertThat(r.path("statusCode").asInt()).isEqualTo(202);
    JsonNode input = world.sfn.onlyInput();
    assertThat(input.path("app").asText()).isEqualTo("checkout");
    assertThat(input.path("environment").asText()).isEqualTo("stg");
    assertThat(input.path("build_num").asText()).isEqualTo("142");
    assertThat(input.path("commit").asText()).isEqualTo(CHECKOUT_SHA);
    assertThat(input.path("images").path("runtime").asText())
        .isEqualTo("ghcr.io/acme/checkout:142");
    assertThat(input.path("images").path("build").asText())
        .isEqualTo("123456789012.dkr.ecr.us-east-1.amazonaws.com/checkout-build:142");
    assertThat(input.path("component").asText()).isEqualTo("checkout-api");
  }

  @Test
  void jenkins_shouldStartARelease_whenTheBuildCompletedWithSuccess() {
    JsonNode r = world.invoke("/events/webhooks/jenkins/completed-success.json");

    assertThat(r.path("statusCode").asInt()).isEqualTo(202);
    JsonNode input = world.sfn.onlyInput();
    assertThat(input.path("app").asText()).isEqualTo("checkout");
    assertThat(input.path("environment").asText()).isEqualTo("stg");
    assertThat(input.path("git_branch").asText()).isEqualTo("main");
    assertThat(input.path("build_num").asText()).isEqualTo("142");
    assertThat(input.path("ticket").asText()).isEqualTo("CHK-1207");
    assertThat(input.path("skip_static_sync").asBoolean()).isTrue();
    assertThat(input.path("skip_canary").asBoolean()).isFalse();
    assertThat(input.path("images").path("runtime").asText())
        .isEqualTo("123456789012.dkr.ecr.us-east-1.amazonaws.com/checkout:142");
    assertThat(input.path("trigger").path("url").asText())
        .isEqualTo("https://jenkins.acme.example/job/checkout/142/");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/events/webhooks/jenkins/started.json",
        "/events/webhooks/jenkins/completed-failure.json"
      })
  void jenkins_shouldStartNothing_whenTheBuildIsNotDoneOrFailed(String event) {
    JsonNode r = world.invoke(event);

    assertThat(r.path("statusCode").asInt()).isEqualTo(200);
    assertThat(Fakes.body(r).path("reason").asText()).containsPattern("is STARTED|ended FAILURE");
    assertThat(world.sfn.calls).isEmpty();
  }

  @Test
  void build_shouldStartARelease_withTheImagesAndSkipsItWasSent() {
    JsonNode r = world.invoke("/events/webhooks/build/build-success.json");

    assertThat(r.path("statusCode").asInt()).isEqualTo(202);
    JsonNode input = world.sfn.onlyInput();
    assertThat(input.path("environment").asText()).isEqualTo("stg");
    assertThat(input.path("git_branch").asText()).isEqualTo("release/2.4");
    assertThat(input.path("build_num").asText()).isEqualTo("2.4.7");
    assertThat(input.path("skip_canary").asBoolean()).isTrue();
    assertThat(input.path("ticket").asText()).isEqualTo("CHK-1211");
    assertThat(input.path("images").path("build").asText()).endsWith("checkout-build:2.4.7");
    assertThat(input.path("trigger").path("delivery").asText()).isEqualTo("ci-2041");
  }

  @Test
  void build_shouldBeUnauthorized_whenTheTimestampIsOutsideTheReplayWindow() {
    world.clock.advance(java.time.Duration.ofMinutes(6));
    JsonNode r = world.invoke("/events/webhooks/build/build-success.json");

    assertThat(r.path("statusCode").asInt()).isEqualTo(401);
    assertThat(Fakes.body(r).has("message")).isFalse();
    assertThat(world.lastLog().path("reason").asText()).contains("outside the 5-minute window");
    assertThat(world.sfn.calls).isEmpty();
  }

  @Test
  void everyRequest_shouldLogOneLine_withoutSecretsOrBodies() {
    world.storeApproval();
    world.invoke("/events/webhooks/github/push.json");
    world.invoke("/events/webhooks/jenkins/completed-failure.json");
    world.invoke("/events/approvals/get.json");

    assertThat(world.log).hasSize(3);
    assertThat(String.join("\n", world.log))
        .doesNotContain(Fakes.SECRET)
        .doesNotContain("SHOP-481 Show delivery")
        .doesNotContain("AQCEAAAAKgAAAAMAAAAAAAAAAeMFbd0");
    assertThat(world.lastLog().path("decision").asText()).isEqualTo("shown");
  }
}
