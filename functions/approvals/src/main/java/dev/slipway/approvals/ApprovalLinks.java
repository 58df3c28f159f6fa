package dev.slipway.approvals;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Signed approval links. The state machine step that opens a manual gate makes one with {@link
 * #link}; {@code GET} and {@code POST /approvals/{id}} accept a request only with a valid,
 * unexpired signature:
 *
 * <pre>
 * https://&lt;api&gt;/approvals/&lt;id&gt;?app=&lt;app&gt;&amp;build=&lt;build&gt;&amp;expires=&lt;unix seconds&gt;&amp;sig=&lt;hex&gt;
 * sig = hex(HMAC-SHA256(approvals secret, "slipway-approval:v1\n" + id + "\n" + app + "\n" + build + "\n" + expires))
 * </pre>
 */
public final class ApprovalLinks {
  static final String VERSION = "slipway-approval:v1";

  private ApprovalLinks() {}

  /** The signature of an approval link. */
  public static String signature(String secret, String id, String app, String build, long expires) {
    return Hmac.header(secret, canonical(id, app, build, expires)).substring(Hmac.PREFIX.length());
  }

  /** Whether {@code sig} signs the link. */
  public static boolean valid(
      String secret, String id, String app, String build, long expires, String sig) {
    return sig != null
        && Hmac.verify(Hmac.PREFIX + sig, secret, canonical(id, app, build, expires));
  }

  /**
   * A complete link under {@code baseUrl} (the API's URL, e.g. {@code https://x.execute-api...}).
   */
  public static String link(
      String baseUrl, String secret, String id, String app, String build, Instant expires) {
    long exp = expires.getEpochSecond();
    String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    return base
        + "/approvals/"
        + enc(id)
        + "?app="
        + enc(app)
        + "&build="
        + enc(build)
        + "&expires="
        + exp
        + "&sig="
        + signature(secret, id, app, build, exp);
  }

  private static byte[] canonical(String id, String app, String build, long expires) {
    return (VERSION + "\n" + id + "\n" + app + "\n" + build + "\n" + expires)
        .getBytes(StandardCharsets.UTF_8);
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
