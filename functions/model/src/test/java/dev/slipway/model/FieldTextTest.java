package dev.slipway.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FieldTextTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "checkout-api",
        "PROJ-123",
        "feature/ünïcödé-名前",
        "release 1.2 (hotfix) — ok",
        "registry.example.com/app@sha256:abc",
        "emoji 🚀 is one code point pair"
      })
  void ordinaryTextIsSafe(String value) {
    assertTrue(FieldText.isSafe(value), value);
  }

  @ParameterizedTest
  @ValueSource(
      ints = {
        '\n', '\r', 0x0B, 0x0C, 0x85, 0x2028, 0x2029, 0x00, 0x1B, 0x7F, 0x9F, 0x202E, 0x2066,
        0x200F, 0xFEFF, 0xD800, 0xDFFF
      })
  void lineBreaksControlsAndBidiAreRefusedByCodePoint(int cp) {
    String value = "checkout" + (char) cp + "---";
    var problem = FieldText.problem(value);
    assertTrue(problem.isPresent(), Integer.toHexString(cp));
    assertTrue(problem.get().contains(String.format("U+%04X", cp)), problem.get());
    assertTrue(problem.get().endsWith("at character 9"), problem.get());
    assertFalse(problem.get().contains("checkout"), "the value itself is never quoted");
  }

  @ParameterizedTest
  @ValueSource(ints = {0x2028, 0x85, '\n'})
  void aLineBreakIsNamedAsSuch(int cp) {
    assertEquals(
        String.format("holds a line break (U+%04X) at character 1", cp),
        FieldText.problem(String.valueOf((char) cp)).orElseThrow());
  }
}
