package dev.slipway.config;

import java.util.regex.Pattern;

/**
 * Branch and tag patterns: {@code *} matches within one path segment, {@code **} matches across
 * segments, everything else matches itself. {@code release/*} matches {@code release/1.4} but not
 * {@code release/1.4/hotfix}.
 */
public final class Glob {
  private Glob() {}

  /** Whether {@code value} matches {@code pattern}. */
  public static boolean matches(String pattern, String value) {
    return value != null && toRegex(pattern).matcher(value).matches();
  }

  /** The pattern as a regular expression. */
  static Pattern toRegex(String pattern) {
    StringBuilder re = new StringBuilder();
    int i = 0;
    while (i < pattern.length()) {
      char c = pattern.charAt(i);
      if (c == '*') {
        if (i + 1 < pattern.length() && pattern.charAt(i + 1) == '*') {
          re.append(".*");
          i += 2;
          continue;
        }
        re.append("[^/]*");
      } else {
        re.append(Pattern.quote(String.valueOf(c)));
      }
      i++;
    }
    return Pattern.compile(re.toString());
  }
}
