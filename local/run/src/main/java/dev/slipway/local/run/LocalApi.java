package dev.slipway.local.run;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import dev.slipway.local.executor.HandlerFailure;
import dev.slipway.local.executor.LambdaRuntime;
import dev.slipway.local.executor.LocalContext;
import dev.slipway.model.Json;
import dev.slipway.webhook.ApprovalHandler;
import dev.slipway.webhook.WebhookHandler;
import dev.slipway.webhook.WebhookWiring;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * The webhook API of {@code slipway up}, served as API Gateway would: each HTTP request at a free
 * loopback port becomes a REST API proxy event ({@code httpMethod}, {@code path}, {@code headers},
 * {@code multiValueHeaders}, {@code queryStringParameters}, {@code body}, {@code isBase64Encoded},
 * {@code requestContext.requestId}) for the approval handler ({@code /approvals/...}) or the
 * webhook handler (every other path: it answers unknown ones with its named 404), and the handler's
 * {@code statusCode}, {@code headers} and {@code body} become the HTTP answer.
 *
 * <p>It logs the method, the path and the status, never a query (an approval link's signature), a
 * header or a body.
 */
public final class LocalApi implements AutoCloseable {
  /**
   * The most of a body handed to a handler: one byte over the handlers' own 1 MiB limit, so that
   * they answer a larger body with their 413.
   */
  static final int MAX_BODY = (1 << 20) + 1;

  /** API Gateway's integration timeout, the one the handlers' Context reports. */
  static final Duration TIMEOUT = Duration.ofSeconds(29);

  private static final String ACCOUNT_ARN = "arn:aws:lambda:us-east-1:123456789012:function:";

  /** The two handlers the API routes to. */
  public record Handlers(RequestStreamHandler webhooks, RequestStreamHandler approvals) {}

  private final LoopbackServer server;
  private final Consumer<String> log;
  private volatile Handlers handlers;

  private LocalApi(Consumer<String> log) {
    this.log = log;
    this.server = new LoopbackServer("slipway-local-api", "the local webhook API", this::handle);
  }

  /**
   * Opens the API without handlers, so that its URL can be given to the functions first; until
   * {@link #serve} it answers 503.
   */
  static LocalApi open(Consumer<String> log) {
    return new LocalApi(log);
  }

  /** Starts the API over {@code handlers}; one line per request goes to {@code log}. */
  public static LocalApi start(Handlers handlers, Consumer<String> log) {
    LocalApi api = open(log);
    api.serve(handlers);
    return api;
  }

  /** Routes to {@code handlers} from now on. */
  void serve(Handlers handlers) {
    this.handlers = handlers;
  }

  /**
   * The webhook and approval handlers as Lambda builds them ({@link
   * WebhookWiring#fromEnvironment}), from {@code env} rather than this process's environment.
   */
  public static Handlers handlers(Map<String, String> env) {
    WebhookWiring wiring = WebhookWiring.fromEnvironment(env, Clock.systemUTC());
    return new Handlers(new WebhookHandler(wiring), new ApprovalHandler(wiring));
  }

  /** {@code http://127.0.0.1:<port>}. */
  public URI uri() {
    return server.uri();
  }

  private void handle(HttpExchange x) throws IOException {
    String path = x.getRequestURI().getPath();
    try (x) {
      int status;
      Handlers served = handlers;
      String requestId = UUID.randomUUID().toString();
      byte[] answer;
      if (served == null) {
        status = 503;
        answer = message("Service Unavailable: slipway up is still starting");
      } else {
        boolean approvals = path.startsWith("/approvals/");
        String function = approvals ? "slipway-approvals" : "slipway-webhook";
        byte[] event = Json.mapper().writeValueAsBytes(event(x, requestId));
        LocalContext context =
            new LocalContext(requestId, function, ACCOUNT_ARN + function, TIMEOUT, line -> {});
        try {
          JsonNode response =
              Json.mapper()
                  .readTree(
                      LambdaRuntime.invoke(
                          approvals ? served.approvals() : served.webhooks(), event, context));
          status = response.path("statusCode").asInt(502);
          answer = body(response);
          copyHeaders(response, x);
        } catch (HandlerFailure f) {
          // API Gateway's answer to a failed Lambda integration
          status = 502;
          answer = message("Internal server error");
          log.accept("api: " + function + " failed with " + f.errorType());
        }
      }
      if (!x.getResponseHeaders().containsKey("Content-Type")) {
        x.getResponseHeaders().set("Content-Type", "application/json");
      }
      // logged before the answer goes out, so that the line precedes whatever the client does next
      log.accept("api: " + x.getRequestMethod() + " " + path + " → " + status);
      x.sendResponseHeaders(status, answer.length == 0 ? -1 : answer.length);
      x.getResponseBody().write(answer);
    }
  }

  /** The REST API (payload format 1.0) proxy event of one request. */
  static ObjectNode event(HttpExchange x, String requestId) throws IOException {
    ObjectNode event = Json.mapper().createObjectNode();
    String path = x.getRequestURI().getPath();
    event.put("resource", "/{proxy+}");
    event.put("path", path);
    event.put("httpMethod", x.getRequestMethod());
    ObjectNode headers = event.putObject("headers");
    ObjectNode multiHeaders = event.putObject("multiValueHeaders");
    x.getRequestHeaders()
        .forEach(
            (name, values) -> {
              headers.put(name, values.get(values.size() - 1));
              values.forEach(multiHeaders.putArray(name)::add);
            });
    String query = x.getRequestURI().getRawQuery();
    if (query == null || query.isEmpty()) {
      event.putNull("queryStringParameters");
      event.putNull("multiValueQueryStringParameters");
    } else {
      ObjectNode single = event.putObject("queryStringParameters");
      ObjectNode multi = event.putObject("multiValueQueryStringParameters");
      for (String pair : query.split("&")) {
        if (pair.isEmpty()) {
          continue;
        }
        int eq = pair.indexOf('=');
        String name = decode(eq < 0 ? pair : pair.substring(0, eq));
        String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
        single.put(name, value);
        ArrayNode values = multi.has(name) ? (ArrayNode) multi.get(name) : multi.putArray(name);
        values.add(value);
      }
    }
    byte[] body = x.getRequestBody().readNBytes(MAX_BODY);
    if (body.length == 0) {
      event.putNull("body");
      event.put("isBase64Encoded", false);
    } else {
      try {
        event.put(
            "body", StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(body)).toString());
        event.put("isBase64Encoded", false);
      } catch (CharacterCodingException notText) {
        event.put("body", Base64.getEncoder().encodeToString(body));
        event.put("isBase64Encoded", true);
      }
    }
    ObjectNode context = event.putObject("requestContext");
    context.put("requestId", requestId);
    context.put("stage", "local");
    context.put("httpMethod", x.getRequestMethod());
    context.put("path", path);
    context.put("resourcePath", "/{proxy+}");
    return event;
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }

  private static byte[] body(JsonNode response) {
    JsonNode body = response.path("body");
    if (!body.isTextual()) {
      return new byte[0];
    }
    return response.path("isBase64Encoded").asBoolean(false)
        ? Base64.getMimeDecoder().decode(body.asText())
        : body.asText().getBytes(StandardCharsets.UTF_8);
  }

  private static void copyHeaders(JsonNode response, HttpExchange x) {
    for (Iterator<Map.Entry<String, JsonNode>> it = response.path("headers").fields();
        it.hasNext(); ) {
      var e = it.next();
      x.getResponseHeaders().set(e.getKey(), e.getValue().asText());
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = response.path("multiValueHeaders").fields();
        it.hasNext(); ) {
      var e = it.next();
      List<String> values = new ArrayList<>();
      e.getValue().forEach(v -> values.add(v.asText()));
      x.getResponseHeaders().put(e.getKey(), values);
    }
  }

  private static byte[] message(String text) throws IOException {
    return Json.mapper().writeValueAsBytes(Json.mapper().createObjectNode().put("message", text));
  }

  @Override
  public void close() {
    server.close();
  }
}
