package dev.slipway.analysis;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A tiny HTTP fake of {@code /api/v1/query_range}: answers from a queue of (status, body) and
 * records every request it got.
 */
final class FakePrometheus implements AutoCloseable {
  static final Path FIXTURES = Path.of("src/test/resources/fixtures/prometheus");

  record Request(
      String method, String path, Map<String, String> params, Map<String, String> headers) {}

  record Answer(int status, String body) {}

  private final HttpServer server;
  private final Deque<Answer> answers = new ArrayDeque<>();
  final List<Request> requests = new ArrayList<>();

  FakePrometheus() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext(
        "/",
        ex -> {
          String raw =
              ex.getRequestMethod().equals("POST")
                  ? new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)
                  : ex.getRequestURI().getRawQuery();
          Map<String, String> headers = new LinkedHashMap<>();
          ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), v.get(0)));
          Map<String, String> params = new LinkedHashMap<>();
          if (raw != null) {
            for (String kv : raw.split("&")) {
              int i = kv.indexOf('=');
              params.put(
                  URLDecoder.decode(kv.substring(0, i), StandardCharsets.UTF_8),
                  URLDecoder.decode(kv.substring(i + 1), StandardCharsets.UTF_8));
            }
          }
          synchronized (this) {
            requests.add(
                new Request(ex.getRequestMethod(), ex.getRequestURI().getPath(), params, headers));
          }
          Answer a;
          synchronized (this) {
            a = answers.size() > 1 ? answers.poll() : answers.peek();
          }
          byte[] b = (a == null ? "" : a.body()).getBytes(StandardCharsets.UTF_8);
          ex.getResponseHeaders().set("Content-Type", "application/json");
          ex.sendResponseHeaders(a == null ? 500 : a.status(), b.length == 0 ? -1 : b.length);
          if (b.length > 0) {
            ex.getResponseBody().write(b);
          }
          ex.close();
        });
    server.start();
  }

  /** Queues an answer; the last one queued repeats. */
  synchronized FakePrometheus answer(int status, String body) {
    answers.add(new Answer(status, body));
    return this;
  }

  FakePrometheus answerFixture(int status, String fixture) {
    try {
      return answer(status, Files.readString(FIXTURES.resolve(fixture)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
