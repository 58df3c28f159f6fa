package dev.slipway.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/configuration.md's key tables against the schema: a documented key the schema does not have,
 * or a schema key no table documents, fails the build. Each key table follows a marker {@code <!--
 * schema-keys: PATH[, PATH] -->} naming where its keys live ({@code (top level)}, {@code
 * clusters[]}, {@code applications[].release}, ...); its rows' first cells are keys relative to it.
 */
class ConfigDocsTest {
  static final Path DOC = Path.of("../../docs/configuration.md");
  static final Pattern MARKER = Pattern.compile("<!-- schema-keys: (.+?) -->");
  static final Pattern ROW = Pattern.compile("^\\| `([^`]+)` \\|");

  @Test
  void configurationMd_shouldDocumentExactlyTheSchemasKeys() throws IOException {
    assertThat(problems(Files.readString(DOC), schemaKeys())).isEmpty();
  }

  @Test
  void check_shouldFail_whenASchemaKeyIsNotDocumented() throws IOException {
    String doc = Files.readString(DOC);
    String row = "| `canary.onNoData` |";
    assertThat(doc).contains(row);
    String without = doc.lines().filter(l -> !l.startsWith(row)).reduce("", (a, l) -> a + l + "\n");

    assertThat(problems(without, schemaKeys()))
        .containsExactly(
            "applications[].release.canary.onNoData is in the schema but no table documents it");
  }

  @Test
  void check_shouldFail_whenADocumentedKeyDoesNotExist() throws IOException {
    String doc = Files.readString(DOC);
    String anchor = "| `progressDeadlineSeconds` | `600` |";
    assertThat(doc).contains(anchor);
    String withTypo =
        doc.replace(anchor, "| `progress_deadline_seconds` | `600` | the old name |\n" + anchor);

    assertThat(problems(withTypo, schemaKeys()))
        .containsExactly(
            "applications[].release.progress_deadline_seconds is documented but the schema has no"
                + " such key");
  }

  @Test
  void check_shouldFail_forEveryKey_whenNoTableIsMarked() {
    String doc = "# Configuration\n\n| field | meaning |\n| --- | --- |\n| `version` | 1 |\n";

    List<String> problems = problems(doc, schemaKeys());

    assertThat(problems).hasSize(schemaKeys().size());
    assertThat(problems).contains("version is in the schema but no table documents it");
  }

  static Set<String> schemaKeys() {
    return JsonSchema.load(ConfigParser.SCHEMA).keyPaths();
  }

  /** What is wrong between the docs' marked tables and the schema's keys. */
  static List<String> problems(String doc, Set<String> schema) {
    Set<String> documented = documentedKeys(doc);
    List<String> out = new ArrayList<>();
    for (String d : documented) {
      if (!schema.contains(d)) {
        out.add(d + " is documented but the schema has no such key");
      }
    }
    for (String k : schema) {
      // a block is documented by its own row or by rows of its keys (images.runtime, ...)
      boolean covered =
          documented.contains(k)
              || documented.stream().anyMatch(d -> d.startsWith(k + ".") || d.startsWith(k + "[]"));
      if (!covered) {
        out.add(k + " is in the schema but no table documents it");
      }
    }
    return out;
  }

  /** The full key path of every row of every marked table. */
  static Set<String> documentedKeys(String doc) {
    Set<String> keys = new TreeSet<>();
    List<String> lines = doc.lines().toList();
    for (int i = 0; i < lines.size(); i++) {
      Matcher m = MARKER.matcher(lines.get(i));
      if (!m.find()) {
        continue;
      }
      List<String> prefixes = new ArrayList<>();
      for (String p : m.group(1).split(",")) {
        prefixes.add(p.strip().equals("(top level)") ? "" : p.strip());
      }
      int row = i + 1;
      int seen = 0;
      for (; row < lines.size() && lines.get(row).startsWith("|"); row++, seen++) {
        Matcher cell = ROW.matcher(lines.get(row));
        if (seen < 2 || !cell.find()) {
          continue; // the header and the separator
        }
        for (String prefix : prefixes) {
          keys.add(prefix.isEmpty() ? cell.group(1) : prefix + "." + cell.group(1));
        }
      }
      assertThat(seen).as("a table right after the marker on line " + (i + 1)).isGreaterThan(2);
    }
    return keys;
  }
}
