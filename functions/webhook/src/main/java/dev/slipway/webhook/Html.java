package dev.slipway.webhook;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one escaping helper of the approval pages, and their templates (classpath resources under
 * {@code dev/slipway/webhook/page/}, with {@code {{name}}} slots). Every value that reaches a page
 * goes through {@link #esc}: app names, comments, diff lines and check details are all hostile.
 */
final class Html {
  private static final Pattern SLOT = Pattern.compile("\\{\\{([a-zA-Z]+)}}");

  private Html() {}

  /**
   * {@code s} as HTML text or as a double- or single-quoted attribute value: {@code & < > " '}
   * escaped, and control characters (but tab and newline) dropped. Null is the empty string.
   */
  static String esc(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> {
          if (c >= 0x20 && c != 0x7f || c == '\n' || c == '\t') {
            out.append(c);
          }
        }
      }
    }
    return out.toString();
  }

  /**
   * {@code url} as an {@code href}: only {@code https://} and {@code http://} URLs are links (no
   * {@code javascript:}, {@code data:}); anything else is empty, and the caller shows it as text.
   */
  static String href(String url) {
    if (url == null) {
      return "";
    }
    String u = url.strip();
    if (!(u.regionMatches(true, 0, "https://", 0, 8) || u.regionMatches(true, 0, "http://", 0, 7))
        || u.chars().anyMatch(c -> c < 0x21 || c == 0x7f)) {
      return "";
    }
    return esc(u);
  }

  /** The classpath resource {@code page/<name>} next to this class, as text. */
  static String resource(String name) {
    try (InputStream in = Html.class.getResourceAsStream("page/" + name)) {
      if (in == null) {
        throw new IllegalStateException("no resource page/" + name + " in the webhook jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * {@code template} with each {@code {{name}}} replaced by {@code slots.get(name)}, which must
   * already be HTML (escaped); an unknown slot is an error of the template.
   */
  static String fill(String template, Map<String, String> slots) {
    Matcher m = SLOT.matcher(template);
    StringBuilder out = new StringBuilder(template.length() * 2);
    while (m.find()) {
      String value = slots.get(m.group(1));
      if (value == null) {
        throw new IllegalStateException("no value for {{" + m.group(1) + "}}");
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** {@code 'sha256-<base64>'}: a Content-Security-Policy source for exactly this inline text. */
  static String cspHash(String inline) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(inline.getBytes(StandardCharsets.UTF_8));
      return "'sha256-" + Base64.getEncoder().encodeToString(digest) + "'";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }
}
