package dev.slipway.local.cli;

import dev.slipway.analysis.AnalysisOutcome;
import dev.slipway.analysis.AnalysisRequest;
import dev.slipway.analysis.CanaryAnalysis;
import dev.slipway.analysis.CanarySpec;
import dev.slipway.analysis.CanaryWindows;
import dev.slipway.analysis.DataGate;
import dev.slipway.analysis.PrometheusEndpoint;
import dev.slipway.analysis.PrometheusHttpClient;
import dev.slipway.analysis.RetryingMetricsProvider;
import dev.slipway.analysis.Sleeper;
import dev.slipway.analysis.report.CanaryReport;
import dev.slipway.judge.JudgeJson;
import dev.slipway.judge.NetflixAcaJudge;
import dev.slipway.model.Durations;
import dev.slipway.model.Json;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code slipway canary}: "what would the judge have said about last Tuesday's release?" Fetches
 * the control and experiment windows from Prometheus, judges them, prints the CanaryJudgeResult
 * JSON on stdout and writes the HTML report. The verdict is in the output, not the exit code.
 */
@Command(
    name = "canary",
    mixinStandardHelpOptions = true,
    description = {
      "Fetch a control and an experiment window from Prometheus, judge them"
          + " (NetflixACAJudge-v1.0), print the CanaryJudgeResult JSON on stdout and write the"
          + " HTML report.",
      "Exits 0 whatever the verdict; bad input, a bad query or an unreachable Prometheus exit 2"
          + " with one line on stderr."
    })
final class CanaryCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--config",
      required = true,
      paramLabel = "CANARY_CONFIG",
      description = "Kayenta canary config with Prometheus queries, JSON or YAML.")
  Path config;

  @Option(
      names = "--prometheus-url",
      required = true,
      paramLabel = "URL",
      description = "Prometheus (or Thanos/Mimir) query API base, e.g. http://localhost:9090.")
  String prometheusUrl;

  @Option(
      names = "--control-start",
      required = true,
      paramLabel = "T",
      description = "Start of the control window, ISO-8601 (e.g. 2026-11-26T20:30:00Z).")
  String controlStart;

  @Option(
      names = "--experiment-start",
      required = true,
      paramLabel = "T",
      description = "Start of the experiment window, ISO-8601.")
  String experimentStart;

  @Option(
      names = "--window",
      defaultValue = "30m",
      paramLabel = "DURATION",
      description = "Length of each window (default: ${DEFAULT-VALUE}).")
  String window;

  @Option(
      names = "--step",
      defaultValue = "60s",
      paramLabel = "DURATION",
      description = "Query step (default: ${DEFAULT-VALUE}).")
  String step;

  @Mixin ThresholdOptions thresholds = new ThresholdOptions();

  @Option(
      names = "--var",
      paramLabel = "NAME=VALUE",
      description =
          "A query placeholder value, repeatable: --var app=search --var"
              + " commonPromFilters='app=\"search\"'. app and cluster also fill $${scope} and"
              + " $${location}.")
  Map<String, String> vars = new LinkedHashMap<>();

  @Option(
      names = "--report",
      defaultValue = "canary-report.html",
      paramLabel = "FILE",
      description = "Where to write the HTML report (default: ${DEFAULT-VALUE}).")
  Path report;

  @Option(
      names = "--pairs-out",
      paramLabel = "FILE",
      description =
          "Also write the metric set pairs the judge got (Kayenta's format), to re-judge them"
              + " offline with slipway judge --pairs FILE.")
  Path pairsOut;

  @Option(
      names = "--method",
      defaultValue = "GET",
      paramLabel = "GET|POST",
      description = "HTTP method for query_range (default: ${DEFAULT-VALUE}).")
  PrometheusEndpoint.Method method;

  @Option(
      names = "--header",
      paramLabel = "NAME=VALUE",
      description = "Extra request header, repeatable (e.g. X-Scope-OrgID=search).")
  Map<String, String> headers = new LinkedHashMap<>();

  @Option(
      names = "--bearer-token-file",
      paramLabel = "FILE",
      description = "File holding a bearer token for Prometheus.")
  Path bearerTokenFile;

  @Option(
      names = "--basic-auth-file",
      paramLabel = "FILE",
      description = "File holding user:password for Prometheus.")
  Path basicAuthFile;

  @Option(
      names = "--sigv4-region",
      paramLabel = "REGION",
      description =
          "Sign requests with AWS SigV4 for Amazon Managed Prometheus in REGION, with the default"
              + " AWS credentials (environment, profile, instance role).")
  String sigv4Region;

  @Option(
      names = "--timeout",
      defaultValue = "10s",
      paramLabel = "DURATION",
      description = "Per-request timeout (default: ${DEFAULT-VALUE}).")
  String timeout;

  @Option(
      names = "--min-points",
      defaultValue = "10",
      paramLabel = "N",
      description = "Minimum-data gate: finite points per window (default: ${DEFAULT-VALUE}).")
  int minPoints;

  @Option(
      names = "--min-fraction",
      defaultValue = "0.5",
      paramLabel = "F",
      description = "Minimum-data gate: share of the window's points (default: ${DEFAULT-VALUE}).")
  double minFraction;

  @Option(
      names = "--attempts",
      defaultValue = "4",
      paramLabel = "N",
      description =
          "Tries per query when Prometheus is down, slow or answers 5xx, with back-off 1s, 2s, 4s"
              + " (default: ${DEFAULT-VALUE}).")
  int attempts;

  @Option(
      names = "--seed",
      paramLabel = "N",
      description = "Seed for the judge's noise on constant series (default: random).")
  Long seed;

  @Override
  public Integer call() throws IOException {
    CanaryWindows windows;
    DataGate gate;
    try {
      windows =
          CanaryWindows.of(
              instant(controlStart, "--control-start"),
              instant(experimentStart, "--experiment-start"),
              duration(window, "--window"),
              duration(step, "--step"));
      gate = new DataGate(minPoints, minFraction);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    PrometheusEndpoint endpoint;
    try {
      endpoint =
          new PrometheusEndpoint(
              URI.create(prometheusUrl), method, auth(), headers, duration(timeout, "--timeout"));
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--prometheus-url: " + e.getMessage());
    }
    Map<String, String> builtins = new LinkedHashMap<>();
    if (vars.containsKey("app")) {
      builtins.put("scope", vars.get("app"));
    }
    if (vars.containsKey("cluster")) {
      builtins.put("location", vars.get("cluster"));
    }
    AnalysisRequest request =
        new AnalysisRequest(
            CanarySpec.parse(Files.readString(config)),
            windows,
            builtins,
            vars,
            thresholds.thresholds(),
            gate);
    Clock clock = Clock.systemUTC();
    CanaryAnalysis analysis =
        new CanaryAnalysis(
            new RetryingMetricsProvider(
                new PrometheusHttpClient(endpoint), retryPolicy(), Sleeper.system(), clock),
            new NetflixAcaJudge(
                seed == null ? new SplittableRandom() : new SplittableRandom(seed)));
    AnalysisOutcome outcome = analysis.analyze(request);
    String title =
        vars.getOrDefault("app", config.getFileName().toString())
            + " · canary "
            + Durations.format(windows.control().length())
            + " windows";
    Files.writeString(
        report,
        CanaryReport.render(
            outcome, new CanaryReport.Header(title, vars.get("cluster"), clock.instant())),
        StandardCharsets.UTF_8);
    if (pairsOut != null) {
      Files.writeString(
          pairsOut,
          Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(outcome.judged()),
          StandardCharsets.UTF_8);
    }
    spec.commandLine().getOut().println(JudgeJson.writePretty(outcome.result()));
    spec.commandLine().getOut().flush();
    spec.commandLine().getErr().println("slipway canary: " + outcome.summary());
    spec.commandLine().getErr().println("slipway canary: report written to " + report);
    spec.commandLine().getErr().flush();
    return 0;
  }

  private RetryingMetricsProvider.Policy retryPolicy() {
    RetryingMetricsProvider.Policy d = RetryingMetricsProvider.Policy.DEFAULT;
    if (attempts < 1) {
      throw new ParameterException(spec.commandLine(), "--attempts must be at least 1");
    }
    return new RetryingMetricsProvider.Policy(attempts, d.firstDelay(), d.maxDelay(), d.budget());
  }

  private PrometheusEndpoint.Auth auth() throws IOException {
    int given =
        (bearerTokenFile != null ? 1 : 0)
            + (basicAuthFile != null ? 1 : 0)
            + (sigv4Region != null ? 1 : 0);
    if (given > 1) {
      throw new ParameterException(
          spec.commandLine(),
          "give one of --bearer-token-file, --basic-auth-file and --sigv4-region, not several");
    }
    if (sigv4Region != null) {
      return new PrometheusEndpoint.SigV4(
          sigv4Region,
          "aps",
          software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider.builder().build());
    }
    if (bearerTokenFile != null) {
      return new PrometheusEndpoint.Bearer(Files.readString(bearerTokenFile).strip());
    }
    if (basicAuthFile != null) {
      String up = Files.readString(basicAuthFile).strip();
      int i = up.indexOf(':');
      if (i <= 0) {
        throw new ParameterException(
            spec.commandLine(), "--basic-auth-file must hold user:password on one line");
      }
      return new PrometheusEndpoint.Basic(up.substring(0, i), up.substring(i + 1));
    }
    return new PrometheusEndpoint.NoAuth();
  }

  private Instant instant(String s, String option) {
    try {
      return Instant.parse(s);
    } catch (DateTimeParseException e) {
      throw new ParameterException(
          spec.commandLine(),
          option + ": '" + s + "' is not an ISO-8601 instant like 2026-11-26T21:00:00Z");
    }
  }

  private Duration duration(String s, String option) {
    try {
      return Durations.parse(s);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), option + ": " + e.getMessage());
    }
  }
}
