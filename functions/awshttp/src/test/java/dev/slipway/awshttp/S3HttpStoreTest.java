package dev.slipway.awshttp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.model.SlipwayException;
import dev.slipway.store.ArtifactErrors;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What S3 answers besides the happy path (S3HttpStoreContractTest covers that against S3Proxy):
 * throttling, server errors, no answer, and the conditional write whose answer was lost.
 */
class S3HttpStoreTest {
  static final Map<String, String> XML = Map.of("Content-Type", "application/xml");

  HttpFake s3;

  @BeforeEach
  void start() throws Exception {
    s3 = new HttpFake();
  }

  @AfterEach
  void stop() {
    s3.close();
  }

  static S3HttpStore store(URI endpoint) {
    AwsHttp http =
        new AwsHttp(
            CredentialSource.fixed(AwsCredentials.of("a", "b")),
            "us-east-1",
            Clock.systemUTC(),
            new AwsHttp.Settings(
                Duration.ofSeconds(1),
                Duration.ofSeconds(2),
                2,
                Duration.ZERO,
                Duration.ofSeconds(5)),
            d -> {});
    return new S3HttpStore(http, "bucket", Optional.of(endpoint), d -> {}, 1000);
  }

  static String error(String code) {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>"
        + code
        + "</Code><Message>m &amp; more</Message></Error>";
  }

  @Test
  void find_shouldBeThrottled_whenS3KeepsSayingSlowDown() {
    s3.then(503, XML, error("SlowDown"));
    assertThatThrownBy(() -> store(s3.uri()).find("config/slipway.yaml"))
        .isInstanceOfSatisfying(
            SlipwayException.class,
            e -> {
              assertThat(e.errorName()).isEqualTo(ArtifactErrors.THROTTLED);
              assertThat(e.retryable()).isTrue();
            });
    assertThat(s3.requests).hasSize(2); // tried again before giving up
  }

  @Test
  void find_shouldBeUnavailable_onA500_namingS3sCodeAndMessage() {
    s3.then(500, XML, error("InternalError"));
    assertThatThrownBy(() -> store(s3.uri()).find("k"))
        .isInstanceOfSatisfying(
            SlipwayException.class,
            e -> assertThat(e.errorName()).isEqualTo(ArtifactErrors.UNAVAILABLE))
        .hasMessageContaining("InternalError: m & more");
  }

  @Test
  void find_shouldBeUnavailable_whenNothingAnswers() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    assertThatThrownBy(() -> store(URI.create("http://127.0.0.1:" + port)).find("k"))
        .isInstanceOfSatisfying(
            SlipwayException.class,
            e -> assertThat(e.errorName()).isEqualTo(ArtifactErrors.UNAVAILABLE))
        .hasMessageContaining("no answer from 127.0.0.1");
  }

  @Test
  void find_shouldBeRefused_namingTheRegion_whenS3RedirectsToTheBucketsRegion() {
    s3.then(301, XML, error("PermanentRedirect"));
    assertThatThrownBy(() -> store(s3.uri()).find("config/slipway.yaml"))
        .isInstanceOfSatisfying(
            SlipwayException.class,
            e -> {
              assertThat(e.errorName()).isEqualTo(ArtifactErrors.REFUSED);
              assertThat(e.retryable()).isFalse();
            })
        .hasMessageContaining("301 PermanentRedirect")
        .hasMessageContaining("AWS_REGION");
    assertThat(s3.requests).hasSize(1);
  }

  @Test
  void list_shouldBeUnavailable_whenTheListingIsNotXml() {
    s3.then(200, Map.of("Content-Type", "text/html"), "<html><body>proxy login</body>");
    assertThatThrownBy(() -> store(s3.uri()).list("artifacts/"))
        .isInstanceOfSatisfying(
            SlipwayException.class,
            e -> assertThat(e.errorName()).isEqualTo(ArtifactErrors.UNAVAILABLE))
        .hasMessageContaining("a listing that is not XML");
  }

  @Test
  void putIfAbsent_shouldReportItsOwnWrite_whenItsFirstAnswerWasLost() {
    // the retried PUT meets its own object: 412; the store reads it back, finds its own bytes
    s3.then(412, XML, error("PreconditionFailed"))
        .then(200, Map.of("ETag", "\"mine\"", "Content-Type", "application/json"), "{\"lock\":1}");

    assertThat(
            store(s3.uri())
                .putIfAbsent(
                    "locks/checkout",
                    "{\"lock\":1}".getBytes(StandardCharsets.UTF_8),
                    "application/json"))
        .contains("\"mine\"");
    assertThat(s3.requests.get(0).header("If-None-Match")).isEqualTo("*");
    assertThat(s3.requests.get(1).method()).isEqualTo("GET");
  }

  @Test
  void putIfAbsent_shouldBeEmpty_whenAnotherWriterHoldsTheKey() {
    s3.then(412, XML, error("PreconditionFailed"))
        .then(200, Map.of("ETag", "\"theirs\""), "{\"lock\":2}");
    assertThat(
            store(s3.uri())
                .putIfAbsent(
                    "locks/checkout", "{\"lock\":1}".getBytes(StandardCharsets.UTF_8), "x"))
        .isEmpty();
  }

  @Test
  void putIfAbsent_shouldTryAgain_whileAnotherConditionalWriteIsInFlight() {
    s3.then(409, XML, error("ConditionalRequestConflict")).then(200, Map.of("ETag", "\"e1\""), "");
    assertThat(store(s3.uri()).putIfAbsent("k", new byte[] {1}, "x")).contains("\"e1\"");
    assertThat(s3.requests).hasSize(2);
  }

  @Test
  void put_shouldSendThePathEncodedOnce_andSignedForS3() {
    s3.then(200, Map.of("ETag", "\"e\""), "");
    store(s3.uri()).put("a b/é.json", new byte[] {1}, "application/json");
    HttpFake.Request put = s3.only();
    assertThat(put.path()).isEqualTo("/bucket/a%20b/%C3%A9.json");
    assertThat(put.header("x-amz-content-sha256")).hasSize(64);
    assertThat(put.header("Authorization")).contains("/us-east-1/s3/aws4_request");
    assertThat(put.header("Content-Type")).isEqualTo("application/json");
  }
}
