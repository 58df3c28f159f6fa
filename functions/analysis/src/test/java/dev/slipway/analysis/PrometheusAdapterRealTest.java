package dev.slipway.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.model.TerminalStepException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The HTTP adapter against a real Prometheus backfilled with promtool. */
class PrometheusAdapterRealTest {
  static Scenario scenario;
  static RealPrometheus prometheus;

  @BeforeAll
  static void start() throws Exception {
    scenario = new Scenario(Clock.systemUTC());
    prometheus = RealPrometheus.start(scenario.openMetrics());
  }

  @AfterAll
  static void stop() throws Exception {
    if (prometheus != null) {
      prometheus.close();
    }
  }

  private static List<Series> query(PrometheusEndpoint endpoint, String promql, AnalysisWindow w) {
    return new PrometheusHttpClient(endpoint)
        .rangeQuery(promql, w.start(), w.lastPoint(), w.step());
  }

  @Test
  @DisplayName("the seed's p95 query returns one series of 30 points per window, near the true p95")
  void seedQuery_shouldReturnOneSeriesPerWindow_whenRunAgainstBackfilledData() {
    PrometheusEndpoint endpoint = PrometheusEndpoint.of(prometheus.url());
    List<Series> control = query(endpoint, Scenario.seedP95("healthy"), scenario.windows.control());
    List<Series> slow = query(endpoint, Scenario.seedP95("slow"), scenario.windows.experiment());

    assertThat(control).hasSize(1);
    assertThat(control.get(0).labels()).isEqualTo(Map.of("app", "healthy", "status", "OK"));
    SideData c = SideData.align(control.get(0), scenario.windows.control());
    assertThat(c.finite()).isEqualTo(30);
    // lognormal median 0.2 s, sigma 0.5: p95 = 0.2·e^(1.645·0.5) ≈ 0.455 s
    assertThat(mean(c.values())).isBetween(0.40, 0.52);
    SideData s = SideData.align(slow.get(0), scenario.windows.experiment());
    assertThat(mean(s.values())).isBetween(0.80, 1.05);
  }

  @Test
  @DisplayName("a Kayenta metricName/labelBindings query runs on Prometheus as built")
  void kayentaMetricNameForm_shouldRunOnARealPrometheus() throws Exception {
    var query =
        dev.slipway.model.Json.mapper()
            .readTree(
                "{\"type\":\"prometheus\",\"metricName\":\"requests_total\","
                    + "\"labelBindings\":[\"status=\\\"200\\\"\"],"
                    + "\"customInlineTemplate\":\"app=\\\"${scope}\\\",cluster=\\\"${location}\\\"\","
                    + "\"groupByFields\":[\"app\"]}");
    String promql =
        PrometheusQueryBuilder.build("requests", query, Map.of(), Scenario.builtins("healthy"));
    assertThat(promql)
        .isEqualTo(
            "avg(requests_total{app=\"healthy\",cluster=\"prod-1\",status=\"200\"}) by (app)");
    List<Series> s =
        query(PrometheusEndpoint.of(prometheus.url()), promql, scenario.windows.control());
    assertThat(s).hasSize(1);
    assertThat(s.get(0).labels()).isEqualTo(Map.of("app", "healthy"));
    assertThat(SideData.align(s.get(0), scenario.windows.control()).finite()).isEqualTo(30);
  }

  @Test
  void post_shouldReturnTheSameSeriesAsGet_whenTheQueryIsSentAsAForm() {
    PrometheusEndpoint get = PrometheusEndpoint.of(prometheus.url());
    PrometheusEndpoint post = get.withMethod(PrometheusEndpoint.Method.POST);
    AnalysisWindow w = scenario.windows.control();
    assertThat(query(post, Scenario.seedP95("healthy"), w))
        .isEqualTo(query(get, Scenario.seedP95("healthy"), w));
  }

  @Test
  @DisplayName("no traffic: histogram_quantile over zero rates answers NaN")
  void quietApp_shouldGiveNaNPoints_whenThereIsNoTraffic() {
    List<Series> quiet =
        query(
            PrometheusEndpoint.of(prometheus.url()),
            Scenario.seedP95("quiet"),
            scenario.windows.experiment());
    assertThat(quiet).hasSize(1);
    SideData e = SideData.align(quiet.get(0), scenario.windows.experiment());
    // the first minutes still see the last requests through rate(...[10m]); then NaN throughout
    assertThat(e.finite()).isLessThan(DataGate.DEFAULT.required(30));
    assertThat(e.nan()).isEqualTo(30 - e.finite());
    assertThat(e.values()[29]).isNaN();
  }

  @Test
  void badQuery_shouldBeTerminalAndQuotePrometheus_whenThePromqlDoesNotParse() {
    AnalysisWindow w = scenario.windows.control();
    assertThatThrownBy(() -> query(PrometheusEndpoint.of(prometheus.url()), "sum(rate(x[5m]", w))
        .isInstanceOf(TerminalStepException.class)
        .hasMessageStartingWith(CanaryErrors.BAD_QUERY + ":")
        .hasMessageContaining("sum(rate(x[5m]")
        .hasMessageContaining("bad_data");
  }

  @Test
  @DisplayName("Prometheus stopped mid-run: retried with back-off, then MetricsUnavailable")
  void stoppedServer_shouldEndInMetricsUnavailable_afterTheRetries() throws Exception {
    try (RealPrometheus doomed = RealPrometheus.start(scenario.openMetrics())) {
      PrometheusHttpClient http =
          new PrometheusHttpClient(
              PrometheusEndpoint.of(doomed.url()).withTimeout(Duration.ofSeconds(2)));
      List<Duration> slept = new ArrayList<>();
      MetricsProvider metrics =
          new RetryingMetricsProvider(
              http, RetryingMetricsProvider.Policy.DEFAULT, slept::add, Clock.systemUTC());
      AnalysisWindow w = scenario.windows.control();
      assertThat(
              metrics.rangeQuery(Scenario.seedP95("healthy"), w.start(), w.lastPoint(), w.step()))
          .hasSize(1);

      doomed.stop();

      assertThatThrownBy(
              () ->
                  metrics.rangeQuery(
                      Scenario.seedP95("healthy"), w.start(), w.lastPoint(), w.step()))
          .isInstanceOf(TerminalStepException.class)
          .hasMessageStartingWith(CanaryErrors.METRICS_UNAVAILABLE + ":")
          .hasMessageContaining(doomed.url())
          .hasMessageContaining("latency_seconds_bucket")
          .hasMessageContaining("Gave up after 4 attempts");
      assertThat(slept)
          .containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4));
    }
  }

  static double mean(double[] v) {
    double s = 0;
    int n = 0;
    for (double x : v) {
      if (!Double.isNaN(x)) {
        s += x;
        n++;
      }
    }
    return s / n;
  }
}
