package dev.slipway.local.executor;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Reads the conformance fixtures: {@code conformance/<section>.json} → {"section", "cases"}. */
final class Fixtures {
  record Case(String file, String name, JsonNode node) {
    @Override
    public String toString() {
      return file + " › " + name;
    }
  }

  private Fixtures() {}

  static Path root() {
    try {
      return Path.of(Fixtures.class.getResource("/conformance").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static List<Case> all() {
    List<Case> out = new ArrayList<>();
    try (Stream<Path> files = Files.walk(root())) {
      for (Path p : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
        JsonNode doc = JsonSupport.parse(Files.readString(p));
        String file = root().relativize(p).toString();
        for (JsonNode c : doc.get("cases")) {
          out.add(new Case(file, c.get("name").asText(), c));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }
}
