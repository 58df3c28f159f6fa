package dev.slipway.awshttp;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A real HTTP server on a free loopback port that records every request and answers with scripted
 * responses, in order (the last one repeats). Stands in for an AWS endpoint.
 */
public final class HttpFake implements AutoCloseable {
  public record Request(String method, String path, Map<String, String> headers, String body) {
    public String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  public record Response(int status, Map<String, String> headers, String body) {}

  private final HttpServer server;
  public final List<Request> requests = new ArrayList<>();
  private final Deque<Response> script = new ArrayDeque<>();

  public HttpFake() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          Map<String, String> headers = new TreeMap<>();
          exchange
              .getRequestHeaders()
              .forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), String.join(",", v)));
          String body =
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          Response r;
          synchronized (this) {
            requests.add(
                new Request(
                    exchange.getRequestMethod(),
                    exchange.getRequestURI().toString(),
                    headers,
                    body));
            r = script.size() > 1 ? script.poll() : script.peek();
          }
          if (r == null) {
            r = new Response(500, Map.of(), "no scripted response");
          }
          r.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
          byte[] bytes = r.body().getBytes(StandardCharsets.UTF_8);
          if (exchange.getRequestMethod().equals("HEAD") || bytes.length == 0) {
            exchange.sendResponseHeaders(r.status(), -1);
          } else {
            exchange.sendResponseHeaders(r.status(), bytes.length);
            exchange.getResponseBody().write(bytes);
          }
          exchange.close();
        });
    server.start();
  }

  /** Adds a response to the script. */
  public synchronized HttpFake then(int status, Map<String, String> headers, String body) {
    script.add(new Response(status, headers, body));
    return this;
  }

  public URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  public Request only() {
    if (requests.size() != 1) {
      throw new AssertionError("expected one request, got " + requests);
    }
    return requests.get(0);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
