package dev.slipway.local.cli;

import dev.slipway.local.run.LocalEnvironment;
import dev.slipway.local.run.LocalUp;
import dev.slipway.local.run.RunOptions;
import dev.slipway.local.run.Scenario;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

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
          + " --scenario, or by you with --approvals manual); and the webhook API itself"
          + " (POST /webhooks/github|jenkins|build, GET|POST /approvals/{id}), as API Gateway"
          + " would serve it.",
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
      names = "--approvals",
      paramLabel = "WHO",
      defaultValue = "scenario",
      description =
          "who answers approval gates: 'scenario' (approve, or reject in approval-reject; the"
              + " default) or 'manual' (you, through the signed link each gate prints)")
  String approvals;

  @Option(
      names = "--hold-at",
      paramLabel = "STATE",
      description =
          "hold every release's Wait state STATE (e.g. Bake: the core wave is live) until the"
              + " release is stopped, to try 'slipway status' and 'slipway stop' mid-wave")
  String holdAt;

  @Spec CommandSpec spec;

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
    LocalUp.Approvals who =
        switch (approvals) {
          case "scenario" -> LocalUp.Approvals.SCENARIO;
          case "manual" -> LocalUp.Approvals.MANUAL;
          default ->
              throw new ParameterException(
                  spec.commandLine(),
                  "--approvals is 'scenario' or 'manual', got '" + approvals + "'");
        };
    Path home = RunCommand.home();
    try (LocalUp up =
        LocalUp.start(
            RunOptions.demo(home.resolve("events"), chosen),
            home.resolve("statemachines/release.asl.json"),
            Instant.now(),
            System.out,
            who)) {
      LocalEnvironment env = up.environment();
      env.clusters().values().forEach(c -> c.startTicking(TICK));
      up.holdAt(holdAt);
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
      String api = up.api().uri().toString();
      for (String route : new String[] {"github", "jenkins", "build"}) {
        System.out.println("  webhooks: " + api + "/webhooks/" + route);
      }
      System.out.println(
          "  approvals: "
              + api
              + "/approvals/{id} (each gate's signed link; "
              + (who == LocalUp.Approvals.MANUAL
                  ? "gates wait for you)"
                  : "gates answered per the scenario; --approvals manual leaves them to you)"));
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

  /** The environment file of {@code up} ({@link LocalUp#fileEnvironment()}). */
  static Map<String, String> environment(LocalUp up) {
    return up.fileEnvironment();
  }

  /** What a function needs to reach {@code env} ({@link LocalUp#functionEnvironmentWithKeys}). */
  static Map<String, String> environment(LocalEnvironment env) {
    return LocalUp.functionEnvironmentWithKeys(env);
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
