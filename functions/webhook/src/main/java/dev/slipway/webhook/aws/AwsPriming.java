package dev.slipway.webhook.aws;

import com.sun.net.httpserver.HttpServer;
import dev.slipway.awshttp.AwsCredentials;
import dev.slipway.awshttp.AwsHttp;
import dev.slipway.awshttp.AwsJson;
import dev.slipway.awshttp.CredentialSource;
import dev.slipway.awshttp.S3HttpStore;
import dev.slipway.awshttp.SecretsManagerSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * SnapStart priming of the AWS request path: the calls a webhook request makes (GetObject, the
 * delivery ledger's conditional PutObjects, GetSecretValue, StartExecution) sent once to a
 * throw-away server on the loopback interface, with throw-away credentials. Signing, the HTTP
 * client and the answers' parsing are then loaded and initialised in the snapshot; no request
 * reaches AWS and no secret or connection of the real clients is in it.
 */
public final class AwsPriming {
  private AwsPriming() {}

  /** Sends each call once to a throw-away loopback server; throws if any fails. */
  public static void run() {
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
            body = "{\"Name\":\"priming\",\"SecretString\":\"{}\"}";
          } else if (target.startsWith("AWSStepFunctions.")) {
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
    try {
      Optional<URI> endpoint =
          Optional.of(URI.create("http://127.0.0.1:" + server.getAddress().getPort()));
      AwsHttp http =
          new AwsHttp(
              CredentialSource.fixed(new AwsCredentials("priming", "priming", "priming")),
              "us-east-1");
      S3HttpStore store = new S3HttpStore(http, "priming", endpoint);
      store.find("config/slipway.yaml");
      // the delivery ledger's conditional create (If-None-Match) and update (If-Match)
      byte[] record = "{}".getBytes(StandardCharsets.UTF_8);
      store.putIfAbsent("webhooks/priming.json", record, "application/json");
      store.putIfMatch("webhooks/priming.json", record, "application/json", "\"priming\"");
      new SecretsManagerSource(AwsJson.secretsManager(http, endpoint)).secretString("priming");
      new StepFunctionsAdapter(
              AwsJson.stepFunctions(http, endpoint),
              "arn:aws:states:us-east-1:000000000000:stateMachine:p")
          .start("priming", "{}");
    } finally {
      server.stop(0);
    }
  }
}
