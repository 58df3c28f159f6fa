package dev.slipway.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A bad Prometheus URL from the stack's environment is named by its variable and shown as a short
 * escaped prefix: never whole, never its user-info, query or fragment.
 */
class PrometheusEndpointTest {

  @Test
  void environmentUrl_shouldBeNamed_withoutItsCredentials_whenItIsNotHttp() {
    String url = "ftp://admin:hunter2@prometheus.monitoring.internal:9090/api?token=s3cr3t";

    assertThatThrownBy(() -> AnalysisConfig.fromEnvironment(Map.of("SLIPWAY_PROMETHEUS_URL", url)))
        .hasMessageStartingWith(CanaryErrors.INVALID_INPUT)
        .hasMessageContaining("SLIPWAY_PROMETHEUS_URL must be an http(s) URL")
        .hasMessageContaining("it begins 'ftp://…@'")
        .hasMessageContaining("prometheusUrl")
        .hasMessageNotContaining("hunter2")
        .hasMessageNotContaining("admin")
        .hasMessageNotContaining("s3cr3t")
        .hasMessageNotContaining("monitoring.internal");
  }

  @Test
  void environmentUrl_shouldNotBeQuotedWhole_whenItIsNotAUriAtAll() {
    String url = "http://prometheus internal:9090/?token=s3cr3t";

    assertThatThrownBy(() -> AnalysisConfig.fromEnvironment(Map.of("SLIPWAY_PROMETHEUS_URL", url)))
        .hasMessageContaining("SLIPWAY_PROMETHEUS_URL must be an http(s) URL")
        .hasMessageContaining("it begins 'http://prometheus intern…'")
        .hasMessageNotContaining("s3cr3t");
  }

  @Test
  void shownPrefix_shouldBeShortAndEscaped() {
    assertThat(PrometheusEndpoint.shownPrefix("localhost:9090")).isEqualTo("localhost:9090");
    assertThat(PrometheusEndpoint.shownPrefix("user:pw@prometheus:9090")).isEqualTo("…@");
    assertThat(PrometheusEndpoint.shownPrefix("http://prom\u0007etheus'/#frag"))
        .isEqualTo("http://prom\\u0007etheus\\u0027/");
    assertThat(PrometheusEndpoint.shownPrefix("x".repeat(100)))
        .isEqualTo("x".repeat(PrometheusEndpoint.SHOWN) + "…");
  }

  @Test
  void constructor_shouldNotQuoteTheWholeUrl() {
    assertThatThrownBy(() -> PrometheusEndpoint.of("gopher://u:p@prometheus/?token=s3cr3t"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("the Prometheus URL must be an http(s) URL")
        .hasMessageNotContaining("s3cr3t")
        .hasMessageNotContaining("u:p");
  }
}
