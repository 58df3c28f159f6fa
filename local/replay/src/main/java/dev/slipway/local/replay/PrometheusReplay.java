package dev.slipway.local.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An in-process stand-in for Prometheus's HTTP API that serves recorded {@code query_range} answers
 * (the files in {@code events/canary/prometheus/}), for demos and pipeline tests that must run
 * without a Prometheus.
 *
 * <p>A recording was made around one release ({@code releaseStartedAt}). The replay is anchored at
 * another instant: a request is matched by its query (whitespace-insensitive) and by where its
 * window sits relative to the anchor, and the answer's timestamps are shifted by the same amount.
 * So "the release that started at 21:00 today" gets the recorded data as if it had happened then. A
 * request without a recording gets Prometheus's own 400 {@code bad_data} shape, naming the query,
 * so it surfaces as {@code Slipway.Canary.BadQuery} rather than as silent empty data.
 *
 * <p>A stand-in for {@code local/} and tests: it is in no Lambda jar.
 *
 * <p>Serves {@code GET}/{@code POST /api/v1/query_range} and {@code GET /-/ready} on a loopback
 * port; {@link #close()} stops it.
 */
public final class PrometheusReplay implements AutoCloseable {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** One recorded answer, with its window relative to the recording's release. */
  record Entry(
      String query,
      Duration startOffset,
      Duration endOffset,
      long stepSeconds,
      JsonNode response) {}

  private final HttpServer server;
  private final List<Entry> entries;
  private final Instant anchor;
  private final Instant recordedAnchor;
  private final boolean alignWindows;
  private final List<Request> requests = new java.util.concurrent.CopyOnWriteArrayList<>();

  /**
   * One {@code query_range} request as received: the query, its first and last point, the step
   * (seconds, as sent) and the request's headers that name a tenant ({@code THANOS-TENANT}, {@code
   * X-Scope-OrgID}; never credentials).
   */
  public record Request(String query, Instant start, Instant end, String step, String tenant) {}

  /**
   * How a replay adapts a recording to another release.
   *
   * @param queryRewrites literal replacements applied to the recorded queries, e.g. {@code
   *     app="search"} to {@code app="checkout"}: the recording then answers the same queries for
   *     another app or cluster
   * @param alignWindows when a request's window does not sit exactly where the recorded one did,
   *     answer with the recorded window of the same query and length on the same side of the
   *     release (before it: control; after it: experiment), shifted onto the requested start. For
   *     demos whose rollouts take a different time than the recorded one did.
   */
  public record Options(Map<String, String> queryRewrites, boolean alignWindows) {
    /** Exact matching, queries as recorded. */
    public static final Options EXACT = new Options(Map.of(), false);

    public Options {
      queryRewrites = Map.copyOf(queryRewrites);
    }
  }

  private PrometheusReplay(
      HttpServer server,
      List<Entry> entries,
      Instant recordedAnchor,
      Instant anchor,
      boolean alignWindows) {
    this.server = server;
    this.entries = entries;
    this.recordedAnchor = recordedAnchor;
    this.anchor = anchor;
    this.alignWindows = alignWindows;
  }

  /**
   * Starts a replay of {@code recording} (a file in {@code events/canary/prometheus/}) on a free
   * loopback port, anchored so that the recorded release appears to have started at {@code
   * releaseStartedAt}.
   */
  public static PrometheusReplay start(Path recording, Instant releaseStartedAt) {
    return start(recording, releaseStartedAt, Options.EXACT);
  }

  /** As {@link #start(Path, Instant)}, adapted to another release by {@code options}. */
  public static PrometheusReplay start(Path recording, Instant releaseStartedAt, Options options) {
    return start(recording, releaseStartedAt, List.of(options));
  }

  /**
   * As {@link #start(Path, Instant, Options)}, the recording answering under each of {@code
   * variants}' rewrites: e.g. one per cluster of a canary gate, each cluster's queries answered
   * with the recorded data. Windows are aligned when the first variant says so.
   */
  public static PrometheusReplay start(
      Path recording, Instant releaseStartedAt, List<Options> variants) {
    JsonNode root;
    try {
      root = MAPPER.readTree(Files.readAllBytes(recording));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the Prometheus recording " + recording, e);
    }
    Instant recordedAnchor = Instant.parse(root.path("releaseStartedAt").asText());
    List<Entry> entries = new ArrayList<>();
    for (Options options : variants) {
      for (JsonNode q : root.path("queries")) {
        Instant start = Instant.parse(q.path("start").asText());
        Instant end = Instant.parse(q.path("end").asText());
        entries.add(
            new Entry(
                normalize(rewrite(q.path("query").asText(), options.queryRewrites())),
                Duration.between(recordedAnchor, start),
                Duration.between(recordedAnchor, end),
                q.path("step").asLong(),
                relabel(q.path("response"), options.queryRewrites())));
      }
    }
    try {
      HttpServer server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      PrometheusReplay replay =
          new PrometheusReplay(
              server, entries, recordedAnchor, releaseStartedAt, variants.get(0).alignWindows());
      server.createContext("/api/v1/query_range", replay::queryRange);
      server.createContext(
          "/-/ready", ex -> respond(ex, 200, "Prometheus replay is Ready.\n", "text/plain"));
      server.setExecutor(
          Executors.newCachedThreadPool(
              r -> {
                Thread t = new Thread(r, "prometheus-replay");
                t.setDaemon(true);
                return t;
              }));
      server.start();
      return replay;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the Prometheus replay", e);
    }
  }

  /** The base URL, e.g. {@code http://127.0.0.1:40123}. */
  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Every {@code query_range} request received so far, in order (tests read the windows asked). */
  public List<Request> requests() {
    return List.copyOf(requests);
  }

  @Override
  public void close() {
    server.stop(0);
    ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
  }

  private void queryRange(HttpExchange ex) throws IOException {
    String raw =
        ex.getRequestMethod().equals("POST")
            ? new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)
            : ex.getRequestURI().getRawQuery();
    Map<String, String> params = form(raw == null ? "" : raw);
    String query = params.getOrDefault("query", "");
    Instant start;
    Instant end;
    try {
      start = parseTime(params.get("start"));
      end = parseTime(params.get("end"));
    } catch (RuntimeException e) {
      respond(
          ex, 400, error("bad_data", "invalid start/end: " + e.getMessage()), "application/json");
      return;
    }
    requests.add(
        new Request(
            query,
            start,
            end,
            params.get("step"),
            java.util.Optional.ofNullable(ex.getRequestHeaders().getFirst("THANOS-TENANT"))
                .orElse(ex.getRequestHeaders().getFirst("X-Scope-OrgID"))));
    Duration shift = Duration.between(recordedAnchor, anchor);
    Duration startOffset = Duration.between(anchor, start);
    Duration endOffset = Duration.between(anchor, end);
    String q = normalize(query);
    for (Entry e : entries) {
      if (e.query().equals(q)
          && e.startOffset().equals(startOffset)
          && e.endOffset().equals(endOffset)) {
        respond(
            ex, 200, MAPPER.writeValueAsString(shifted(e.response(), shift)), "application/json");
        return;
      }
    }
    if (alignWindows) {
      Duration length = Duration.between(start, end);
      boolean before = start.isBefore(anchor);
      for (Entry e : entries) {
        if (e.query().equals(q)
            && e.endOffset().minus(e.startOffset()).equals(length)
            && e.startOffset().isNegative() == before) {
          Duration onto = Duration.between(recordedAnchor.plus(e.startOffset()), start);
          respond(
              ex, 200, MAPPER.writeValueAsString(shifted(e.response(), onto)), "application/json");
          return;
        }
      }
    }
    respond(
        ex,
        400,
        error(
            "bad_data",
            "slipway replay has no recording for query '"
                + query
                + "' at "
                + startOffset
                + " to "
                + endOffset
                + " from the release; recorded: "
                + entries.stream().map(en -> en.query() + " @" + en.startOffset()).toList()),
        "application/json");
  }

  private static JsonNode shifted(JsonNode response, Duration shift) {
    ObjectNode copy = response.deepCopy();
    double s = shift.toMillis() / 1000.0;
    for (JsonNode series : copy.path("data").path("result")) {
      for (JsonNode pair : series.path("values")) {
        ArrayNode p = (ArrayNode) pair;
        double t = p.get(0).asDouble() + s;
        if (t == Math.rint(t)) {
          p.set(0, p.numberNode((long) t));
        } else {
          p.set(0, p.numberNode(t));
        }
      }
    }
    return copy;
  }

  /**
   * The same rewrites applied to the answer's series labels: a {@code app="search"} → {@code
   * app="checkout"} rewrite also relabels the series the recording answered with.
   */
  static JsonNode relabel(JsonNode response, Map<String, String> rewrites) {
    JsonNode copy = response.deepCopy();
    for (JsonNode series : copy.path("data").path("result")) {
      if (!(series.get("metric") instanceof ObjectNode metric)) {
        continue;
      }
      for (Map.Entry<String, String> r : rewrites.entrySet()) {
        Matcher from = LABEL.matcher(r.getKey());
        Matcher to = LABEL.matcher(r.getValue());
        if (from.matches()
            && to.matches()
            && from.group(1).equals(to.group(1))
            && from.group(2).equals(metric.path(from.group(1)).asText(null))) {
          metric.put(from.group(1), to.group(2));
        }
      }
    }
    return copy;
  }

  private static final Pattern LABEL = Pattern.compile("(\\w+)=\"([^\"]*)\"");

  private static String rewrite(String query, Map<String, String> rewrites) {
    String out = query;
    for (Map.Entry<String, String> r : rewrites.entrySet()) {
      out = out.replace(r.getKey(), r.getValue());
    }
    return out;
  }

  static String normalize(String q) {
    return q.replaceAll("\\s+", " ").strip();
  }

  private static Instant parseTime(String s) {
    if (s == null) {
      throw new IllegalArgumentException("missing");
    }
    if (s.contains("T")) {
      return Instant.parse(s);
    }
    return Instant.ofEpochMilli(Math.round(Double.parseDouble(s) * 1000));
  }

  private static Map<String, String> form(String raw) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String kv : raw.split("&")) {
      if (kv.isEmpty()) {
        continue;
      }
      int i = kv.indexOf('=');
      String k = URLDecoder.decode(i < 0 ? kv : kv.substring(0, i), StandardCharsets.UTF_8);
      String v = i < 0 ? "" : URLDecoder.decode(kv.substring(i + 1), StandardCharsets.UTF_8);
      out.put(k, v);
    }
    return out;
  }

  private static String error(String type, String message) {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("status", "error");
    n.put("errorType", type);
    n.put("error", message);
    return n.toString();
  }

  private static void respond(HttpExchange ex, int status, String body, String type)
      throws IOException {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", type);
    ex.sendResponseHeaders(status, b.length);
    try (var os = ex.getResponseBody()) {
      os.write(b);
    }
  }
}
