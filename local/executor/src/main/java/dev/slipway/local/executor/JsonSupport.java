package dev.slipway.local.executor;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The executor's JSON: Jackson trees, decimals kept as written ({@code 0.0} stays {@code 0.0}),
 * compact output as AWS prints it.
 */
public final class JsonSupport {
  /** AWS's payload limit: 256 KiB of UTF-8 JSON. */
  public static final int MAX_PAYLOAD_BYTES = 262_144;

  private static final ObjectMapper MAPPER =
      new ObjectMapper()
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false);

  private JsonSupport() {}

  /** The mapper the executor reads and writes JSON with. */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /** Parses JSON text; an empty or blank text is JSON null. */
  public static JsonNode parse(String json) {
    if (json == null || json.isBlank()) {
      return NullNode.getInstance();
    }
    try {
      JsonNode n = MAPPER.readTree(json);
      return n == null ? NullNode.getInstance() : n;
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not valid JSON: " + e.getOriginalMessage(), e);
    }
  }

  /** Compact JSON text, as AWS prints payloads. */
  public static String compact(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node == null ? NullNode.getInstance() : node);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** UTF-8 size of the compact form. */
  public static int size(JsonNode node) {
    return compact(node).getBytes(StandardCharsets.UTF_8).length;
  }

  private static final java.time.format.DateTimeFormatter MILLIS =
      java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
          .withZone(java.time.ZoneOffset.UTC);

  /** A timestamp as the context object shows it: ISO-8601 UTC with milliseconds. */
  static String timestamp(java.time.Instant t) {
    return MILLIS.format(t);
  }

  static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  static JsonNode toNode(Object value) {
    return value instanceof JsonNode n ? n : MAPPER.valueToTree(value);
  }
}
