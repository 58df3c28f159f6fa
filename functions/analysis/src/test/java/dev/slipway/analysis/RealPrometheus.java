package dev.slipway.analysis;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real Prometheus server (Debian's package) for tests: backfills OpenMetrics text with {@code
 * promtool tsdb create-blocks-from openmetrics}, starts {@code prometheus} on a free loopback port
 * with an empty scrape config, waits for {@code /-/ready}, and stops and deletes everything on
 * {@link #close()} (and from a shutdown hook, so nothing outlives the JVM).
 */
final class RealPrometheus implements AutoCloseable {
  private final Path dir;
  private final Process process;
  private final int port;
  private final Thread hook;

  private RealPrometheus(Path dir, Process process, int port) {
    this.dir = dir;
    this.process = process;
    this.port = port;
    this.hook = new Thread(process::destroyForcibly, "stop-prometheus-" + port);
    Runtime.getRuntime().addShutdownHook(hook);
  }

  /** Fails with what to do when the Debian package is missing. */
  static void requireInstalled() {
    for (String exe : List.of("prometheus", "promtool")) {
      try {
        Process p = new ProcessBuilder(exe, "--version").redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        p.waitFor(30, TimeUnit.SECONDS);
      } catch (IOException | InterruptedException e) {
        throw new IllegalStateException(
            exe
                + " is not installed: these tests run a real Prometheus. Run ./run-tests (it installs"
                + " the Debian package) or apt-get install prometheus.",
            e);
      }
    }
  }

  static RealPrometheus start(String openMetrics) throws IOException, InterruptedException {
    requireInstalled();
    Path dir = Files.createTempDirectory("slipway-prometheus-");
    Path data = dir.resolve("data.om");
    Files.writeString(data, openMetrics, StandardCharsets.UTF_8);
    Path tsdb = dir.resolve("tsdb");
    run(
        dir,
        List.of(
            "promtool",
            "tsdb",
            "create-blocks-from",
            "openmetrics",
            data.toString(),
            tsdb.toString()));
    Path config = dir.resolve("prometheus.yml");
    Files.writeString(config, "global:\n  scrape_interval: 15s\nscrape_configs: []\n");
    int port = freePort();
    Process p =
        new ProcessBuilder(
                "prometheus",
                "--config.file=" + config,
                "--storage.tsdb.path=" + tsdb,
                "--storage.tsdb.retention.time=30d",
                "--web.listen-address=127.0.0.1:" + port)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("prometheus.log").toFile())
            .start();
    RealPrometheus prometheus = new RealPrometheus(dir, p, port);
    try {
      prometheus.awaitReady(Duration.ofSeconds(30));
    } catch (IOException | RuntimeException e) {
      prometheus.close();
      throw e;
    }
    return prometheus;
  }

  String url() {
    return "http://127.0.0.1:" + port;
  }

  /** Stops the server (a test of "Prometheus went away" calls this mid-run). */
  void stop() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Override
  public void close() throws InterruptedException, IOException {
    try {
      stop();
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running or has run; nothing to remove
      }
      deleteTree(dir);
    }
  }

  private void awaitReady(Duration timeout) throws IOException, InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IOException(
            "prometheus exited with "
                + process.exitValue()
                + ": "
                + Files.readString(dir.resolve("prometheus.log")));
      }
      try {
        HttpResponse<Void> r =
            http.send(
                HttpRequest.newBuilder(URI.create(url() + "/-/ready")).build(),
                HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(50);
    }
    throw new IOException("prometheus was not ready within " + timeout);
  }

  private static void run(Path dir, List<String> command) throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new IOException(String.join(" ", command) + " failed: " + out);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
