package dev.slipway.config;

import java.util.Locale;

/** Git repository names in one comparable form: {@code host/owner/name}, lower case. */
public final class RepoNames {
  private static final String DEFAULT_HOST = "github.com";

  private RepoNames() {}

  /**
   * {@code https://github.com/Acme/Checkout.git}, {@code git@github.com:acme/checkout.git}, {@code
   * ssh://git@github.com/acme/checkout} and {@code acme/checkout} all become {@code
   * github.com/acme/checkout}. Blank or null becomes the empty string.
   */
  public static String normalize(String repo) {
    if (repo == null || repo.isBlank()) {
      return "";
    }
    String s = repo.trim().toLowerCase(Locale.ROOT);
    int scheme = s.indexOf("://");
    if (scheme >= 0) {
      s = s.substring(scheme + 3);
    } else if (s.matches("^[^/@]+@[^:/]+:.*")) {
      s = s.replaceFirst(":", "/");
    } else if (s.chars().filter(ch -> ch == '/').count() == 1) {
      s = DEFAULT_HOST + "/" + s;
    }
    int at = s.indexOf('@');
    if (at >= 0 && at < s.indexOf('/')) {
      s = s.substring(at + 1);
    }
    int slash = s.indexOf('/');
    if (slash > 0) {
      String host = s.substring(0, slash).replaceFirst(":\\d+$", "");
      s = host + s.substring(slash);
    }
    while (s.endsWith("/")) {
      s = s.substring(0, s.length() - 1);
    }
    if (s.endsWith(".git")) {
      s = s.substring(0, s.length() - 4);
    }
    return s;
  }
}
