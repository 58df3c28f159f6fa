package dev.slipway.store;

import dev.slipway.local.embedded.EmbeddedS3Server;
import java.net.URI;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3 API in-process for tests: the {@link EmbeddedS3Server} of {@code local/embedded}
 * (S3Proxy 4.1.0, in memory, free loopback port) plus a client for it. Modules that build on the
 * store reuse it through the store's test jar, as {@code @RegisterExtension static final EmbeddedS3
 * s3 = EmbeddedS3.perClass();} or with {@link #start()} in a try-with-resources block.
 */
public final class EmbeddedS3 implements AutoCloseable, BeforeAllCallback, AfterAllCallback {
  public static final String ACCESS_KEY = EmbeddedS3Server.ACCESS_KEY;
  public static final String SECRET_KEY = EmbeddedS3Server.SECRET_KEY;
  public static final String REGION = EmbeddedS3Server.REGION;

  private EmbeddedS3Server server;
  private S3Client client;

  private EmbeddedS3() {}

  /** A server that starts before the test class's first test and stops after its last. */
  public static EmbeddedS3 perClass() {
    return new EmbeddedS3();
  }

  /** Starts a server and waits until it accepts requests. */
  public static EmbeddedS3 start() {
    var s3 = new EmbeddedS3();
    s3.begin();
    return s3;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    begin();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    close();
  }

  private void begin() {
    server = EmbeddedS3Server.start();
    client = client(server.endpoint());
  }

  /** A client for any S3-compatible endpoint with this server's test credentials. */
  public static S3Client client(URI endpoint) {
    return S3Client.builder()
        .httpClientBuilder(UrlConnectionHttpClient.builder())
        .endpointOverride(endpoint)
        .forcePathStyle(true)
        // as S3Clients does for any S3-compatible endpoint
        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
        .region(Region.of(REGION))
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
        .build();
  }

  public URI endpoint() {
    return server.endpoint();
  }

  public S3Client client() {
    return client;
  }

  /** Creates a bucket with a fresh name starting with {@code prefix} and returns the name. */
  public String createBucket(String prefix) {
    String name =
        (prefix + "-" + UUID.randomUUID().toString().substring(0, 8)).toLowerCase(Locale.ROOT);
    client.createBucket(r -> r.bucket(name));
    return name;
  }

  @Override
  public void close() {
    client.close();
    server.close();
  }
}
