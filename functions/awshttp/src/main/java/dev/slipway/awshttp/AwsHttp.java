package dev.slipway.awshttp;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Signed requests to AWS over {@link HttpURLConnection} (keep-alive by default, nothing else to
 * load): each attempt is signed afresh, and a request that got no answer, a 5xx, a 429 or a
 * throttling error is tried again after a jittered, doubling pause, within a time budget (a webhook
 * caller such as GitHub waits 10 s).
 */
public final class AwsHttp {

  /**
   * How long to wait and how often to try.
   *
   * @param connectTimeout to open a connection
   * @param readTimeout for the answer
   * @param attempts tries in all, at least 1
   * @param backoff the pause before the second try; doubled each time, with full jitter
   * @param budget no new try starts once this much time has passed since the first one
   */
  public record Settings(
      Duration connectTimeout,
      Duration readTimeout,
      int attempts,
      Duration backoff,
      Duration budget) {
    public Settings {
      if (attempts < 1) {
        throw new IllegalArgumentException("attempts must be at least 1");
      }
    }

    /**
     * 1 s to connect, 3 s to answer, 3 tries, 50 ms first pause, no new try after 5 s: a call ends
     * within about 9 s, inside the 10 s GitHub gives a webhook delivery.
     */
    public static Settings defaults() {
      return new Settings(
          Duration.ofSeconds(1),
          Duration.ofSeconds(3),
          3,
          Duration.ofMillis(50),
          Duration.ofSeconds(5));
    }
  }

  /** A request: its path and query percent-encoded as they will be sent. */
  public record Request(String method, URI uri, Map<String, String> headers, byte[] body) {
    public Request {
      headers = Map.copyOf(headers);
      body = body == null ? new byte[0] : body;
    }
  }

  /** An answer, with case-insensitive header lookup. */
  public record Response(int status, Map<String, String> headers, byte[] body) {
    /** The header's value, or null. */
    public String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  /** How a caller decides whether an error answer is worth another try. */
  @FunctionalInterface
  public interface ErrorReader {
    /** The error in an answer with a status of 300 or more. */
    AwsCallException read(String operation, Response response);
  }

  /** Waits between attempts; tests pass one that does not sleep. */
  @FunctionalInterface
  public interface Pause {
    void pause(Duration d) throws InterruptedException;
  }

  private final CredentialSource credentials;
  private final String region;
  private final Clock clock;
  private final Settings settings;
  private final Pause pause;

  public AwsHttp(
      CredentialSource credentials, String region, Clock clock, Settings settings, Pause pause) {
    this.credentials = credentials;
    this.region = region;
    this.clock = clock;
    this.settings = settings;
    this.pause = pause;
  }

  /** Defaults, the system clock and real pauses. */
  public AwsHttp(CredentialSource credentials, String region) {
    this(
        credentials,
        region,
        Clock.systemUTC(),
        Settings.defaults(),
        d -> Thread.sleep(d.toMillis()));
  }

  public String region() {
    return region;
  }

  /**
   * Sends {@code request} to {@code service} and returns the first answer below 300, or one that
   * {@code errors} says is final (status 300 and up) as an exception.
   *
   * @throws AwsCallException the service's error, or no answer after every attempt
   */
  public Response send(String service, String operation, Request request, ErrorReader errors) {
    long started = clock.millis();
    for (int attempt = 1; ; attempt++) {
      AwsCallException failure;
      try {
        Response response = once(service, request);
        if (response.status() < 300) {
          return response;
        }
        failure = errors.read(operation, response);
      } catch (IOException e) {
        failure =
            new AwsCallException(
                service,
                operation,
                0,
                null,
                "no answer from "
                    + request.uri().getHost()
                    + " ("
                    + e.getClass().getSimpleName()
                    + ")",
                e);
      }
      if (!failure.retryable()
          || attempt >= settings.attempts()
          || clock.millis() - started >= settings.budget().toMillis()) {
        throw failure;
      }
      long ceiling = settings.backoff().toMillis() << (attempt - 1);
      try {
        pause.pause(Duration.ofMillis(ThreadLocalRandom.current().nextLong(ceiling + 1)));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw failure;
      }
    }
  }

  private Response once(String service, Request request) throws IOException {
    Map<String, String> signing =
        SigV4.sign(
            request.method(),
            request.uri(),
            request.headers(),
            request.body(),
            service,
            region,
            credentials.credentials(),
            clock.instant());
    HttpURLConnection c = (HttpURLConnection) request.uri().toURL().openConnection();
    c.setConnectTimeout((int) settings.connectTimeout().toMillis());
    c.setReadTimeout((int) settings.readTimeout().toMillis());
    c.setInstanceFollowRedirects(false);
    c.setUseCaches(false);
    c.setRequestMethod(request.method());
    request.headers().forEach(c::setRequestProperty);
    signing.forEach(c::setRequestProperty);
    boolean sendsBody =
        !request.method().equals("GET")
            && !request.method().equals("HEAD")
            && !request.method().equals("DELETE");
    if (sendsBody) {
      c.setDoOutput(true);
      c.setFixedLengthStreamingMode(request.body().length);
      try (OutputStream out = c.getOutputStream()) {
        out.write(request.body());
      }
    }
    int status = c.getResponseCode();
    Map<String, String> headers = new TreeMap<>();
    for (Map.Entry<String, List<String>> h : c.getHeaderFields().entrySet()) {
      if (h.getKey() != null && !h.getValue().isEmpty()) {
        headers.put(h.getKey().toLowerCase(Locale.ROOT), h.getValue().get(0));
      }
    }
    byte[] body;
    try (InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream()) {
      body = in == null ? new byte[0] : in.readAllBytes();
    }
    return new Response(status, headers, body);
  }
}
