package dev.slipway.local.executor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * docs/local-executor.md's "How the interpreter is organised" matches the code: every class it
 * names exists, every state-type and check class is named, and each stays a file one can read.
 */
class InterpreterLayoutTest {
  private static final Path DOC = Path.of("../../docs/local-executor.md");
  private static final Path SOURCES = Path.of("src/main/java/dev/slipway/local/executor");
  private static final int MAX_LINES = 400;

  /** The intrinsic functions, one after another: long, but one job. */
  private static final Set<String> LONG_BY_DESIGN = Set.of("Intrinsics");

  @Test
  void everyClassTheDocNamesExists() throws IOException {
    assertThat(documented())
        .isNotEmpty()
        .allSatisfy(c -> assertThat(SOURCES.resolve(c + ".java")).as(c).exists());
  }

  @Test
  void everyStateTypeAndCheckClassIsInTheDoc() throws IOException {
    Set<String> documented = documented();
    try (Stream<Path> files = Files.list(SOURCES)) {
      List<String> parts =
          files
              .map(p -> p.getFileName().toString().replace(".java", ""))
              .filter(c -> c.endsWith("State") || c.endsWith("Checks"))
              .toList();
      assertThat(parts).isNotEmpty();
      assertThat(documented).containsAll(parts);
    }
  }

  @Test
  void theClassesTheDocNamesStayUnder400Lines() throws IOException {
    List<String> tooLong = new ArrayList<>();
    for (String c : documented()) {
      long lines = Files.readAllLines(SOURCES.resolve(c + ".java")).size();
      if (lines > MAX_LINES && !LONG_BY_DESIGN.contains(c)) {
        tooLong.add(c + " (" + lines + " lines)");
      }
    }
    assertThat(tooLong).isEmpty();
  }

  /** The class names in the first column of the section's table. */
  private static Set<String> documented() throws IOException {
    String doc = Files.readString(DOC);
    int start = doc.indexOf("## How the interpreter is organised");
    assertThat(start).as("the section in " + DOC).isNotNegative();
    int end = doc.indexOf("\n## ", start + 1);
    String section = doc.substring(start, end < 0 ? doc.length() : end);
    Set<String> names = new LinkedHashSet<>();
    Pattern name = Pattern.compile("`([A-Z][A-Za-z]+)`");
    for (String line : section.split("\n")) {
      if (!line.startsWith("| `")) {
        continue;
      }
      Matcher m = name.matcher(line.substring(1, line.indexOf('|', 1)));
      while (m.find()) {
        names.add(m.group(1));
      }
    }
    return names;
  }
}
