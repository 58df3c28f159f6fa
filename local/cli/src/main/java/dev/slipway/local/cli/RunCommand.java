package dev.slipway.local.cli;

import dev.slipway.local.executor.ExecutionStatus;
import dev.slipway.local.run.LocalEnvironment;
import dev.slipway.local.run.ReleaseRun;
import dev.slipway.local.run.RunOptions;
import dev.slipway.local.run.Scenario;
import dev.slipway.local.run.Summary;
import java.io.PrintStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Callable;
import java.util.logging.Level;
import java.util.logging.Logger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code slipway run}: the release state machine on this machine, with the local executor and the
 * real handlers, on embedded defaults that need nothing installed. Each default is replaced by a
 * flag that points at the real thing.
 */
@Command(
    name = "run",
    description = {
      "Run a release through the release state machine on this machine: the real handlers on the"
          + " local executor, against an embedded S3 bucket, one embedded Kubernetes API server"
          + " per configured cluster, a replay of recorded Prometheus metrics and a Grafana"
          + " recorder (each replaceable by a flag).",
      "Without INPUT it runs the demo release of --scenario (events/demo/). Prints one line per"
          + " state, then a summary; the run's artifacts are copied to .slipway/runs/<execution>/."
          + " Exits 0 when the release succeeded, 1 when it failed."
    })
final class RunCommand implements Callable<Integer> {

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "INPUT.json",
      description = "a release request (as the webhook starts it); default: the scenario's demo")
  Path input;

  @Option(
      names = "--scenario",
      defaultValue = "healthy",
      paramLabel = "NAME",
      description =
          "healthy | latency-regression (canary fails, rollback) | crashloop (progress deadline,"
              + " rollback) | approval-reject"
              + " | stop-mid-wave (stopped in the core wave, reconciled)"
              + " | late-approval (timed out after a late approval, reconciled)"
              + " | oversized (330 ConfigMaps on three clusters: the state stays small)"
              + " | seed (the notes' pipeline migrated: events/demo/config/seed/)"
              + " (default: ${DEFAULT-VALUE})")
  String scenario;

  @Option(
      names = "--kubeconfig",
      paramLabel = "FILE",
      description =
          "a real cluster's kubeconfig, uploaded as EVERY configured cluster's kubeconfig (no"
              + " embedded clusters)")
  Path kubeconfig;

  @Option(
      names = "--prometheus-url",
      paramLabel = "URL",
      description = "a real Prometheus (or Thanos) instead of the recorded replay")
  URI prometheusUrl;

  @Option(
      names = "--grafana-url",
      paramLabel = "URL",
      description = "a real Grafana instead of the embedded annotation recorder")
  URI grafanaUrl;

  @Option(
      names = "--s3-endpoint",
      paramLabel = "URL",
      description =
          "an S3-compatible endpoint instead of the embedded server (credentials: the AWS SDK's"
              + " default chain)")
  URI s3Endpoint;

  @Option(
      names = "--bucket",
      paramLabel = "NAME",
      description = "the artifact bucket (default: ${DEFAULT-VALUE})",
      defaultValue = RunOptions.DEFAULT_BUCKET)
  String bucket;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "a slipway.yaml to seed instead of the demo's events/demo/config/slipway.yaml")
  Path config;

  @Option(
      names = "--definition",
      paramLabel = "ASL.json",
      description = "the state machine (default: statemachines/release.asl.json)")
  Path definition;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description = "where runs are copied (default: .slipway/runs)")
  Path out = Path.of(".slipway", "runs");

  @Override
  public Integer call() throws Exception {
    Logger.getLogger("").setLevel(Level.WARNING);
    PrintStream stdout = System.out;
    Path home = home();
    Scenario chosen;
    try {
      chosen = Scenario.of(scenario);
    } catch (IllegalArgumentException e) {
      System.err.println("slipway run: " + e.getMessage());
      return 2;
    }
    var options =
        new RunOptions(
            home.resolve("events"),
            chosen,
            input,
            config,
            kubeconfig,
            prometheusUrl,
            grafanaUrl,
            s3Endpoint,
            bucket);
    Path asl = definition != null ? definition : home.resolve("statemachines/release.asl.json");
    Instant start = Instant.now();
    String name =
        "slipway-run-"
            + chosen.id()
            + "-"
            + DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss")
                .withZone(ZoneOffset.UTC)
                .format(start);
    stdout.println(
        "slipway run: "
            + options.releaseInput()
            + " (scenario "
            + chosen.id()
            + ") → execution "
            + name);
    try (var run = ReleaseRun.prepare(options, asl, start, stdout)) {
      describe(run.environment(), options, stdout);
      ReleaseRun.Result result = run.run(name);
      Summary.print(result, run.environment(), out.resolve(name), stdout);
      return result.execution().status() == ExecutionStatus.SUCCEEDED ? 0 : 1;
    }
  }

  private static void describe(LocalEnvironment env, RunOptions options, PrintStream out) {
    out.println(
        "  S3:         "
            + env.s3Endpoint()
            + " bucket "
            + env.bucket()
            + (options.s3Endpoint() == null ? " (embedded)" : ""));
    if (env.clusters().isEmpty()) {
      out.println("  clusters:   every configured cluster → " + options.kubeconfig());
    } else {
      env.clusters()
          .forEach(
              (n, c) ->
                  out.println("  cluster:    " + n + " " + c.url() + " (embedded, simulated)"));
    }
    out.println(
        "  Prometheus: "
            + env.functionEnvironment().get("SLIPWAY_PROMETHEUS_URL")
            + (options.prometheusUrl() == null
                ? " (replay of " + options.scenario().recording() + ")"
                : ""));
    out.println(
        "  Grafana:    "
            + env.functionEnvironment().get("SLIPWAY_GRAFANA_URL")
            + (options.grafanaUrl() == null ? " (embedded recorder)" : ""));
    out.println("  states (virtual time since start):");
  }

  /** The repository: the working directory if it holds events/demo, else where the jar lives. */
  static Path home() throws URISyntaxException {
    Path cwd = Path.of("").toAbsolutePath();
    if (Files.isDirectory(cwd.resolve("events/demo"))) {
      return cwd;
    }
    Path jar =
        Path.of(RunCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    // local/cli/target/slipway.jar → the repository root
    Path root = jar.getParent().getParent().getParent().getParent();
    return root != null && Files.isDirectory(root.resolve("events/demo")) ? root : cwd;
  }
}
