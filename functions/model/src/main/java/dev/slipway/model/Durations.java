package dev.slipway.model;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads durations as people write them: {@code 30m}, {@code 60s}, {@code 1h30m}, or ISO {@code
 * PT30M}.
 */
public final class Durations {
  private static final Pattern SHORT = Pattern.compile("(\\d+)(ms|s|m|h|d)");

  private Durations() {}

  public static Duration parse(String s) {
    if (s == null || s.isBlank()) {
      throw new IllegalArgumentException("empty duration");
    }
    String t = s.strip();
    if (t.startsWith("P") || t.startsWith("p")) {
      try {
        return Duration.parse(t);
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException("not a duration: '" + s + "' (try 30m, 60s, 1h30m)");
      }
    }
    Matcher m = SHORT.matcher(t);
    Duration d = Duration.ZERO;
    int at = 0;
    while (m.find()) {
      if (m.start() != at) {
        break;
      }
      long n = Long.parseLong(m.group(1));
      d =
          d.plus(
              switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
              });
      at = m.end();
    }
    if (at != t.length() || at == 0) {
      throw new IllegalArgumentException("not a duration: '" + s + "' (try 30m, 60s, 1h30m)");
    }
    return d;
  }

  /** The short form: 30m, 60s, 1h30m. */
  public static String format(Duration d) {
    if (d.isZero()) {
      return "0s";
    }
    StringBuilder b = new StringBuilder();
    long h = d.toHours();
    int m = d.toMinutesPart();
    int s = d.toSecondsPart();
    if (h > 0) {
      b.append(h).append('h');
    }
    if (m > 0) {
      b.append(m).append('m');
    }
    if (s > 0 || b.length() == 0) {
      b.append(s).append('s');
    }
    return b.toString();
  }
}
