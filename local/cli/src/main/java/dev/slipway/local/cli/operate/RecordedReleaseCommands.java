package dev.slipway.local.cli.operate;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.model.Json;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code slipway rollback}, {@code slipway promote} and {@code slipway rerun}: each starts one
 * release of a recorded build ({@link RecordedReleases}) on the release state machine of a deployed
 * stack ({@code --stack NAME}) or of {@code slipway up} ({@code --local}), as the caller, and
 * prints what it started.
 */
public final class RecordedReleaseCommands {
  private RecordedReleaseCommands() {}

  /** {@code slipway rollback --app A --env E [--to BUILD] [--reason TEXT] [--canary]}. */
  @Command(
      name = "rollback",
      mixinStandardHelpOptions = true,
      description = {
        "Put back the previous live release of an application in an environment (or the build"
            + " named with --to): a release of its recorded images and stored manifests through"
            + " the release state machine (locked, annotated, the environment's waves and"
            + " approval; the canary only with --canary).",
        "Refused, naming every missing key, when a stored manifest of the build is gone."
      })
  public static final class Rollback implements Callable<Integer> {
    @Mixin TargetOptions target;

    @Option(names = "--app", required = true, description = "the application")
    String app;

    @Option(names = "--env", required = true, description = "the environment")
    String env;

    @Option(
        names = "--to",
        paramLabel = "BUILD",
        description = "the build to put back (default: the previous live one)")
    String to;

    @Mixin AskOptions ask;

    @Override
    public Integer call() {
      return run(target, (r, who) -> r.rollback(app, env, to, ask.of(who)));
    }
  }

  /** {@code slipway promote --app A --from S --to T [--build B] [--reason TEXT] [--canary]}. */
  @Command(
      name = "promote",
      mixinStandardHelpOptions = true,
      description = {
        "Release to one environment the build live in another (or the build named with"
            + " --build): its recorded images, its manifests rendered for the target's clusters"
            + " from the app's templates, through the release state machine."
      })
  public static final class Promote implements Callable<Integer> {
    @Mixin TargetOptions target;

    @Option(names = "--app", required = true, description = "the application")
    String app;

    @Option(names = "--from", required = true, description = "the environment it is live in")
    String from;

    @Option(names = "--to", required = true, description = "the environment to release it to")
    String to;

    @Option(names = "--build", description = "the build (default: the one live in --from)")
    String build;

    @Mixin AskOptions ask;

    @Override
    public Integer call() {
      return run(target, (r, who) -> r.promote(app, from, to, build, ask.of(who)));
    }
  }

  /** {@code slipway rerun EXECUTION [--reason TEXT]}. */
  @Command(
      name = "rerun",
      mixinStandardHelpOptions = true,
      description = {
        "Run a release again: the execution's own input as a new execution with the next re-run"
            + " number, authenticated by your IAM identity (no webhook secret)."
      })
  public static final class Rerun implements Callable<Integer> {
    @Mixin TargetOptions target;

    @Parameters(index = "0", paramLabel = "EXECUTION", description = "its name or ARN")
    String execution;

    @Option(names = "--reason", description = "why (kept in the release record)")
    String reason;

    @Override
    public Integer call() {
      return run(target, (r, who) -> r.rerun(execution, reason, who));
    }
  }

  /** {@code --reason} and {@code --canary}, of rollback and promote. */
  static final class AskOptions {
    @Option(names = "--reason", description = "why (kept in the release record)")
    String reason;

    @Option(names = "--canary", description = "run the canary analysis at the gate wave")
    boolean canary;

    RecordedReleases.Ask of(String requestedBy) {
      return new RecordedReleases.Ask(requestedBy, reason, canary);
    }
  }

  /** What a command asks of {@link RecordedReleases}, as the caller. */
  @FunctionalInterface
  interface Start {
    RecordedReleases.Started start(RecordedReleases releases, String requestedBy);
  }

  private static int run(TargetOptions options, Start start) {
    try (OperatorTarget target = options.open()) {
      var releases =
          new RecordedReleases(target.store(), new SfnExecutions(target), Clock.systemUTC());
      RecordedReleases.Started started = start.start(releases, target.caller());
      print(options.output(System.out), target, started);
      return 0;
    }
  }

  /** What was started: one JSON object with {@code --json}, else a few aligned lines. */
  static void print(Output output, OperatorTarget target, RecordedReleases.Started s) {
    String link = target.executionLink(s.executionArn());
    String where = target.local() ? "--local" : "--stack " + target.name();
    ObjectNode json = Json.mapper().valueToTree(s);
    json.put("link", link);
    output.result(
        json,
        out -> {
          out.printf(
              "%s of %s: build %s to %s started%s%n",
              s.kind(),
              s.app(),
              s.build(),
              s.environment(),
              s.replaces() == null ? "" : " (live there now: build " + s.replaces() + ")");
          out.printf("  execution  %s%n", s.executionName());
          out.printf("  link       %s%n", link);
          out.printf(
              "  asked by   %s%s%n",
              s.source().requestedBy(),
              s.source().reason() == null ? "" : ": " + s.source().reason());
          out.printf("  follow     slipway status %s --watch %s%n", s.executionName(), where);
        });
  }
}
