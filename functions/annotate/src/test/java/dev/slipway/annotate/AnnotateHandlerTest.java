package dev.slipway.annotate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.awshttp.HttpFake;
import dev.slipway.local.embedded.GrafanaRecorder;
import dev.slipway.model.Json;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AnnotateHandlerTest {

  @Test
  void handleRequest_shouldAnnotateTheStartEvent_withConfigFromTheEnvironment() throws Exception {
    try (var grafana = GrafanaRecorder.start(null)) {
      var handler =
          new AnnotateHandler(
              AnnotateWiring.fromEnvironment(
                  Map.of("SLIPWAY_GRAFANA_URL", grafana.url().toString()), Clock.systemUTC()));
      var out = new ByteArrayOutputStream();
      try (InputStream in = Files.newInputStream(Path.of("../../events/annotate/start.json"))) {
        handler.handleRequest(in, out, null);
      }
      var result = Json.mapper().readValue(out.toByteArray(), AnnotateResult.class);
      assertThat(result).isEqualTo(new AnnotateResult(1L, true, null));
      assertThat(grafana.received()).hasSize(1);
    }
  }

  @Test
  void handleRequest_shouldSendTheTokenFromSecretsManager_readOverSignedHttp() throws Exception {
    try (var grafana = GrafanaRecorder.start("glsa_from_secrets_manager");
        var secrets = new HttpFake()) {
      secrets.then(
          200,
          Map.of("Content-Type", "application/x-amz-json-1.1"),
          "{\"Name\":\"Slipway/grafana-token\",\"SecretString\":\"glsa_from_secrets_manager\"}");
      var wiring = withTokenSecret(grafana, secrets);

      AnnotateResult result = annotate(new AnnotateHandler(wiring));

      assertThat(result).isEqualTo(new AnnotateResult(1L, true, null));
      assertThat(grafana.received()).hasSize(1);
      assertThat(secrets.only().header("X-Amz-Target")).isEqualTo("secretsmanager.GetSecretValue");
      assertThat(secrets.only().body()).contains("Slipway/grafana-token");
      assertThat(secrets.only().header("Authorization")).startsWith("AWS4-HMAC-SHA256 ");
    }
  }

  @Test
  void handleRequest_shouldNotFailTheRelease_whenTheTokenSecretIsMissing() throws Exception {
    try (var grafana = GrafanaRecorder.start("glsa_x");
        var secrets = new HttpFake()) {
      secrets.then(
          400,
          Map.of("Content-Type", "application/x-amz-json-1.1"),
          "{\"__type\":\"ResourceNotFoundException\",\"message\":\"not found\"}");
      var wiring = withTokenSecret(grafana, secrets);

      AnnotateResult result = annotate(new AnnotateHandler(wiring));

      assertThat(result.ok()).isFalse();
      assertThat(result.detail())
          .contains("Slipway.Secrets.NotFound")
          .contains("Slipway/grafana-token");
      assertThat(grafana.received()).isEmpty();
    }
  }

  static AnnotateWiring withTokenSecret(GrafanaRecorder grafana, HttpFake secrets) {
    return AnnotateWiring.fromEnvironment(
        Map.of(
            "SLIPWAY_GRAFANA_URL", grafana.url().toString(),
            "SLIPWAY_GRAFANA_TOKEN_SECRET_ARN", "Slipway/grafana-token",
            "SLIPWAY_SECRETS_ENDPOINT", secrets.uri().toString()),
        Clock.systemUTC());
  }

  static AnnotateResult annotate(AnnotateHandler handler) throws Exception {
    var out = new ByteArrayOutputStream();
    try (InputStream in = Files.newInputStream(Path.of("../../events/annotate/start.json"))) {
      handler.handleRequest(in, out, null);
    }
    return Json.mapper().readValue(out.toByteArray(), AnnotateResult.class);
  }

  @Test
  void config_shouldTurnAnnotationsOff_whenNoUrlIsSet() {
    var config = AnnotateConfig.from(Map.of("SLIPWAY_GRAFANA_URL", " "));
    assertThat(config.grafanaUrl()).isEmpty();
    assertThat(config.timeout().toMillis()).isEqualTo(3000);
  }
}
