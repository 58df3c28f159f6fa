package dev.slipway.local.executor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A second opinion from {@code asl-validator} (npm, installed into {@code tools/} by ./run-tests or
 * {@code cd tools && npm install}): every definition in {@code statemachines/} must be valid, and
 * so must every conformance fixture our own validator accepts (except fixtures that name why
 * asl-validator cannot judge them, in {@code "aslValidator": "skip: reason"}).
 */
class AslValidatorTest {
  @TempDir Path tmp;

  private static Path repoRoot() {
    Path p = Path.of("").toAbsolutePath();
    while (p != null && !Files.exists(p.resolve("tools/package.json"))) {
      p = p.getParent();
    }
    if (p == null) {
      throw new IllegalStateException(
          "cannot find the repository root (tools/package.json) above "
              + Path.of("").toAbsolutePath());
    }
    return p;
  }

  /** Whether {@code node} runs at all (no environment reading: just try it). */
  private static boolean nodeRuns() {
    try {
      Process p = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static Path validator() {
    assumeTrue(nodeRuns(), "node is not installed: asl-validator cannot run (install Node 20+)");
    Path bin = repoRoot().resolve("tools/node_modules/.bin/asl-validator");
    assertThat(bin)
        .as("asl-validator is not installed: run `cd tools && npm install` (./run-tests does it)")
        .exists();
    return bin;
  }

  /** Runs asl-validator once over many files; returns file name → problems ("" when valid). */
  private static Map<String, String> validate(Path bin, List<Path> files)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(bin.toString()));
    for (Path f : files) {
      cmd.add("--json-path");
      cmd.add(f.toString());
    }
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    Map<String, String> result = new LinkedHashMap<>();
    String current = null;
    StringBuilder problems = new StringBuilder();
    for (String line : out.split("\\R")) {
      int q1 = line.indexOf("State machine definition \"");
      if (q1 >= 0) {
        if (current != null) {
          result.put(current, problems.toString().trim());
        }
        int start = q1 + "State machine definition \"".length();
        current = line.substring(start, line.indexOf('"', start));
        problems.setLength(0);
        if (line.contains("is invalid")) {
          problems.append("invalid: ");
        }
      } else if (current != null && !line.isBlank()) {
        problems.append(line.trim()).append("; ");
      }
    }
    if (current != null) {
      result.put(current, problems.toString().trim());
    }
    return result;
  }

  @Test
  @DisplayName(
      "every definition in statemachines/ is valid ASL for asl-validator and for the executor")
  void statemachines_shouldBeValid() throws Exception {
    Path bin = validator();
    List<Path> files;
    try (Stream<Path> s = Files.list(repoRoot().resolve("statemachines"))) {
      files = s.filter(f -> f.toString().endsWith(".json")).sorted().toList();
    }
    if (files.isEmpty()) {
      // Nothing to validate yet: say so rather than pretend.
      System.out.println(
          "AslValidatorTest: statemachines/ has no *.json definitions yet; nothing validated");
      return;
    }
    Map<String, String> r = validate(bin, files);
    for (Path f : files) {
      assertThat(r.get(f.toString())).as("asl-validator on " + f).isEmpty();
      assertThat(LocalExecutor.validate(Files.readString(f)))
          .as("executor validation of " + f)
          .isEmpty();
    }
  }

  @Test
  @DisplayName("conformance fixtures that our validator accepts are valid for asl-validator too")
  void validFixtures_shouldPassAslValidator() throws Exception {
    Path bin = validator();
    Map<Path, Fixtures.Case> byFile = new LinkedHashMap<>();
    int i = 0;
    for (Fixtures.Case c : Fixtures.all()) {
      JsonNode n = c.node();
      if (n.get("expect").has("invalid") || n.path("aslValidator").asText("").startsWith("skip")) {
        continue;
      }
      Path f = tmp.resolve("fixture-" + i++ + ".json");
      Files.writeString(f, JsonSupport.compact(n.get("definition")));
      byFile.put(f, c);
    }
    Map<String, String> r = validate(bin, new ArrayList<>(byFile.keySet()));
    List<String> rejected = new ArrayList<>();
    byFile.forEach(
        (f, c) -> {
          String problems = r.get(f.toString());
          if (problems == null || !problems.isEmpty()) {
            rejected.add(c + " → " + problems);
          }
        });
    assertThat(rejected).as("fixtures asl-validator rejects").isEmpty();
    assertThat(byFile).hasSizeGreaterThan(100);
  }
}
