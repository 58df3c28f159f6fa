package dev.slipway.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.model.SlipwayException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WebhookConfigTest {
  static Map<String, String> minimal() {
    Map<String, String> env = new HashMap<>();
    env.put(
        "SLIPWAY_STATE_MACHINE_ARN",
        "arn:aws:states:eu-west-1:123456789012:stateMachine:slipway-release");
    env.put("SLIPWAY_BUCKET", "slipway-123456789012");
    env.put("AWS_REGION", "eu-west-1");
    return env;
  }

  @Test
  void from_shouldUseDefaults_inLambda() {
    WebhookConfig c = WebhookConfig.from(minimal());

    assertThat(c.secretId()).isEqualTo("slipway/webhooks");
    assertThat(c.region()).isEqualTo("eu-west-1");
    assertThat(c.sfnEndpoint()).isEmpty();
    assertThat(c.localCredentials()).isFalse();
    assertThat(c.configTtl()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void from_shouldPointEveryClientAtOneEndpoint_forLocalStack() {
    Map<String, String> env = minimal();
    env.put("SLIPWAY_AWS_ENDPOINT", "http://127.0.0.1:4566");
    env.put("SLIPWAY_SFN_ENDPOINT", "http://127.0.0.1:8083");
    WebhookConfig c = WebhookConfig.from(env);

    assertThat(c.s3Endpoint()).hasValueSatisfying(u -> assertThat(u.getPort()).isEqualTo(4566));
    assertThat(c.sfnEndpoint()).hasValueSatisfying(u -> assertThat(u.getPort()).isEqualTo(8083));
    assertThat(c.localCredentials()).isTrue();
    env.put("AWS_ACCESS_KEY_ID", "AKID");
    assertThat(WebhookConfig.from(env).localCredentials()).isFalse();
  }

  @Test
  void from_shouldNameTheMissingOrBadSetting() {
    Map<String, String> env = minimal();
    env.remove("SLIPWAY_BUCKET");
    assertThatThrownBy(() -> WebhookConfig.from(env))
        .isInstanceOfSatisfying(
            SlipwayException.class,
            e -> {
              assertThat(e.errorName()).isEqualTo("Slipway.Webhook.Misconfigured");
              assertThat(e.causeText()).contains("SLIPWAY_BUCKET");
            });
    Map<String, String> bad = minimal();
    bad.put("SLIPWAY_STATE_MACHINE_ARN", "slipway-release");
    assertThatThrownBy(() -> WebhookConfig.from(bad))
        .hasMessageContaining("not a state machine ARN");
    Map<String, String> noRegion = minimal();
    noRegion.remove("AWS_REGION");
    assertThatThrownBy(() -> WebhookConfig.from(noRegion)).hasMessageContaining("AWS_REGION");
  }
}
