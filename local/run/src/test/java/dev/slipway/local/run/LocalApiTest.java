package dev.slipway.local.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.model.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link LocalApi} over handlers that answer with the event they got: the routes, and what of a
 * request reaches the handler and what of its answer reaches the client.
 */
class LocalApiTest {
  private final List<String> log = Collections.synchronizedList(new ArrayList<>());
  private final HttpClient http = HttpClient.newHttpClient();
  private LocalApi api;

  @AfterEach
  void stop() {
    if (api != null) {
      api.close();
    }
  }

  /** Answers 200 with the event it got as its JSON body, and which handler it is in a header. */
  private static RequestStreamHandler echo(String name) {
    return (in, out, context) -> {
      ObjectNode answer = Json.mapper().createObjectNode();
      answer.put("statusCode", 200);
      answer.putObject("headers").put("X-Handler", name).put("Content-Type", "application/json");
      answer.put("body", new String(in.readAllBytes(), StandardCharsets.UTF_8));
      answer.put("isBase64Encoded", false);
      out.write(Json.mapper().writeValueAsBytes(answer));
    };
  }

  private LocalApi echoing() {
    api = LocalApi.start(new LocalApi.Handlers(echo("webhooks"), echo("approvals")), log::add);
    return api;
  }

  private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private URI at(String pathAndQuery) {
    return URI.create(api.uri() + pathAndQuery);
  }

  @Test
  void routes_shouldSendApprovalsToTheApprovalHandler_andEveryOtherPathToTheWebhookHandler()
      throws Exception {
    echoing();

    var webhook = send(HttpRequest.newBuilder(at("/webhooks/github")).POST(body("{}")));
    var approval = send(HttpRequest.newBuilder(at("/approvals/a1b2")).GET());
    var decide = send(HttpRequest.newBuilder(at("/approvals/a1b2")).POST(body("{}")));
    var unknown = send(HttpRequest.newBuilder(at("/nothing/here")).GET());

    assertThat(webhook.headers().firstValue("X-Handler")).contains("webhooks");
    assertThat(approval.headers().firstValue("X-Handler")).contains("approvals");
    assertThat(decide.headers().firstValue("X-Handler")).contains("approvals");
    assertThat(unknown.headers().firstValue("X-Handler")).contains("webhooks");
    assertThat(Json.mapper().readTree(unknown.body()).path("path").asText())
        .isEqualTo("/nothing/here");
    assertThat(log)
        .contains(
            "api: POST /webhooks/github → 200",
            "api: GET /approvals/a1b2 → 200",
            "api: GET /nothing/here → 200");
  }

  @Test
  void event_shouldCarryTheMethodPathHeadersDecodedQueryAndBody_asARestProxyEvent()
      throws Exception {
    echoing();

    var response =
        send(
            HttpRequest.newBuilder(at("/approvals/x9?app=checkout&build=104&sig=a%2Bb%3D&flag"))
                .header("Content-Type", "application/json")
                .header("X-Hub-Signature-256", "sha256=abc")
                .POST(body("{\"decision\":\"approve\",\"by\":\"ü\"}")));

    JsonNode event = Json.mapper().readTree(response.body());
    assertThat(event.path("httpMethod").asText()).isEqualTo("POST");
    assertThat(event.path("path").asText()).isEqualTo("/approvals/x9");
    assertThat(header(event, "x-hub-signature-256")).isEqualTo("sha256=abc");
    assertThat(header(event, "content-type")).isEqualTo("application/json");
    assertThat(event.path("queryStringParameters").path("app").asText()).isEqualTo("checkout");
    assertThat(event.path("queryStringParameters").path("build").asText()).isEqualTo("104");
    assertThat(event.path("queryStringParameters").path("sig").asText()).isEqualTo("a+b=");
    assertThat(event.path("queryStringParameters").path("flag").asText()).isEmpty();
    assertThat(event.path("multiValueQueryStringParameters").path("app").get(0).asText())
        .isEqualTo("checkout");
    assertThat(event.path("isBase64Encoded").asBoolean()).isFalse();
    assertThat(event.path("body").asText()).isEqualTo("{\"decision\":\"approve\",\"by\":\"ü\"}");
    assertThat(event.at("/requestContext/requestId").asText()).isNotBlank();
    // what the handler answered, as it answered it
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
    // the log names the path, never the query (an approval link's signature)
    assertThat(String.join("\n", log)).contains("/approvals/x9 → 200").doesNotContain("sig");
  }

  @Test
  void event_shouldBase64ABodyThatIsNotText_andNullTheQueryAndBodyWhenThereAreNone()
      throws Exception {
    echoing();
    byte[] binary = {(byte) 0xff, 0, (byte) 0xfe, 'a'};

    JsonNode binaryEvent =
        Json.mapper()
            .readTree(
                send(HttpRequest.newBuilder(at("/webhooks/build"))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(binary)))
                    .body());
    JsonNode emptyEvent =
        Json.mapper().readTree(send(HttpRequest.newBuilder(at("/webhooks/build")).GET()).body());

    assertThat(binaryEvent.path("isBase64Encoded").asBoolean()).isTrue();
    assertThat(Base64.getDecoder().decode(binaryEvent.path("body").asText())).isEqualTo(binary);
    assertThat(emptyEvent.path("body").isNull()).isTrue();
    assertThat(emptyEvent.path("queryStringParameters").isNull()).isTrue();
  }

  @Test
  void answer_shouldCarryTheHandlersStatusHeadersAndBase64Body() throws Exception {
    RequestStreamHandler teapot =
        (in, out, context) ->
            out.write(
                Json.mapper()
                    .writeValueAsBytes(
                        Json.mapper()
                            .createObjectNode()
                            .put("statusCode", 418)
                            .<ObjectNode>set(
                                "headers",
                                Json.mapper().createObjectNode().put("Content-Type", "text/plain"))
                            .put(
                                "body",
                                Base64.getEncoder()
                                    .encodeToString(
                                        "short and stout".getBytes(StandardCharsets.UTF_8)))
                            .put("isBase64Encoded", true)));
    api = LocalApi.start(new LocalApi.Handlers(teapot, teapot), log::add);

    var response = send(HttpRequest.newBuilder(at("/webhooks/jenkins")).POST(body("{}")));

    assertThat(response.statusCode()).isEqualTo(418);
    assertThat(response.headers().firstValue("Content-Type")).contains("text/plain");
    assertThat(response.body()).isEqualTo("short and stout");
  }

  @Test
  void aHandlerThatFails_shouldBeA502_asApiGatewayAnswersAFailedIntegration() throws Exception {
    RequestStreamHandler broken =
        (in, out, context) -> {
          throw new IOException("the handler broke");
        };
    api = LocalApi.start(new LocalApi.Handlers(broken, broken), log::add);

    var response = send(HttpRequest.newBuilder(at("/webhooks/github")).POST(body("{}")));

    assertThat(response.statusCode()).isEqualTo(502);
    assertThat(Json.mapper().readTree(response.body()).path("message").asText())
        .isEqualTo("Internal server error");
    assertThat(log).anyMatch(l -> l.startsWith("api: slipway-webhook failed with "));
  }

  @Test
  void beforeItServes_shouldAnswer503() throws Exception {
    api = LocalApi.open(log::add);

    var response = send(HttpRequest.newBuilder(at("/webhooks/github")).POST(body("{}")));

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.body()).contains("still starting");
  }

  private static String header(JsonNode event, String lowerCaseName) {
    var fields = event.path("headers").fields();
    while (fields.hasNext()) {
      var e = fields.next();
      if (e.getKey().equalsIgnoreCase(lowerCaseName)) {
        return e.getValue().asText();
      }
    }
    return null;
  }

  private static HttpRequest.BodyPublisher body(String text) {
    return HttpRequest.BodyPublishers.ofString(text, StandardCharsets.UTF_8);
  }
}
