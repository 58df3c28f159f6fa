package dev.slipway.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * docs/operating.md's command lines ({@code $ slipway ...}, {@code ./slipway ...}) are commands
 * this {@code slipway} accepts, with the options they show (the outputs under them come from
 * OperateCommandsTest's runs).
 */
class OperatingDocTest {
  private static final Path DOC = Path.of("../../docs/operating.md");

  @Test
  void everyCommandLineInTheDocParses() throws Exception {
    List<String> lines = new ArrayList<>();
    for (String line : Files.readAllLines(DOC)) {
      String l = line.strip();
      if (l.startsWith("$ slipway ") || l.startsWith("./slipway ")) {
        lines.add(
            l.substring(l.indexOf("slipway ") + "slipway ".length()).replaceAll("\\s+#.*$", ""));
      }
    }
    assertThat(lines).hasSizeGreaterThan(8);
    for (String line : lines) {
      String[] args = words(line);
      CommandLine cli = SlipwayCli.commandLine();
      try {
        cli.parseArgs(args);
      } catch (CommandLine.ParameterException e) {
        throw new AssertionError("docs/operating.md: '" + line + "': " + e.getMessage(), e);
      }
    }
  }

  /** Splits a shell line into words: single or double quotes group, nothing else is special. */
  static String[] words(String line) {
    List<String> out = new ArrayList<>();
    StringBuilder w = new StringBuilder();
    char quote = 0;
    boolean any = false;
    for (char c : line.toCharArray()) {
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        } else {
          w.append(c);
        }
      } else if (c == '\'' || c == '"') {
        quote = c;
        any = true;
      } else if (Character.isWhitespace(c)) {
        if (any || w.length() > 0) {
          out.add(w.toString());
        }
        w.setLength(0);
        any = false;
      } else {
        w.append(c);
      }
    }
    if (any || w.length() > 0) {
      out.add(w.toString());
    }
    return out.toArray(String[]::new);
  }
}
