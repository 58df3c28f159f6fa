package dev.slipway.local.executor;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;

/** AWS's 256 KiB limit on state inputs, outputs and results ({@code States.DataLimitExceeded}). */
final class PayloadLimits {
  private PayloadLimits() {}

  /** A result over 256 KiB: terminal {@code States.DataLimitExceeded} naming {@code who}. */
  static void limit(JsonNode result, String who) {
    if (oversized(result)) {
      throw StatesError.dataLimit(tooBig(who));
    }
  }

  /**
   * An input over 256 KiB (a task's input after Parameters/Arguments, a branch's or iteration's
   * input): terminal {@code States.DataLimitExceeded} naming the state. The cause text is
   * [inferred]: AWS's recordings only show the result form.
   */
  static void limitInput(JsonNode input, String state) {
    if (oversized(input)) {
      throw StatesError.dataLimit(
          "The state/task '"
              + state
              + "' has an input with a size exceeding the maximum number of bytes service limit.");
    }
  }

  /** Whether the UTF-8 bytes of the compact JSON exceed 256 KiB (262,144 bytes). */
  static boolean oversized(JsonNode value) {
    return oversized(JsonSupport.compact(value));
  }

  static boolean oversized(String compactJson) {
    // a UTF-8 char is at most 4 bytes (a surrogate pair is 2 chars, 4 bytes): short text is small
    return compactJson.length() > JsonSupport.MAX_PAYLOAD_BYTES / 4
        && compactJson.getBytes(StandardCharsets.UTF_8).length > JsonSupport.MAX_PAYLOAD_BYTES;
  }

  static String tooBig(String who) {
    return "The state/task '"
        + who
        + "' returned a result with a size exceeding the maximum number of bytes service limit.";
  }
}
