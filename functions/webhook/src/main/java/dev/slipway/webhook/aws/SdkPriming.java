package dev.slipway.webhook.aws;

import com.sun.net.httpserver.HttpServer;
import dev.slipway.store.S3ArtifactStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * SnapStart priming of the SDK's request path: the three calls a webhook request makes (GetObject,
 * GetSecretValue, StartExecution) sent once to a throw-away server on the loopback interface, with
 * throw-away clients and credentials. Marshalling, signing, the HTTP client and unmarshalling are
 * then loaded and initialised in the snapshot; no request reaches AWS and no secret or connection
 * of the real clients is in it.
 */
final class SdkPriming {
  private SdkPriming() {}

  static void run(SdkHttpClient http) {
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext(
        "/",
        exchange -> {
          exchange.getRequestBody().readAllBytes();
          String target = String.valueOf(exchange.getRequestHeaders().getFirst("X-Amz-Target"));
          String body;
          if (target.startsWith("secretsmanager.")) {
            exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
            body = "{\"Name\":\"priming\",\"SecretString\":\"{}\"}";
          } else if (target.startsWith("AWSStepFunctions.")) {
            exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.0");
            body =
                "{\"executionArn\":\"arn:aws:states:us-east-1:000000000000:execution:p:p\","
                    + "\"startDate\":0}";
          } else {
            exchange.getResponseHeaders().add("ETag", "\"priming\"");
            body = "version: 1\n";
          }
          byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, bytes.length);
          exchange.getResponseBody().write(bytes);
          exchange.close();
        });
    server.start();
    URI endpoint = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    StaticCredentialsProvider credentials =
        StaticCredentialsProvider.create(AwsBasicCredentials.create("priming", "priming"));
    try (S3Client s3 =
            S3Client.builder()
                .httpClient(http)
                .endpointOverride(endpoint)
                .forcePathStyle(true)
                .region(Region.US_EAST_1)
                .credentialsProvider(credentials)
                .build();
        SecretsManagerClient secrets =
            SecretsManagerClient.builder()
                .httpClient(http)
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(credentials)
                .build();
        SfnClient sfn =
            SfnClient.builder()
                .httpClient(http)
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(credentials)
                .build()) {
      new S3ArtifactStore(s3, "priming").find("config/slipway.yaml");
      new SecretsManagerSource(secrets).secretString("priming");
      new StepFunctionsAdapter(sfn, "arn:aws:states:us-east-1:000000000000:stateMachine:p")
          .start("priming", "{}");
    } finally {
      server.stop(0);
    }
  }
}
