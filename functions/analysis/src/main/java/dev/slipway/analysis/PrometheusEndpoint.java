package dev.slipway.analysis;

import dev.slipway.model.TerminalStepException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;

/**
 * How to reach a Prometheus-compatible query API: the base URL (everything before {@code
 * /api/v1/query_range}, e.g. {@code http://thanos-query:9090} or {@code
 * https://mimir.example.com/prometheus}), GET or POST, credentials and extra headers (a tenant
 * header such as {@code X-Scope-OrgID} for Cortex/Mimir), and the per-request timeout.
 *
 * <p>{@link #toString()} never prints credentials or header values.
 */
public record PrometheusEndpoint(
    URI baseUrl, Method method, Auth auth, Map<String, String> headers, Duration timeout) {

  /**
   * GET puts the query in the URL; POST sends it as a form (long queries, proxies with URL limits).
   */
  public enum Method {
    GET,
    POST
  }

  /** Credentials sent on every request. */
  public sealed interface Auth {
    /**
     * The headers that authenticate one request.
     *
     * @param method GET or POST
     * @param uri the full request URI
     * @param headers the other headers of the request
     * @param body the request body (empty for GET)
     */
    Map<String, String> headers(String method, URI uri, Map<String, String> headers, byte[] body);
  }

  public record NoAuth() implements Auth {
    @Override
    public Map<String, String> headers(
        String method, URI uri, Map<String, String> headers, byte[] body) {
      return Map.of();
    }
  }

  public record Basic(String user, String password) implements Auth {
    public Basic {
      Objects.requireNonNull(user, "user");
      Objects.requireNonNull(password, "password");
    }

    @Override
    public Map<String, String> headers(
        String method, URI uri, Map<String, String> headers, byte[] body) {
      String raw = user + ":" + password;
      return Map.of(
          "Authorization",
          "Basic " + Base64.getEncoder().encodeToString(raw.getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public String toString() {
      return "Basic[user=" + user + ", password=***]";
    }
  }

  public record Bearer(String token) implements Auth {
    public Bearer {
      Objects.requireNonNull(token, "token");
    }

    @Override
    public Map<String, String> headers(
        String method, URI uri, Map<String, String> headers, byte[] body) {
      return Map.of("Authorization", "Bearer " + token);
    }

    @Override
    public String toString() {
      return "Bearer[***]";
    }
  }

  /**
   * AWS Signature Version 4, for Amazon Managed Service for Prometheus (service {@code aps}): every
   * request is signed with the credentials the provider resolves (the default chain: the Lambda's
   * role, or the environment/profile locally).
   */
  public record SigV4(String region, String service, AwsCredentialsProvider credentials)
      implements Auth {
    public SigV4 {
      Objects.requireNonNull(region, "region");
      service = service == null ? "aps" : service;
      Objects.requireNonNull(credentials, "credentials");
    }

    @Override
    public Map<String, String> headers(
        String method, URI uri, Map<String, String> headers, byte[] body) {
      SdkHttpRequest.Builder request =
          SdkHttpRequest.builder().method(SdkHttpMethod.fromValue(method)).uri(uri);
      headers.forEach(request::putHeader);
      AwsCredentials identity;
      try {
        identity = credentials.resolveCredentials();
      } catch (SdkClientException e) {
        throw new TerminalStepException(
            CanaryErrors.METRICS_ACCESS_DENIED,
            "no AWS credentials to sign Prometheus requests with SigV4 ("
                + e.getMessage()
                + "). Give the function a role, or set up credentials (environment or profile)"
                + " for slipway canary.");
      }
      SignedRequest signed =
          AwsV4HttpSigner.create()
              .sign(
                  r ->
                      r.identity(identity)
                          .request(request.build())
                          .payload(ContentStreamProvider.fromByteArray(body))
                          .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
                          .putProperty(AwsV4HttpSigner.REGION_NAME, region));
      Map<String, String> out = new LinkedHashMap<>();
      signed
          .request()
          .headers()
          .forEach(
              (name, values) -> {
                if (!name.equalsIgnoreCase("Host") && !headers.containsKey(name)) {
                  out.put(name, String.join(",", values));
                }
              });
      return out;
    }

    @Override
    public String toString() {
      return "SigV4[region=" + region + ", service=" + service + "]";
    }
  }

  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  public PrometheusEndpoint {
    Objects.requireNonNull(baseUrl, "baseUrl");
    String scheme = baseUrl.getScheme();
    if (scheme == null
        || !(scheme.equals("http") || scheme.equals("https"))
        || baseUrl.getHost() == null) {
      throw new IllegalArgumentException(invalid("the Prometheus URL", baseUrl.toString()));
    }
    method = method == null ? Method.GET : method;
    auth = auth == null ? new NoAuth() : auth;
    headers = Map.copyOf(headers == null ? Map.of() : headers);
    timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
  }

  /** An endpoint with GET, no credentials, no extra headers and the default timeout. */
  public static PrometheusEndpoint of(String url) {
    return of("the Prometheus URL", url);
  }

  /**
   * As {@link #of(String)}, for a URL read from {@code setting} (e.g. {@code
   * SLIPWAY_PROMETHEUS_URL}): a bad one is an {@link IllegalArgumentException} that names the
   * setting and quotes only a short escaped prefix of the value, never its user-info, query or
   * fragment (where credentials hide).
   */
  public static PrometheusEndpoint of(String setting, String url) {
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) { // its message quotes the whole value
      throw new IllegalArgumentException(invalid(setting, url));
    }
    if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())
        || uri.getHost() == null) {
      throw new IllegalArgumentException(invalid(setting, url));
    }
    return new PrometheusEndpoint(uri, Method.GET, null, null, null);
  }

  private static String invalid(String setting, String url) {
    return setting
        + " must be an http(s) URL with a host, e.g. http://localhost:9090; it begins '"
        + shownPrefix(url)
        + "'";
  }

  /** How many characters of a bad URL a message shows at most. */
  static final int SHOWN = 24;

  /**
   * The start of {@code url} that is safe to quote: before any query or fragment, without the
   * authority when it holds user-info ({@code user:password@}), at most {@value #SHOWN} characters,
   * non-printable characters escaped.
   */
  static String shownPrefix(String url) {
    String s = url;
    int end = s.length();
    for (char c : new char[] {'?', '#'}) {
      int i = s.indexOf(c);
      end = i >= 0 ? Math.min(end, i) : end;
    }
    s = s.substring(0, end);
    int at = s.indexOf('@');
    if (at >= 0) {
      int scheme = s.indexOf("://");
      s = (scheme >= 0 && scheme < at ? s.substring(0, scheme + 3) : "") + "…@";
    }
    StringBuilder out = new StringBuilder();
    s.codePoints()
        .limit(SHOWN)
        .forEach(
            cp -> {
              if (cp >= 0x20 && cp < 0x7f && cp != '\'' && cp != '\\' || cp == '…') {
                out.appendCodePoint(cp);
              } else {
                out.append(String.format("\\u%04x", cp));
              }
            });
    return s.codePointCount(0, s.length()) > SHOWN ? out + "…" : out.toString();
  }

  public PrometheusEndpoint withMethod(Method m) {
    return new PrometheusEndpoint(baseUrl, m, auth, headers, timeout);
  }

  public PrometheusEndpoint withAuth(Auth a) {
    return new PrometheusEndpoint(baseUrl, method, a, headers, timeout);
  }

  public PrometheusEndpoint withHeader(String name, String value) {
    Map<String, String> h = new LinkedHashMap<>(headers);
    h.put(name, value);
    return new PrometheusEndpoint(baseUrl, method, auth, h, timeout);
  }

  public PrometheusEndpoint withTimeout(Duration t) {
    return new PrometheusEndpoint(baseUrl, method, auth, headers, t);
  }

  /** The query_range URL. */
  public URI queryRangeUri() {
    String base = baseUrl.toString();
    while (base.endsWith("/")) {
      base = base.substring(0, base.length() - 1);
    }
    return URI.create(base + "/api/v1/query_range");
  }

  /** The URL without user-info, query or credentials: safe to print. */
  public String display() {
    return baseUrl.getScheme()
        + "://"
        + baseUrl.getHost()
        + (baseUrl.getPort() >= 0 ? ":" + baseUrl.getPort() : "")
        + (baseUrl.getRawPath() == null ? "" : baseUrl.getRawPath());
  }

  @Override
  public String toString() {
    return "PrometheusEndpoint["
        + display()
        + ", "
        + method
        + ", auth="
        + auth.getClass().getSimpleName()
        + ", headers="
        + headers.keySet()
        + ", timeout="
        + timeout
        + "]";
  }
}
