package dev.slipway.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.webhook.Fakes.World;
import org.junit.jupiter.api.Test;

/** A release is named by what it releases, so no delivery can start it twice. */
class IdempotencyTest {
  final World world = new World();

  @Test
  void sameDeliveryTwice_shouldStartOneExecution_andAnswerTheSecondWithIt() {
    JsonNode first = world.invoke("/events/webhooks/github/push.json");
    JsonNode second = world.invoke("/events/webhooks/github/push.json");

    assertThat(first.path("statusCode").asInt()).isEqualTo(202);
    assertThat(second.path("statusCode").asInt()).isEqualTo(200);
    assertThat(Fakes.body(second).path("status").asText()).isEqualTo("duplicate");
    assertThat(Fakes.body(second).path("executionArn").asText())
        .isEqualTo(Fakes.body(first).path("executionArn").asText());
    assertThat(world.sfn.executions).hasSize(1);
  }

  @Test
  void sameBuildFromJenkinsAndGitHub_shouldStartOneExecution() {
    JsonNode jenkins = world.invoke("/events/webhooks/jenkins/completed-success.json");
    JsonNode finalized = world.invoke("/events/webhooks/jenkins/finalized-success-signed.json");
    JsonNode github = world.invoke("/events/webhooks/github/registry-package-published.json");

    assertThat(jenkins.path("statusCode").asInt()).isEqualTo(202);
    assertThat(finalized.path("statusCode").asInt()).isEqualTo(200);
    assertThat(github.path("statusCode").asInt()).isEqualTo(200);
    assertThat(Fakes.body(github).path("executionName").asText())
        .isEqualTo(Fakes.body(jenkins).path("executionName").asText())
        .startsWith("checkout-stg-142-9f2c1e4-");
    assertThat(world.sfn.executions).hasSize(1);
  }

  @Test
  void explicitRerun_shouldStartANewExecution_onceForEachRerunNumber() {
    world.invoke("/events/webhooks/jenkins/completed-success.json");
    JsonNode rerun = world.invoke("/events/webhooks/jenkins/completed-success-rerun.json");
    JsonNode rerunAgain = world.invoke("/events/webhooks/jenkins/completed-success-rerun.json");

    assertThat(rerun.path("statusCode").asInt()).isEqualTo(202);
    assertThat(Fakes.body(rerun).path("executionName").asText()).contains("-r1-");
    assertThat(rerunAgain.path("statusCode").asInt()).isEqualTo(200);
    assertThat(world.sfn.executions).hasSize(2);
  }

  @Test
  void executionNames_shouldBeStableShortAndDistinct() {
    String a = ExecutionNames.of("checkout", "stg", "142", "9f2c1e4b7a", 0);
    assertThat(a).isEqualTo(ExecutionNames.of("checkout", "stg", "142", "9f2c1e4b7a", 0));
    assertThat(a).matches("checkout-stg-142-9f2c1e4-[0-9a-f]{10}");
    assertThat(ExecutionNames.of("checkout", "stg", "1.2", "abc1234", 0))
        .isNotEqualTo(ExecutionNames.of("checkout", "stg", "1-2", "abc1234", 0));
    assertThat(ExecutionNames.of("checkout", "prod", "142", "9f2c1e4b7a", 0)).isNotEqualTo(a);
    assertThat(ExecutionNames.of("checkout", "stg", "142", "9f2c1e4b7a", 1)).contains("-r1-");
    String longest =
        ExecutionNames.of("a".repeat(63), "b".repeat(63), "c".repeat(64), "d".repeat(40), 9999);
    assertThat(longest).hasSizeLessThanOrEqualTo(80).matches("[A-Za-z0-9_-]+");
  }
}
