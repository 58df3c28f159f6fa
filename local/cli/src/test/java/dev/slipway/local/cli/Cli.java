package dev.slipway.local.cli;

import dev.slipway.local.run.LocalUp;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** The {@code slipway} command for tests of other packages: run it, capture what it prints. */
public final class Cli {
  private Cli() {}

  /** A run's exit code, stdout and stderr. */
  public record Result(int code, String out, String err) {}

  /** What {@code slipway up} writes to its env file, for {@code up}. */
  public static void writeEnvironment(LocalUp up, Path file) throws IOException {
    UpCommand.write(UpCommand.environment(up), file);
  }

  /** Runs {@code slipway args} and returns its exit code, stdout and stderr. */
  public static synchronized Result run(String... args) {
    var out = new ByteArrayOutputStream();
    var err = new ByteArrayOutputStream();
    PrintStream oldOut = System.out;
    try (var o = new PrintStream(out, true, StandardCharsets.UTF_8)) {
      System.setOut(o);
      var cli = SlipwayCli.commandLine();
      var errWriter = new PrintWriter(err, true, StandardCharsets.UTF_8);
      cli.setErr(errWriter);
      int code = cli.execute(args);
      errWriter.flush();
      return new Result(
          code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
    }
  }

  /** The image checkout-api's first container runs on {@code cluster} of {@code up}. */
  public static String image(LocalUp up, String cluster) {
    return up.environment()
        .clusters()
        .get(cluster)
        .client()
        .apps()
        .deployments()
        .inNamespace("checkout")
        .withName("checkout-api")
        .get()
        .getSpec()
        .getTemplate()
        .getSpec()
        .getContainers()
        .get(0)
        .getImage();
  }
}
