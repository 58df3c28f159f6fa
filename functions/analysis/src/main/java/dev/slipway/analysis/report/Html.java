package dev.slipway.analysis.report;

/**
 * HTML escaping, in one place: every text that reaches the report from a config, a query, a label
 * or a judge's reason goes through {@link #esc}, in element content and in attribute values alike.
 */
final class Html {
  private Html() {}

  /** {@code s} with {@code < > & " '} escaped; null is the empty string. */
  static String esc(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder b = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      switch (c) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }
}
