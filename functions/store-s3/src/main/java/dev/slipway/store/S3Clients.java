package dev.slipway.store;

import java.net.URI;
import java.util.Optional;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/** Builds S3 clients the one way Slipway does: URL-connection HTTP, explicit region. */
public final class S3Clients {
  private S3Clients() {}

  /**
   * A client for {@code region}; with an endpoint (an S3-compatible server) it uses path-style
   * addressing and sends checksums only where S3 requires them: S3-compatible servers handle the
   * SDK's default {@code aws-chunked} checksum trailers unevenly (S3Proxy intermittently fails an
   * empty body sent that way). Credentials come from the SDK's default chain (the Lambda role on
   * AWS).
   */
  public static S3Client create(String region, Optional<URI> endpoint) {
    return builder(region, endpoint).build();
  }

  /**
   * The same client's builder, for a caller that must add to it (e.g. {@code slipway run}'s own
   * credentials for the embedded server): every S3 client Slipway makes is configured here.
   */
  public static S3ClientBuilder builder(String region, Optional<URI> endpoint) {
    var builder =
        S3Client.builder()
            .httpClientBuilder(UrlConnectionHttpClient.builder())
            .region(Region.of(region));
    endpoint.ifPresent(
        uri ->
            builder
                .endpointOverride(uri)
                .forcePathStyle(true)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED));
    return builder;
  }

  /** The client for the artifact bucket described by {@code config}. */
  public static S3Client create(StoreConfig config) {
    return create(config.region(), config.endpoint());
  }
}
