package dev.slipway.judge;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.model.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** The R fixtures written by src/test/r/golden.R. */
record GoldenFixtures(
    String name,
    String call,
    String estimateCall,
    double confLevel,
    double lower,
    double upper,
    double estimate,
    double estimateCorrected,
    double[] x,
    double[] y) {

  static final String RESOURCE = "/golden/wilcox.json";

  @Override
  public String toString() {
    return name;
  }

  static List<GoldenFixtures> load() {
    try (InputStream in = GoldenFixtures.class.getResourceAsStream(RESOURCE)) {
      return parse(Json.mapper().readTree(in));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<GoldenFixtures> parse(JsonNode root) {
    List<GoldenFixtures> out = new ArrayList<>();
    for (JsonNode c : root) {
      out.add(
          new GoldenFixtures(
              c.get("name").asText(),
              c.get("call").asText(),
              c.get("estimateCall").asText(),
              c.get("confLevel").asDouble(),
              c.get("lower").asDouble(),
              c.get("upper").asDouble(),
              c.get("estimate").asDouble(),
              c.get("estimateCorrected").asDouble(),
              doubles(c.get("x")),
              doubles(c.get("y"))));
    }
    return out;
  }

  private static double[] doubles(JsonNode array) {
    double[] out = new double[array.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = array.get(i).asDouble();
    }
    return out;
  }
}
