package dev.slipway.local.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Grafana's legacy annotations API ({@code POST /api/annotations}, {@code PATCH
 * /api/annotations/{id}}) on a loopback port, answering with Grafana's own response shapes and
 * recording every request it receives. {@link Mode} switches it into the failures a release must
 * survive: Grafana answering 401 or 500, or hanging.
 */
public final class GrafanaRecorder implements AutoCloseable {

  /** How the recorder answers. */
  public enum Mode {
    HEALTHY,
    UNAUTHORIZED,
    SERVER_ERROR,
    HANGING
  }

  /** One request as received. The Authorization header is kept only as whether it matched. */
  public record Received(String method, String path, JsonNode body, boolean authorized) {}

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final HttpServer server;
  private final String expectedToken;
  private final List<Received> received = new ArrayList<>();
  private final Map<Long, ObjectNode> annotations = new LinkedHashMap<>();
  private final AtomicLong ids = new AtomicLong();
  private volatile Mode mode = Mode.HEALTHY;
  private volatile Duration hang = Duration.ofSeconds(30);

  private GrafanaRecorder(String expectedToken) throws IOException {
    this.expectedToken = expectedToken;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(Executors.newCachedThreadPool(daemonThreads()));
    server.createContext("/api/annotations", this::handle);
    server.start();
  }

  /**
   * Starts a recorder on a free loopback port.
   *
   * @param expectedToken the bearer token it accepts, or null to accept any request
   */
  public static GrafanaRecorder start(String expectedToken) throws IOException {
    return new GrafanaRecorder(expectedToken);
  }

  public URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  public void mode(Mode mode) {
    this.mode = mode;
  }

  /** How long a {@link Mode#HANGING} recorder holds each request before answering. */
  public void hangFor(Duration hang) {
    this.hang = hang;
  }

  public synchronized List<Received> received() {
    return List.copyOf(received);
  }

  /** The annotations as Grafana would now hold them, by id. */
  public synchronized Map<Long, JsonNode> annotations() {
    return Map.copyOf(annotations);
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      String path = exchange.getRequestURI().getPath();
      byte[] raw = exchange.getRequestBody().readAllBytes();
      JsonNode body = raw.length == 0 ? MAPPER.nullNode() : parse(raw);
      String auth = exchange.getRequestHeaders().getFirst("Authorization");
      boolean authorized = expectedToken == null || ("Bearer " + expectedToken).equals(auth);
      synchronized (this) {
        received.add(new Received(method, path, body, authorized));
      }
      switch (mode) {
        case HANGING -> sleep(hang);
        case SERVER_ERROR -> {
          reply(exchange, 500, "{\"message\":\"Failed to save annotation\"}");
          return;
        }
        case UNAUTHORIZED -> {
          reply(exchange, 401, "{\"message\":\"Unauthorized\"}");
          return;
        }
        case HEALTHY -> {}
      }
      if (!authorized) {
        reply(exchange, 401, "{\"message\":\"Unauthorized\"}");
        return;
      }
      if (body == null || !body.isObject()) {
        reply(exchange, 400, "{\"message\":\"bad request data\"}");
        return;
      }
      if ("POST".equals(method) && path.equals("/api/annotations")) {
        long id = ids.incrementAndGet();
        synchronized (this) {
          annotations.put(id, ((ObjectNode) body).deepCopy());
        }
        reply(exchange, 200, "{\"message\":\"Annotation added\",\"id\":" + id + "}");
      } else if ("PATCH".equals(method) && path.matches("/api/annotations/\\d+")) {
        long id = Long.parseLong(path.substring(path.lastIndexOf('/') + 1));
        synchronized (this) {
          ObjectNode existing = annotations.get(id);
          if (existing == null) {
            reply(exchange, 404, "{\"message\":\"Annotation not found\"}");
            return;
          }
          existing.setAll((ObjectNode) body);
        }
        reply(exchange, 200, "{\"message\":\"Annotation patched\"}");
      } else {
        reply(exchange, 404, "{\"message\":\"Not found\"}");
      }
    }
  }

  private static JsonNode parse(byte[] raw) {
    try {
      return MAPPER.readTree(raw);
    } catch (IOException e) {
      return null;
    }
  }

  private static void reply(HttpExchange exchange, int status, String json) throws IOException {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static java.util.concurrent.ThreadFactory daemonThreads() {
    return r -> {
      Thread t = new Thread(r, "grafana-recorder");
      t.setDaemon(true);
      return t;
    };
  }
}
