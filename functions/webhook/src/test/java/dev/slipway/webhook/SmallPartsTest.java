package dev.slipway.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.awshttp.CachingSecretSource;
import dev.slipway.awshttp.MovingClock;
import dev.slipway.awshttp.SecretSource;
import dev.slipway.model.Json;
import dev.slipway.model.RetryableStepException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SmallPartsTest {

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          ABC-123 fix the thing            | ABC-123
          fix(JIRA-9): tidy                | JIRA-9
          Merge pull request #12 from x/CHK-77-retry | CHK-77
          abc-123 lower case               | ''
          UTF-8 and ISO-8859 are encodings | ''
          SHA-256 checks for OPS-12        | OPS-12
          nothing here                     | ''
          """)
  void tickets_shouldFindTheFirstIssueKey(String text, String expected) {
    String found = Tickets.find(List.of(text));
    assertThat(found == null ? "" : found).isEqualTo(expected);
  }

  @Test
  void apiGateway_shouldDecodeBothFormats_andJoinRepeatedHeaders() throws Exception {
    JsonNode v1 =
        Json.mapper()
            .readTree(
                """
                {"httpMethod":"post","path":"/webhooks/build","headers":{"Content-Type":"application/json"},
                 "multiValueHeaders":{"X-Tag":["a","b"]},"queryStringParameters":{"rerun":"2"},
                 "requestContext":{"requestId":"r1"},"body":"e30=","isBase64Encoded":true}
                """);
    HttpRequest r1 = ApiGateway.decode(v1);
    assertThat(r1.method()).isEqualTo("POST");
    assertThat(r1.header("CONTENT-TYPE")).hasValue("application/json");
    assertThat(r1.header("x-tag")).hasValue("a,b");
    assertThat(r1.queryParam("rerun")).hasValue("2");
    assertThat(r1.bodyText()).isEqualTo("{}");

    JsonNode v2 =
        Json.mapper()
            .readTree(
                """
                {"version":"2.0","rawPath":"/prod/webhooks/github","headers":{"x-a":"1"},
                 "queryStringParameters":{"rerun":"1,2"},
                 "requestContext":{"http":{"method":"POST"},"requestId":"r2"},"body":"{}","isBase64Encoded":false}
                """);
    HttpRequest r2 = ApiGateway.decode(v2);
    assertThat(r2.path()).isEqualTo("/prod/webhooks/github");
    assertThat(r2.queryParam("rerun")).hasValue("1");
    assertThat(r2.requestId()).isEqualTo("r2");
    assertThat(WebhookService.WEBHOOK.matcher(r2.path()).matches()).isTrue();

    JsonNode out = ApiGateway.encode(new HttpResponse(202, "{}"));
    assertThat(out.path("statusCode").asInt()).isEqualTo(202);
    assertThat(out.path("isBase64Encoded").asBoolean()).isFalse();
  }

  @Test
  void cachingSecrets_shouldReadOncePerTtl_andKeepTheLastValue_whenARefreshFails() {
    var clock = new MovingClock(Fakes.EVENTS_TIME);
    var source = new Fakes.MapSecrets();
    var cache = new CachingSecretSource(source, clock, Duration.ofMinutes(5));

    String first = cache.secretString(Fakes.SECRET_ID);
    cache.secretString(Fakes.SECRET_ID);
    assertThat(source.reads).isEqualTo(1);

    clock.advance(Duration.ofMinutes(6));
    SecretSource failing =
        id -> {
          throw new RetryableStepException(WebhookErrors.SECRETS_UNAVAILABLE, "down");
        };
    var cache2 =
        new CachingSecretSource(
            new SecretSource() {
              int calls;

              @Override
              public String secretString(String id) {
                return calls++ == 0 ? source.secretString(id) : failing.secretString(id);
              }
            },
            clock,
            Duration.ofMinutes(5));
    cache2.secretString(Fakes.SECRET_ID);
    clock.advance(Duration.ofMinutes(6));
    assertThat(cache2.secretString(Fakes.SECRET_ID)).isEqualTo(first);
  }

  @Test
  void priming_shouldRunThePathWithoutTouchingAws() throws Exception {
    var world = new Fakes.World();
    // the real handler's decoding (unknown path), then push, workflow_run, build, jenkins, and an
    // approval shown and approved, all through the in-memory service
    assertThat(Priming.prime(world.handler))
        .containsExactly(404, 202, 202, 202, 202, 200, 200, 200);

    assertThat(world.sfn.calls).isEmpty();
    assertThat(world.secrets.reads).isZero();
  }

  @Test
  void registerPriming_shouldKeepAStrongReference_becauseCracHoldsResourcesWeakly() {
    var world = new Fakes.World();
    world.handler.registerPriming(() -> {});
    System.gc();

    assertThat(world.handler.priming()).isNotNull();
  }

  @Test
  void handlers_shouldRegisterTheAwsPriming_onlyOverTheGraphFromTheEnvironment() {
    var env =
        Map.of(
            "SLIPWAY_STATE_MACHINE_ARN",
            "arn:aws:states:us-east-1:123456789012:stateMachine:slipway-release",
            "SLIPWAY_BUCKET",
            "slipway-bucket",
            "AWS_REGION",
            "us-east-1");
    var aws = WebhookWiring.fromEnvironment(env, Clock.systemUTC());
    var world = new Fakes.World();
    var standIns =
        new WebhookWiring(
            world.store,
            world.secrets,
            "slipway/webhooks",
            world.sfn,
            world.sfn,
            world.clock,
            l -> {});

    assertThat(aws.awsPriming()).isPresent();
    assertThat(new WebhookHandler(aws).priming()).isNotNull();
    assertThat(new ApprovalHandler(aws).priming()).isNotNull();
    assertThat(standIns.awsPriming()).isEmpty();
    assertThat(new WebhookHandler(standIns).priming()).isNull();
  }
}
