package dev.slipway.local.run;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A JDK HTTP server on a free loopback port, on daemon threads, serving one handler at {@code /}.
 */
final class LoopbackServer implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService threads;

  /**
   * Starts {@code handler} on threads named {@code threadName}; {@code what} names the server in
   * the error when no port can be opened.
   */
  LoopbackServer(String threadName, String what, HttpHandler handler) {
    LocalAwsEndpoint.preferNoDelay();
    try {
      this.server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException("could not open " + what + " on loopback", e);
    }
    this.threads =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, threadName);
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(threads);
    server.createContext("/", handler);
    server.start();
  }

  /** {@code http://127.0.0.1:<port>}. */
  URI uri() {
    return URI.create(
        "http://"
            + server.getAddress().getAddress().getHostAddress()
            + ":"
            + server.getAddress().getPort());
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
