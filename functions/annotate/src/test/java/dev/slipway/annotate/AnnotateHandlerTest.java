package dev.slipway.annotate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.embedded.GrafanaRecorder;
import dev.slipway.model.Json;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AnnotateHandlerTest {

  @Test
  void handleRequest_shouldAnnotateTheStartEvent_withConfigFromTheEnvironment() throws Exception {
    try (var grafana = GrafanaRecorder.start(null)) {
      var config =
          AnnotateConfig.fromEnvironment(Map.of("SLIPWAY_GRAFANA_URL", grafana.url().toString()));
      var handler = new AnnotateHandler(config, java.time.Clock.systemUTC());
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
  void config_shouldTurnAnnotationsOff_whenNoUrlIsSet() {
    var config = AnnotateConfig.fromEnvironment(Map.of("SLIPWAY_GRAFANA_URL", " "));
    assertThat(config.grafanaUrl()).isEmpty();
    assertThat(config.timeout().toMillis()).isEqualTo(3000);
  }
}
