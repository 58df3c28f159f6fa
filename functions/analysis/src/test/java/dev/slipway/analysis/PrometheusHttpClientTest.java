package dev.slipway.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.model.RetryableStepException;
import dev.slipway.model.TerminalStepException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The adapter against recorded query_range answers served by a tiny HTTP fake. */
class PrometheusHttpClientTest {
  static final Instant START = Instant.parse("2026-11-26T21:00:00Z");
  static final Instant END = Instant.parse("2026-11-26T21:29:00Z");
  static final Duration STEP = Duration.ofSeconds(60);

  final FakePrometheus fake = new FakePrometheus();

  @AfterEach
  void close() {
    fake.close();
  }

  List<Series> query(PrometheusEndpoint e) {
    return new PrometheusHttpClient(e).rangeQuery("up{job=\"x\"}", START, END, STEP);
  }

  @Test
  void get_shouldSendQueryStartEndStepInTheUrl_whenMethodIsGet() {
    fake.answerFixture(200, "query-range-p95.json");
    List<Series> s = query(PrometheusEndpoint.of(fake.url()));

    FakePrometheus.Request r = fake.requests.get(0);
    assertThat(r.method()).isEqualTo("GET");
    assertThat(r.path()).isEqualTo("/api/v1/query_range");
    assertThat(r.params())
        .containsEntry("query", "up{job=\"x\"}")
        .containsEntry("start", Long.toString(START.getEpochSecond()))
        .containsEntry("end", Long.toString(END.getEpochSecond()))
        .containsEntry("step", "60");
    assertThat(s).hasSize(1);
    assertThat(s.get(0).labels()).isEqualTo(Map.of("app", "healthy", "status", "OK"));
    assertThat(s.get(0).size()).isEqualTo(30);
  }

  @Test
  void post_shouldSendAFormAndKeepThePathPrefix_whenTheEndpointHasOne() {
    fake.answerFixture(200, "query-range-p95.json");
    query(
        PrometheusEndpoint.of(fake.url() + "/prometheus/")
            .withMethod(PrometheusEndpoint.Method.POST));

    FakePrometheus.Request r = fake.requests.get(0);
    assertThat(r.method()).isEqualTo("POST");
    assertThat(r.path()).isEqualTo("/prometheus/api/v1/query_range");
    assertThat(r.headers()).containsEntry("content-type", "application/x-www-form-urlencoded");
    assertThat(r.params()).containsEntry("query", "up{job=\"x\"}").containsEntry("step", "60");
  }

  @Test
  void auth_shouldSendBasicCredentialsAndCustomHeaders_whenConfigured() {
    fake.answerFixture(200, "query-range-p95.json");
    query(
        PrometheusEndpoint.of(fake.url())
            .withAuth(new PrometheusEndpoint.Basic("canary", "s3cret"))
            .withHeader("X-Scope-OrgID", "team-search"));
    assertThat(fake.requests.get(0).headers())
        .containsEntry("authorization", "Basic Y2FuYXJ5OnMzY3JldA==")
        .containsEntry("x-scope-orgid", "team-search");
  }

  @Test
  void auth_shouldSendABearerToken_andNeverPrintIt() {
    fake.answerFixture(200, "query-range-p95.json");
    PrometheusEndpoint e =
        PrometheusEndpoint.of(fake.url()).withAuth(new PrometheusEndpoint.Bearer("tok-123"));
    query(e);
    assertThat(fake.requests.get(0).headers()).containsEntry("authorization", "Bearer tok-123");
    assertThat(e.toString()).doesNotContain("tok-123");
    assertThat(new PrometheusEndpoint.Basic("u", "pw-9").toString()).doesNotContain("pw-9");
  }

  @Test
  void sigv4_shouldSignTheFormForAmazonManagedPrometheus() {
    fake.answerFixture(200, "query-range-p95.json");
    var credentials =
        software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
            software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(
                "AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"));
    PrometheusEndpoint e =
        PrometheusEndpoint.of(fake.url() + "/workspaces/ws-1")
            .withMethod(PrometheusEndpoint.Method.POST)
            .withAuth(new PrometheusEndpoint.SigV4("eu-west-1", null, credentials));
    assertThat(query(e)).hasSize(1);

    Map<String, String> h = fake.requests.get(0).headers();
    assertThat(h.get("authorization"))
        .startsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/")
        .contains("/eu-west-1/aps/aws4_request")
        .contains("SignedHeaders=accept;content-type;host;x-amz-content-sha256;x-amz-date")
        .containsPattern("Signature=[0-9a-f]{64}$");
    assertThat(h.get("x-amz-content-sha256")).matches("[0-9a-f]{64}");
    assertThat(h.get("x-amz-date")).matches("\\d{8}T\\d{6}Z");
    assertThat(fake.requests.get(0).path()).isEqualTo("/workspaces/ws-1/api/v1/query_range");
    assertThat(e.toString()).doesNotContain("EXAMPLEKEY").doesNotContain("AKIDEXAMPLE");
  }

  @Test
  void sigv4_shouldBeANamedError_whenThereAreNoCredentials() {
    fake.answerFixture(200, "query-range-p95.json");
    software.amazon.awssdk.auth.credentials.AwsCredentialsProvider none =
        () -> {
          throw software.amazon.awssdk.core.exception.SdkClientException.create(
              "Unable to load credentials from any of the providers in the chain");
        };
    PrometheusEndpoint e =
        PrometheusEndpoint.of(fake.url())
            .withAuth(new PrometheusEndpoint.SigV4("eu-west-1", null, none));
    assertThatThrownBy(() -> query(e))
        .isInstanceOf(TerminalStepException.class)
        .hasMessageStartingWith("Slipway.Canary.MetricsAccessDenied: no AWS credentials");
    assertThat(fake.requests).isEmpty();
  }

  @Test
  void parse_shouldKeepEverySeriesWithItsLabels_whenTheQueryReturnsSeveral() {
    fake.answerFixture(200, "query-range-by-status.json");
    List<Series> s = query(PrometheusEndpoint.of(fake.url()));
    assertThat(s)
        .extracting(Series::labels)
        .containsExactly(Map.of("status", "200"), Map.of("status", "500"));
  }

  @Test
  void parse_shouldKeepNaNAndInfAsSent_whenPrometheusAnswersThem() {
    fake.answerFixture(200, "query-range-nan.json");
    assertThat(query(PrometheusEndpoint.of(fake.url())).get(0).values()).containsOnly(Double.NaN);
    fake.close();
    try (FakePrometheus inf = new FakePrometheus().answerFixture(200, "query-range-inf.json")) {
      assertThat(query(PrometheusEndpoint.of(inf.url())).get(0).values())
          .containsOnly(Double.POSITIVE_INFINITY);
    }
  }

  @Test
  void parse_shouldReturnNoSeries_whenTheResultIsEmpty() {
    fake.answerFixture(200, "query-range-empty.json");
    assertThat(query(PrometheusEndpoint.of(fake.url()))).isEmpty();
  }

  @Test
  void badQuery_shouldBeTerminalWithPrometheusText_whenTheAnswerIs400() {
    fake.answerFixture(400, "query-range-bad-data-400.json");
    assertThatThrownBy(() -> query(PrometheusEndpoint.of(fake.url())))
        .isInstanceOf(TerminalStepException.class)
        .hasMessageStartingWith("Slipway.Canary.BadQuery: ")
        .hasMessageContaining("up{job=\"x\"}")
        .hasMessageContaining("bad_data: 1:15: parse error: unclosed left parenthesis")
        .hasMessageContaining("will not go away by retrying");
  }

  @ParameterizedTest
  @CsvSource({"500", "502", "503", "429"})
  void serverErrors_shouldBeRetryableAndNameEndpointAndQuery(int status) {
    fake.answer(status, "{\"status\":\"error\",\"errorType\":\"internal\",\"error\":\"boom\"}");
    assertThatThrownBy(() -> query(PrometheusEndpoint.of(fake.url())))
        .isInstanceOf(RetryableStepException.class)
        .hasMessageStartingWith("Slipway.Canary.MetricsUnavailable: ")
        .hasMessageContaining(fake.url())
        .hasMessageContaining("up{job=\"x\"}")
        .hasMessageContaining("HTTP " + status);
  }

  @ParameterizedTest
  @CsvSource({"401", "403"})
  void accessDenied_shouldBeTerminal(int status) {
    fake.answer(status, "unauthorized");
    assertThatThrownBy(() -> query(PrometheusEndpoint.of(fake.url())))
        .isInstanceOf(TerminalStepException.class)
        .hasMessageStartingWith("Slipway.Canary.MetricsAccessDenied: ");
  }

  @Test
  void notFound_shouldBeTerminalAndPointAtTheUrl() {
    fake.answer(404, "404 page not found");
    assertThatThrownBy(() -> query(PrometheusEndpoint.of(fake.url())))
        .isInstanceOf(TerminalStepException.class)
        .hasMessageStartingWith("Slipway.Canary.MetricsUnavailable: ")
        .hasMessageContaining("the part before /api/v1/query_range");
  }

  @Test
  void notPrometheus_shouldBeTerminal_whenA200IsNotJson() {
    fake.answer(200, "<html>login</html>");
    assertThatThrownBy(() -> query(PrometheusEndpoint.of(fake.url())))
        .isInstanceOf(TerminalStepException.class)
        .hasMessageContaining("not a Prometheus API response");
  }

  @Test
  void timeout_shouldBeRetryable_whenPrometheusIsSlow() throws Exception {
    try (var slow = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      PrometheusEndpoint e =
          PrometheusEndpoint.of("http://127.0.0.1:" + slow.getLocalPort())
              .withTimeout(Duration.ofMillis(300));
      assertThatThrownBy(() -> query(e))
          .isInstanceOf(RetryableStepException.class)
          .hasMessageContaining("Slipway.Canary.MetricsUnavailable")
          .hasMessageContaining("no answer within PT0.3S");
    }
  }

  @Test
  void connectionRefused_shouldBeRetryable() throws Exception {
    int port;
    try (var s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    assertThatThrownBy(() -> query(PrometheusEndpoint.of("http://127.0.0.1:" + port)))
        .isInstanceOf(RetryableStepException.class)
        .hasMessageContaining("could not connect");
  }
}
