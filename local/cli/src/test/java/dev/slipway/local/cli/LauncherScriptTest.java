package dev.slipway.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./slipway} launcher's first run, with stand-ins for {@code mvn} and {@code java} on
 * the PATH: an offline build that fails (an empty Maven cache) is not shown; Maven's errors are
 * shown only when the online build fails too.
 */
class LauncherScriptTest {
  private static final Path LAUNCHER = Path.of("../../slipway");

  @TempDir Path dir;
  private Path root;
  private Path bin;

  @BeforeEach
  void copyTheLauncher() throws Exception {
    root = Files.createDirectories(dir.resolve("repo"));
    bin = Files.createDirectories(dir.resolve("bin"));
    Files.copy(LAUNCHER, root.resolve("slipway"));
    executable(
        "java",
        """
        #!/bin/sh
        echo "java $*"
        """);
  }

  private void executable(String name, String text) throws Exception {
    Path p = bin.resolve(name);
    Files.writeString(p, text);
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  /** A Maven that cannot resolve anything offline, as on a machine with an empty cache. */
  private void mavenWhoseOfflineBuildFails(String online) throws Exception {
    executable(
        "mvn",
        """
        #!/bin/sh
        for a in "$@"; do
          if [ "$a" = -o ]; then
            echo "[ERROR] Non-resolvable import POM: Cannot access central in offline mode"
            echo "[ERROR] Non-resolvable import POM: software.amazon.awssdk:bom"
            exit 1
          fi
        done
        """
            + online);
  }

  private record Run(int code, String out, String err) {}

  private Run launch(String... args) throws Exception {
    var command = new java.util.ArrayList<String>(java.util.List.of("bash", "slipway"));
    command.addAll(java.util.List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).directory(root.toFile());
    pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
    pb.redirectError(dir.resolve("stderr").toFile());
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    int code = p.waitFor();
    return new Run(code, out, Files.readString(dir.resolve("stderr")));
  }

  @Test
  @DisplayName("an offline build that fails and an online one that works print one line")
  void firstRun_shouldPrintOneLine_whenTheOnlineBuildSucceeds() throws Exception {
    mavenWhoseOfflineBuildFails(
        """
        echo "[INFO] BUILD SUCCESS"
        mkdir -p local/cli/target && : > local/cli/target/slipway.jar
        """);

    Run run = launch("--help");

    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.err().lines().toList())
        .containsExactly(
            "slipway: building the CLI (first run or sources changed; log: .slipway/build.log)...");
    assertThat(run.out().trim())
        .startsWith("java ")
        .endsWith("/local/cli/target/slipway.jar --help");
    assertThat(root.resolve(".slipway/build.log"))
        .content()
        .contains("Non-resolvable import POM", "BUILD SUCCESS");
  }

  @Test
  @DisplayName("a build that fails online too shows Maven's errors of that build and exits 1")
  void firstRun_shouldShowTheOnlineErrors_whenTheOnlineBuildFails() throws Exception {
    mavenWhoseOfflineBuildFails(
        """
        echo "[INFO] Compiling 12 source files"
        echo "[ERROR] COMPILATION ERROR : Foo.java:[3,1] class, interface, enum, or record expected"
        exit 1
        """);

    Run run = launch("--help");

    assertThat(run.code()).isEqualTo(1);
    assertThat(run.err())
        .contains("slipway: the build failed", "COMPILATION ERROR : Foo.java:[3,1]")
        .doesNotContain("Non-resolvable import POM", "[INFO]");
    assertThat(run.out()).isEmpty();
  }
}
