package dev.slipway.local.cli.operate;

import dev.slipway.model.FieldText;

/** Quoting values in messages: short, escaped prefixes only, never a whole hostile value. */
final class Texts {
  private static final int SHORT = 80;

  private Texts() {}

  static String shortEscaped(String value) {
    return shortEscaped(value, SHORT);
  }

  static String shortEscaped(String value, int max) {
    if (value == null) {
      return "";
    }
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < value.length() && b.length() < max; i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c == 0x7f || !FieldText.isSafe(String.valueOf(c))) {
        b.append(String.format("\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    return value.length() > max ? b + "..." : b.toString();
  }
}
