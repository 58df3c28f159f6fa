package dev.slipway.cli;

import dev.slipway.embedded.EmbeddedS3Server;
import dev.slipway.run.LocalEnvironment;
import dev.slipway.run.LocalUp;
import dev.slipway.run.RunOptions;
import dev.slipway.run.Scenario;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code slipway up}: the local environment of {@code slipway run} (S3 seeded with the demo, one
 * embedded cluster per configured cluster with its rollout simulator ticking in real time, the
 * Prometheus replay, the Grafana recorder), kept up so that single functions can be tried against
 * it with {@code slipway invoke FUNCTION --event F --env-file .slipway/local.env}; and a local AWS
 * endpoint (Step Functions, Secrets Manager) in front of the release executor of {@code slipway
 * run}, so that {@code slipway invoke webhook} starts releases that run here.
 */
@Command(
    name = "up",
    description = {
      "Start the local environment of 'slipway run' and keep it up: embedded S3 seeded with the"
          + " demo, embedded clusters (rollouts progress in real time), Prometheus replay,"
          + " Grafana recorder; and a local Step Functions and Secrets Manager endpoint: a"
          + " release the webhook starts runs here, as 'slipway run' runs it (gates answered per"
          + " --scenario).",
      "Writes the functions' environment to --env-file for 'slipway invoke FUNCTION --event F"
          + " --env-file FILE'. Stops on Ctrl-C or after --for."
    })
final class UpCommand implements Callable<Integer> {

  @Option(
      names = "--scenario",
      defaultValue = "healthy",
      description = "which recorded metrics and cluster behaviour (default ${DEFAULT-VALUE})")
  String scenario;

  @Option(
      names = "--env-file",
      paramLabel = "FILE",
      description = "where to write the functions' environment (default .slipway/local.env)")
  Path envFile = Path.of(".slipway", "local.env");

  @Option(
      names = "--for",
      paramLabel = "DURATION",
      description = "stop after this long (e.g. 10m); default: until Ctrl-C")
  String duration;

  /** How often the embedded clusters' controllers act (one simulated 10-second tick). */
  static final Duration TICK = Duration.ofSeconds(1);

  @Override
  public Integer call() throws Exception {
    Logger.getLogger("").setLevel(Level.WARNING);
    Scenario chosen = Scenario.of(scenario);
    Path home = RunCommand.home();
    try (LocalUp up =
        LocalUp.start(
            RunOptions.demo(home.resolve("events"), chosen),
            home.resolve("statemachines/release.asl.json"),
            Instant.now(),
            System.out)) {
      LocalEnvironment env = up.environment();
      env.clusters().values().forEach(c -> c.startTicking(TICK));
      Map<String, String> vars = environment(up);
      write(vars, envFile);
      System.out.println("slipway up: the local environment is up (" + chosen.id() + ")");
      env.clusters().keySet().forEach(c -> System.out.println("  cluster " + c + ": embedded"));
      vars.forEach((k, v) -> System.out.println("  " + k + "=" + v));
      System.out.println(
          "  AWS (Step Functions, Secrets Manager): "
              + up.aws().uri()
              + " (local; webhook secret '"
              + LocalUp.WEBHOOK_SECRET_ID
              + "' holds the test secret "
              + LocalUp.TEST_SECRET
              + " under every key)");
      System.out.println("slipway up: environment written to " + envFile);
      System.out.println(
          "  try: ./slipway invoke deploy --event events/invoke/deploy.json --env-file " + envFile);
      System.out.println(
          "  try: ./slipway invoke webhook --event events/webhooks/github/push-checkout.json"
              + " --env-file "
              + envFile
              + "   (the release runs here)");
      var stop = new CountDownLatch(1);
      Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
      if (duration == null) {
        stop.await();
      } else {
        stop.await(dev.slipway.model.Durations.parse(duration).toMillis(), TimeUnit.MILLISECONDS);
      }
    }
    return 0;
  }

  /**
   * The environment file of {@code up}: the functions' environment ({@link
   * #environment(LocalEnvironment)}) and what points the webhook at the local AWS endpoint.
   */
  static Map<String, String> environment(LocalUp up) {
    Map<String, String> vars = environment(up.environment());
    vars.putAll(up.awsEnvironment());
    return vars;
  }

  /**
   * What a function needs to reach the environment: its endpoints, and the embedded S3 server's
   * local-only keys (the functions read credentials from the AWS SDK's default chain).
   */
  static Map<String, String> environment(LocalEnvironment env) {
    Map<String, String> vars = new TreeMap<>(env.functionEnvironment());
    if (env.s3Endpoint() != null && vars.get("SLIPWAY_S3_ENDPOINT") != null) {
      vars.put("AWS_ACCESS_KEY_ID", EmbeddedS3Server.ACCESS_KEY);
      vars.put("AWS_SECRET_ACCESS_KEY", EmbeddedS3Server.SECRET_KEY);
    }
    return vars;
  }

  static void write(Map<String, String> vars, Path file) throws IOException {
    if (file.getParent() != null) {
      Files.createDirectories(file.getParent());
    }
    StringBuilder text =
        new StringBuilder("# written by slipway up; local-only endpoints and keys\n");
    vars.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
    Files.writeString(file, text, StandardCharsets.UTF_8);
  }
}
