package dev.slipway.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.slipway.model.RetryableStepException;
import dev.slipway.model.SlipwayException;
import dev.slipway.model.TerminalStepException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * How S3's error responses become named Slipway errors: an HTTP fake answers with the status codes
 * and XML error bodies Amazon S3 sends, and the test checks the requests the store made.
 */
class S3ErrorMappingTest {
  private record Reply(int status, String code, String message) {}

  private record Seen(String method, String path, String ifNoneMatch, String ifMatch) {}

  private final Queue<Reply> replies = new ConcurrentLinkedQueue<>();
  private final List<Seen> seen = new ArrayList<>();
  private final List<Duration> pauses = new ArrayList<>();
  private HttpServer server;
  private S3Client client;
  private S3ArtifactStore store;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        exchange -> {
          var headers = exchange.getRequestHeaders();
          synchronized (seen) {
            seen.add(
                new Seen(
                    exchange.getRequestMethod(),
                    exchange.getRequestURI().getPath(),
                    headers.getFirst("If-None-Match"),
                    headers.getFirst("If-Match")));
          }
          exchange.getRequestBody().readAllBytes();
          Reply reply = replies.poll();
          if (reply == null || reply.status() == 200) {
            exchange.getResponseHeaders().add("ETag", "\"0123456789abcdef\"");
            exchange.sendResponseHeaders(200, -1);
          } else {
            byte[] xml =
                ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>"
                        + reply.code()
                        + "</Code><Message>"
                        + reply.message()
                        + "</Message><RequestId>R1</RequestId><HostId>H1</HostId></Error>")
                    .getBytes(UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/xml");
            exchange.sendResponseHeaders(reply.status(), xml.length);
            exchange.getResponseBody().write(xml);
          }
          exchange.close();
        });
    server.start();
    client = client(URI.create("http://127.0.0.1:" + server.getAddress().getPort()));
    store =
        new S3ArtifactStore(
            client,
            "slipway-artifacts",
            new S3ArtifactStore.Settings(
                S3ArtifactStore.Settings.MIN_PART_SIZE,
                S3ArtifactStore.Settings.MIN_PART_SIZE,
                1000,
                3,
                Duration.ofMillis(100)),
            pauses::add);
  }

  @AfterEach
  void stop() {
    client.close();
    server.stop(0);
  }

  /** No SDK retries, so that each reply maps to exactly one request. */
  private static S3Client client(URI endpoint) {
    return S3Client.builder()
        .httpClientBuilder(UrlConnectionHttpClient.builder())
        .endpointOverride(endpoint)
        .forcePathStyle(true)
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("ak", "sk")))
        .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
        .build();
  }

  @Test
  void get_shouldFailWithAccessDeniedSayingWhatToCheck_when403() {
    replies.add(new Reply(403, "AccessDenied", "Access Denied"));

    assertThatThrownBy(() -> store.get("kubeconfigs/edge-1"))
        .isInstanceOf(TerminalStepException.class)
        .satisfies(e -> assertName(e, ArtifactErrors.ACCESS_DENIED))
        .hasMessageContaining("s3://slipway-artifacts/kubeconfigs/edge-1")
        .hasMessageContaining("bucket policy")
        .hasMessageContaining("KMS key policy")
        .hasMessageContaining("execution role");
  }

  @Test
  void put_shouldFailWithThrottled_whenS3SaysSlowDown() {
    replies.add(new Reply(503, "SlowDown", "Please reduce your request rate."));

    assertThatThrownBy(() -> store.put("artifacts/a/1/x", new byte[] {1}, "text/plain"))
        .isInstanceOf(RetryableStepException.class)
        .satisfies(e -> assertName(e, ArtifactErrors.THROTTLED));
  }

  @Test
  void find_shouldFailRefusedNamingTheRegion_whenS3RejectsTheRequestsRegion() {
    replies.add(
        new Reply(
            400,
            "AuthorizationHeaderMalformed",
            "The authorization header is malformed; the region 'us-east-1' is wrong; expecting"
                + " 'eu-west-1'"));

    assertThatThrownBy(() -> store.find("config/slipway.yaml"))
        .isInstanceOf(TerminalStepException.class)
        .satisfies(e -> assertName(e, ArtifactErrors.REFUSED))
        .hasMessageContaining("expecting 'eu-west-1'")
        .hasMessageContaining("AWS_REGION");
  }

  @Test
  void list_shouldFailWithUnavailable_whenS3Answers500() {
    replies.add(new Reply(500, "InternalError", "We encountered an internal error."));

    assertThatThrownBy(() -> store.list("artifacts/"))
        .isInstanceOf(RetryableStepException.class)
        .satisfies(e -> assertName(e, ArtifactErrors.UNAVAILABLE));
  }

  @Test
  void find_shouldFailWithBucketNotFound_whenTheBucketIsMissing() {
    replies.add(new Reply(404, "NoSuchBucket", "The specified bucket does not exist"));

    assertThatThrownBy(() -> store.find("x"))
        .isInstanceOf(TerminalStepException.class)
        .satisfies(e -> assertName(e, ArtifactErrors.BUCKET_NOT_FOUND))
        .hasMessageContaining("SLIPWAY_BUCKET");
  }

  @Test
  void find_shouldBeEmpty_whenS3SaysNoSuchKey() {
    replies.add(new Reply(404, "NoSuchKey", "The specified key does not exist."));
    assertThat(store.find("missing")).isEmpty();
  }

  @Test
  void putIfAbsent_shouldSendIfNoneMatchStar_andRetryAfterAConflict() {
    replies.add(new Reply(409, "ConditionalRequestConflict", "A conflicting operation occurred"));
    replies.add(new Reply(200, null, null));

    assertThat(store.putIfAbsent("locks/a.json", "x".getBytes(UTF_8), "application/json"))
        .contains("\"0123456789abcdef\"");
    assertThat(seen).hasSize(2).allSatisfy(s -> assertThat(s.ifNoneMatch()).isEqualTo("*"));
    assertThat(pauses).containsExactly(Duration.ofMillis(100));
  }

  @Test
  void putIfAbsent_shouldFailWithConflict_whenTheConflictPersists() {
    for (int i = 0; i < 3; i++) {
      replies.add(new Reply(409, "ConditionalRequestConflict", "A conflicting operation"));
    }
    assertThatThrownBy(() -> store.putIfAbsent("locks/a.json", new byte[] {1}, "text/plain"))
        .isInstanceOf(RetryableStepException.class)
        .satisfies(e -> assertName(e, ArtifactErrors.CONFLICT));
    assertThat(pauses).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200));
  }

  @Test
  void putIfMatch_shouldSendIfMatch_andBeEmptyAfterAConflict() {
    replies.add(new Reply(409, "ConditionalRequestConflict", "A conflicting operation"));

    assertThat(store.putIfMatch("releases/a/prod.json", new byte[] {1}, "x", "\"e1\"")).isEmpty();
    assertThat(seen).hasSize(1);
    assertThat(seen.get(0).ifMatch()).isEqualTo("\"e1\"");
    assertThat(seen.get(0).path()).isEqualTo("/slipway-artifacts/releases/a/prod.json");
  }

  @Test
  void putIfAbsent_shouldBeEmpty_whenThePreconditionFailsAndAnotherBodyIsStored() {
    replies.add(new Reply(412, "PreconditionFailed", "At least one of the preconditions"));
    replies.add(new Reply(404, "NoSuchKey", "gone again"));

    assertThat(store.putIfAbsent("locks/a.json", new byte[] {1}, "x")).isEmpty();
    assertThat(seen).extracting(Seen::method).containsExactly("PUT", "GET");
  }

  @Test
  void put_shouldFailWithUnavailable_whenNothingListens() {
    int port = server.getAddress().getPort();
    server.stop(0);
    var closed =
        new S3ArtifactStore(client(URI.create("http://127.0.0.1:" + port)), "slipway-artifacts");

    assertThatThrownBy(() -> closed.put("k", new byte[] {1}, "x"))
        .isInstanceOf(RetryableStepException.class)
        .satisfies(e -> assertName(e, ArtifactErrors.UNAVAILABLE));
  }

  private static void assertName(Throwable e, String name) {
    assertThat(((SlipwayException) e).errorName()).isEqualTo(name);
  }
}
