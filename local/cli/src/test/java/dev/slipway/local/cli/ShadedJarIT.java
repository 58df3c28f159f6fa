package dev.slipway.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's first command as a user runs it: {@code java -jar local/cli/target/slipway.jar run}
 * in a fresh JVM, from the shaded jar (failsafe, after {@code package}). The other CLI tests run on
 * the test classpath, which holds every module whatever the jar holds; this one fails when a class
 * `slipway run` needs at runtime is missing from the jar (a test-scoped declaration once dropped
 * local/replay from it).
 */
class ShadedJarIT {
  private static final Path ROOT = Path.of("../..").toAbsolutePath().normalize();
  private static final Path JAR = Path.of("target/slipway.jar").toAbsolutePath();

  @TempDir Path dir;

  @Test
  void slipwayRun_fromTheShadedJar_shouldReleaseTheDemo() throws Exception {
    assertThat(JAR).as("the shaded jar (built in package)").exists();
    Path log = dir.resolve("run.log");
    Process p =
        new ProcessBuilder(
                List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-jar",
                    JAR.toString(),
                    "run"))
            .directory(ROOT.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    boolean ended = p.waitFor(10, TimeUnit.MINUTES);
    if (!ended) {
      p.destroyForcibly();
    }
    String out = read(log);
    assertThat(ended).as("slipway run ended within 10 min:%n%s", out).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    assertThat(out).doesNotContain("NoClassDefFoundError").contains("SUCCEEDED");
  }

  private static String read(Path log) throws IOException {
    return Files.readString(log, StandardCharsets.UTF_8);
  }
}
