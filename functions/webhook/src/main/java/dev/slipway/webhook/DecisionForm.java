package dev.slipway.webhook;

import dev.slipway.approvals.Hmac;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;

/**
 * The approval page's form ({@code application/x-www-form-urlencoded}: {@code decision}, {@code
 * by}, {@code comment} and {@link #TOKEN}) and what protects it from cross-site posting: the token,
 * which only the signed page carries (an HMAC of the approval id and the link's signature under the
 * approvals key), and the browser's {@code Sec-Fetch-Site} and {@code Origin} headers where it
 * sends them. Also which answer a request wants: a page or the JSON of the API.
 */
final class DecisionForm {
  /** The form field of the token. */
  static final String TOKEN = "form";

  private static final String VERSION = "slipway-approval-form:v1\n";

  private DecisionForm() {}

  /** The form token of the page of link {@code id} signed {@code sig}, under the approvals key. */
  static String token(String secret, String id, String sig) {
    return HexFormat.of()
        .formatHex(Hmac.sign(secret, (VERSION + id + "\n" + sig).getBytes(StandardCharsets.UTF_8)));
  }

  /** Whether a request is the page's form (a browser's POST), by its content type. */
  static boolean isForm(HttpRequest request) {
    return mediaType(request.header("content-type").orElse(""))
        .equals("application/x-www-form-urlencoded");
  }

  /**
   * Whether the request prefers a page to JSON: {@code Accept} ranks {@code text/html} above {@code
   * application/json} (a browser's {@code text/html,...,*}{@code /*;q=0.8}). No {@code Accept},
   * {@code *}{@code /*} or {@code application/json}: JSON, as before the page existed.
   */
  static boolean wantsPage(HttpRequest request) {
    String accept = request.header("accept").orElse("");
    double html = -1;
    double json = -1;
    double any = -1;
    for (String part : accept.split(",")) {
      String[] params = part.split(";");
      String type = params[0].trim().toLowerCase(Locale.ROOT);
      double q = 1;
      for (int i = 1; i < params.length; i++) {
        String p = params[i].trim();
        if (p.startsWith("q=")) {
          try {
            q = Double.parseDouble(p.substring(2));
          } catch (NumberFormatException e) {
            q = 0;
          }
        }
      }
      switch (type) {
        case "text/html" -> html = Math.max(html, q);
        case "application/json" -> json = Math.max(json, q);
        case "*/*" -> any = Math.max(any, q);
        default -> {}
      }
    }
    return html > 0 && html > json && html >= any;
  }

  /**
   * Why the browser says this POST did not come from the page, or null. {@code Sec-Fetch-Site},
   * which no page can set, decides when present: only {@code same-origin} passes. Without it (older
   * browsers), an {@code Origin} must name the request's {@code Host}. A client that sends neither
   * header is judged by the token alone.
   */
  static String crossSite(HttpRequest request) {
    String site = request.header("sec-fetch-site").orElse(null);
    if (site != null) {
      return site.trim().equalsIgnoreCase("same-origin")
          ? null
          : "Sec-Fetch-Site " + Fields.clip(site);
    }
    String origin = request.header("origin").orElse(null);
    String host = request.header("host").orElse(null);
    if (origin == null || host == null) {
      return null;
    }
    String authority;
    try {
      authority = URI.create(origin.trim()).getRawAuthority();
    } catch (IllegalArgumentException e) {
      authority = null;
    }
    if (authority == null || !authority.equalsIgnoreCase(host.trim())) {
      return "Origin " + Fields.clip(origin) + " is not this host";
    }
    return null;
  }

  /** The form's fields (the first value of each). */
  static Map<String, String> fields(HttpRequest request) {
    Map<String, String> fields = new HashMap<>();
    for (String pair : request.bodyText().split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      try {
        String name =
            URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
        String value =
            eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        fields.putIfAbsent(name, value);
      } catch (IllegalArgumentException e) {
        throw new Fields.BadRequest("the form is not valid URL encoding");
      }
    }
    return fields;
  }

  private static String mediaType(String contentType) {
    return contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
  }
}
