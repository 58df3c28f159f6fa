package dev.slipway.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** docs/configuration.md's prometheus table names every key of the block, and nothing else. */
class PrometheusDocTest {
  static final Path DOC = Path.of("../../docs/configuration.md");

  @Test
  void prometheusTable_shouldDocumentExactlyTheBlocksKeys() throws IOException {
    String doc = Files.readString(DOC);
    int start = doc.indexOf("### `prometheus` (top level or per cluster)");
    assertThat(start).as("the prometheus section of " + DOC).isNotNegative();
    String section = doc.substring(start, doc.indexOf("\n## ", start));
    Matcher row = Pattern.compile("(?m)^\\| `([A-Za-z]+)` \\|").matcher(section);
    List<String> documented = row.results().map(r -> r.group(1)).toList();

    List<String> keys =
        Arrays.stream(Prometheus.class.getRecordComponents()).map(c -> c.getName()).toList();
    assertThat(documented).containsExactlyElementsOf(keys);
  }
}
