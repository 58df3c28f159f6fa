package dev.slipway.awshttp;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * AWS Signature Version 4 for a request sent with its whole body (no chunked signing): the
 * canonical request, the string to sign and the derived key exactly as the SigV4 specification
 * describes, checked against the AWS SDK's own signer on random requests (SigV4Test).
 *
 * <p>S3 is signed as S3 wants it, with the path encoded once; every other service gets the path
 * encoded twice, as the SDK does. The payload hash goes in {@code x-amz-content-sha256}.
 */
public final class SigV4 {
  static final String ALGORITHM = "AWS4-HMAC-SHA256";
  private static final DateTimeFormatter AMZ_DATE =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
  private static final HexFormat HEX = HexFormat.of();

  private SigV4() {}

  /**
   * The headers that sign a request: {@code Authorization}, {@code X-Amz-Date}, {@code
   * X-Amz-Security-Token} for temporary credentials and {@code x-amz-content-sha256}. The caller
   * sends them together with {@code headers}; {@code Host} is the URI's (with its port when it has
   * one), as HttpURLConnection sends it.
   *
   * @param method the HTTP method
   * @param uri the request URI, its path and query already percent-encoded as they will be sent
   * @param headers the headers that will be sent (besides Host), all of them signed
   * @param body the body (empty for none)
   */
  public static Map<String, String> sign(
      String method,
      URI uri,
      Map<String, String> headers,
      byte[] body,
      String service,
      String region,
      AwsCredentials credentials,
      Instant now) {
    String amzDate = AMZ_DATE.format(now);
    String date = amzDate.substring(0, 8);
    String payloadHash = HEX.formatHex(sha256(body));
    boolean s3 = service.equals("s3");

    Map<String, String> added = new LinkedHashMap<>();
    added.put("X-Amz-Date", amzDate);
    added.put("x-amz-content-sha256", payloadHash); // S3 requires it; the SDK sends it to all
    if (credentials.sessionToken() != null) {
      added.put("X-Amz-Security-Token", credentials.sessionToken());
    }

    TreeMap<String, String> signed = new TreeMap<>();
    signed.put("host", host(uri));
    headers.forEach((k, v) -> signed.put(k.toLowerCase(Locale.ROOT), trimAll(v)));
    added.forEach((k, v) -> signed.put(k.toLowerCase(Locale.ROOT), trimAll(v)));
    StringBuilder canonicalHeaders = new StringBuilder();
    signed.forEach((k, v) -> canonicalHeaders.append(k).append(':').append(v).append('\n'));
    String signedHeaders = String.join(";", signed.keySet());

    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    String canonicalRequest =
        method
            + '\n'
            + (s3 ? path : encode(path, true))
            + '\n'
            + canonicalQuery(uri.getRawQuery())
            + '\n'
            + canonicalHeaders
            + '\n'
            + signedHeaders
            + '\n'
            + payloadHash;
    String scope = date + '/' + region + '/' + service + "/aws4_request";
    String stringToSign =
        ALGORITHM
            + '\n'
            + amzDate
            + '\n'
            + scope
            + '\n'
            + HEX.formatHex(sha256(canonicalRequest.getBytes(StandardCharsets.UTF_8)));

    byte[] key = ("AWS4" + credentials.secretAccessKey()).getBytes(StandardCharsets.UTF_8);
    for (String part : new String[] {date, region, service, "aws4_request"}) {
      key = hmac(key, part);
    }
    String signature = HEX.formatHex(hmac(key, stringToSign));
    added.put(
        "Authorization",
        ALGORITHM
            + " Credential="
            + credentials.accessKeyId()
            + '/'
            + scope
            + ", SignedHeaders="
            + signedHeaders
            + ", Signature="
            + signature);
    return added;
  }

  /** RFC 3986 percent-encoding of UTF-8 bytes, leaving unreserved characters (and '/' if asked). */
  public static String encode(String s, boolean keepSlash) {
    StringBuilder out = new StringBuilder(s.length() + 16);
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if ((c >= 'A' && c <= 'Z')
          || (c >= 'a' && c <= 'z')
          || (c >= '0' && c <= '9')
          || c == '-'
          || c == '_'
          || c == '.'
          || c == '~'
          || (keepSlash && c == '/')) {
        out.append(c);
      } else {
        out.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xf, 16)));
        out.append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
      }
    }
    return out.toString();
  }

  /** The hex SHA-256 of nothing, the payload hash of a request without a body. */
  static String emptyHash() {
    return HEX.formatHex(sha256(new byte[0]));
  }

  private static String host(URI uri) {
    int port = uri.getPort();
    boolean defaultPort =
        port == -1
            || (port == 443 && "https".equals(uri.getScheme()))
            || (port == 80 && "http".equals(uri.getScheme()));
    return defaultPort ? uri.getHost() : uri.getHost() + ':' + port;
  }

  /** Parameters sorted by name, then value; each name and value encoded once. */
  private static String canonicalQuery(String rawQuery) {
    if (rawQuery == null || rawQuery.isEmpty()) {
      return "";
    }
    List<String[]> pairs = new ArrayList<>();
    for (String pair : rawQuery.split("&")) {
      int eq = pair.indexOf('=');
      String name = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      pairs.add(new String[] {reencode(name), reencode(value)});
    }
    pairs.sort((a, b) -> a[0].equals(b[0]) ? a[1].compareTo(b[1]) : a[0].compareTo(b[0]));
    StringBuilder out = new StringBuilder();
    for (String[] p : pairs) {
      if (out.length() > 0) {
        out.append('&');
      }
      out.append(p[0]).append('=').append(p[1]);
    }
    return out.toString();
  }

  /** A query component as sent (percent-encoded) in the canonical encoding. */
  private static String reencode(String raw) {
    return encode(
        java.net.URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8), false);
  }

  /** Trims and collapses runs of spaces, as the canonical header value requires. */
  private static String trimAll(String v) {
    return v.trim().replaceAll(" +", " ");
  }

  static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  private static byte[] hmac(byte[] key, String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }
}
