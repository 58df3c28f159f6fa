package dev.slipway.model;

import java.util.Optional;

/**
 * What a one-line text field a caller sends (component, ticket, commit, branch, image, a name) may
 * hold. YAML, JSON logs and HTTP headers each break lines at more than {@code \n}: YAML also at
 * U+0085 (NEL), U+2028 and U+2029, so a value with one of them can add documents to a rendered
 * manifest. A field is refused when it holds any of those, any control character (C0, DEL, C1, NUL
 * included), a bidirectional override or isolate (which make a reviewer read text in another order
 * than a parser does), a byte-order mark, or an unpaired surrogate.
 */
public final class FieldText {
  private FieldText() {}

  /**
   * Why {@code value} is not a one-line text field, naming the first offending character by code
   * point and position (never quoting the value itself), or empty when it is fine. Null is fine
   * here: whether a field is required is the caller's question.
   */
  public static Optional<String> problem(String value) {
    if (value == null) {
      return Optional.empty();
    }
    for (int i = 0; i < value.length(); ) {
      int cp = value.codePointAt(i);
      String what = describe(cp);
      if (what != null) {
        return Optional.of(String.format("holds %s (U+%04X) at character %d", what, cp, i + 1));
      }
      i += Character.charCount(cp);
    }
    return Optional.empty();
  }

  /** True when {@link #problem} finds nothing. */
  public static boolean isSafe(String value) {
    return problem(value).isEmpty();
  }

  private static String describe(int cp) {
    if (cp == '\n'
        || cp == '\r'
        || cp == 0x85
        || cp == 0x2028
        || cp == 0x2029
        || cp == 0x0B
        || cp == 0x0C) {
      return "a line break";
    }
    if (Character.getType(cp) == Character.CONTROL) {
      return "a control character";
    }
    if ((cp >= 0x202A && cp <= 0x202E)
        || (cp >= 0x2066 && cp <= 0x2069)
        || cp == 0x200E
        || cp == 0x200F
        || cp == 0x061C) {
      return "a bidirectional control";
    }
    if (cp == 0xFEFF) {
      return "a byte-order mark";
    }
    if (Character.isSurrogate((char) cp) && cp <= 0xFFFF) {
      return "an unpaired surrogate";
    }
    return null;
  }
}
