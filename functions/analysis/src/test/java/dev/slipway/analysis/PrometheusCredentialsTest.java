package dev.slipway.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/** Prometheus credentials from Secrets Manager, against an HTTP fake of its JSON protocol. */
class PrometheusCredentialsTest {
  static final StaticCredentialsProvider TEST_CREDENTIALS =
      StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "test-secret"));

  HttpServer server;
  final List<String> targets = new ArrayList<>();

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  URI serve(int status, String body) throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        ex -> {
          targets.add(ex.getRequestHeaders().getFirst("X-Amz-Target"));
          ex.getRequestBody().readAllBytes();
          byte[] b = body.getBytes(StandardCharsets.UTF_8);
          ex.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.1");
          ex.sendResponseHeaders(status, b.length);
          ex.getResponseBody().write(b);
          ex.close();
        });
    server.start();
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  @Test
  void fromSecretsManager_shouldReadABearerToken() throws Exception {
    URI uri =
        serve(
            200,
            "{\"ARN\":\"arn:aws:secretsmanager:eu-west-1:1:secret:prom\",\"Name\":\"prom\","
                + "\"SecretString\":\"{\\\"bearerToken\\\":\\\"tok-1\\\"}\"}");
    PrometheusEndpoint.Auth auth =
        PrometheusCredentials.fromSecretsManager("prom", "eu-west-1", uri, TEST_CREDENTIALS);
    assertThat(auth).isEqualTo(new PrometheusEndpoint.Bearer("tok-1"));
    assertThat(targets).containsExactly("secretsmanager.GetSecretValue");
  }

  @Test
  void fromSecretsManager_shouldNameTheSecretButNotItsContent_whenItCannotBeRead()
      throws Exception {
    URI uri =
        serve(
            400,
            "{\"__type\":\"ResourceNotFoundException\",\"message\":\"Secrets Manager can't find"
                + " the specified secret.\"}");
    assertThatThrownBy(
            () ->
                PrometheusCredentials.fromSecretsManager(
                    "prom", "eu-west-1", uri, TEST_CREDENTIALS))
        .hasMessageStartingWith(CanaryErrors.CREDENTIALS_UNAVAILABLE)
        .hasMessageContaining("'prom'")
        .hasMessageContaining("ResourceNotFoundException")
        // what to do: create the secret, or grant the role (the stack grants slipway/prometheus/*)
        .hasMessageContaining("Create it there")
        .hasMessageContaining("grant the canary function's role secretsmanager:GetSecretValue")
        .hasMessageContaining("slipway/prometheus/*")
        .hasMessageNotContaining("canary state's input");
  }

  @Test
  void parse_shouldReadBasicCredentials_andNeverEchoASecret() {
    assertThat(PrometheusCredentials.parse("{\"username\":\"u\",\"password\":\"p\"}", "s"))
        .isEqualTo(new PrometheusEndpoint.Basic("u", "p"));
    assertThatThrownBy(() -> PrometheusCredentials.parse("{\"token\":\"hunter2\"}", "s"))
        .hasMessageStartingWith(CanaryErrors.CREDENTIALS_UNAVAILABLE)
        .hasMessageContaining("not JSON with \"bearerToken\"")
        .hasMessageContaining("put-secret-value")
        .hasMessageNotContaining("canary state's input")
        .hasMessageNotContaining("hunter2");
    assertThatThrownBy(() -> PrometheusCredentials.parse("hunter2", "s"))
        .hasMessageNotContaining("hunter2");
  }
}
