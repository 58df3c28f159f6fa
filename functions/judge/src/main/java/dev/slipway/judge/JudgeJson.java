package dev.slipway.judge;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.slipway.model.Json;

/**
 * Reads and writes {@link CanaryJudgeResult} exactly as Kayenta does: Kayenta's field order, null
 * fields omitted, NaN written as the string {@code "NaN"}.
 */
public final class JudgeJson {
  private static final ObjectMapper MAPPER = Json.mapper();
  private static final ObjectWriter COMPACT = MAPPER.writerFor(CanaryJudgeResult.class);
  private static final ObjectWriter PRETTY = COMPACT.withDefaultPrettyPrinter();

  private JudgeJson() {}

  /** One line of JSON. */
  public static String write(CanaryJudgeResult result) {
    return write(COMPACT, result);
  }

  /** Indented JSON, for people. */
  public static String writePretty(CanaryJudgeResult result) {
    return write(PRETTY, result);
  }

  /** Reads a result written by {@link #write} (or by Kayenta). */
  public static CanaryJudgeResult read(String json) {
    try {
      return MAPPER.readValue(json, CanaryJudgeResult.class);
    } catch (JsonProcessingException e) {
      throw JudgeErrors.invalid(
          "canary judge result", "", "not a readable result: " + e.getOriginalMessage(), e);
    }
  }

  private static String write(ObjectWriter writer, CanaryJudgeResult result) {
    try {
      return writer.writeValueAsString(result);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a judge result could not be written as JSON", e);
    }
  }
}
