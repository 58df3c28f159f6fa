package dev.slipway.webhook;

import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Issue keys like {@code ABC-123} in commit messages and PR titles. */
final class Tickets {
  static final Pattern KEY =
      Pattern.compile("(?<![A-Za-z0-9])([A-Z][A-Z0-9]{1,9}-[1-9][0-9]{0,8})(?![A-Za-z0-9])");

  /** Things that look like issue keys and are not: encodings, algorithms, standards. */
  static final Set<String> NOT_PROJECTS =
      Set.of(
          "UTF", "ISO", "SHA", "MD", "AES", "RSA", "TLS", "SSL", "HTTP", "CVE", "RFC", "ECMA",
          "GPL", "PEP");

  private Tickets() {}

  /** The first issue key in the first text that has one, or null. */
  static String find(List<String> texts) {
    for (String t : texts) {
      Matcher m = KEY.matcher(t);
      while (m.find()) {
        String key = m.group(1);
        if (!NOT_PROJECTS.contains(key.substring(0, key.indexOf('-')))) {
          return key;
        }
      }
    }
    return null;
  }
}
