package dev.slipway.store;

import java.util.Locale;
import java.util.UUID;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The store contract on {@link S3ArtifactStore} against LocalStack. Runs where a Docker engine is
 * available and is skipped elsewhere; {@link S3ProxyArtifactStoreTest} always runs.
 */
@Testcontainers(disabledWithoutDocker = true)
class LocalStackArtifactStoreTest extends ArtifactStoreContract {
  @Container
  static final LocalStackContainer LOCALSTACK =
      new LocalStackContainer(DockerImageName.parse("localstack/localstack:4"));

  private static S3Client client;

  @Override
  protected ArtifactStore newStore() {
    if (client == null) {
      client =
          S3Client.builder()
              .httpClientBuilder(UrlConnectionHttpClient.builder())
              .endpointOverride(LOCALSTACK.getEndpoint())
              .forcePathStyle(true)
              .region(Region.of(LOCALSTACK.getRegion()))
              .credentialsProvider(
                  StaticCredentialsProvider.create(
                      AwsBasicCredentials.create(
                          LOCALSTACK.getAccessKey(), LOCALSTACK.getSecretKey())))
              .build();
    }
    String bucket = "contract-" + UUID.randomUUID().toString().substring(0, 8);
    client.createBucket(r -> r.bucket(bucket.toLowerCase(Locale.ROOT)));
    return new S3ArtifactStore(
        client, bucket.toLowerCase(Locale.ROOT), S3ProxyArtifactStoreTest.SMALL_PARTS, d -> {});
  }
}
