package dev.slipway.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.config.Application;
import dev.slipway.config.ConfigErrors;
import dev.slipway.config.ConfigParser;
import dev.slipway.config.Environment;
import dev.slipway.config.SlipwayConfig;
import dev.slipway.model.Json;
import dev.slipway.model.TerminalStepException;
import dev.slipway.pipeline.PipelineConfig;
import dev.slipway.pipeline.ReleaseBudget;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code slipway config}: checks a configuration before it is uploaded. */
@Command(
    name = "config",
    mixinStandardHelpOptions = true,
    description = "Check a Slipway configuration (config/slipway.yaml) before uploading it.",
    subcommands = ConfigCommand.Validate.class)
final class ConfigCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /**
   * {@code slipway config validate FILE}: parses and validates the file as the Plan state does,
   * then prints each application and environment's time budget: the worst case of every state a
   * release passes through, against the state machine's TimeoutSeconds.
   */
  @Command(
      name = "validate",
      mixinStandardHelpOptions = true,
      description = {
        "Validate a slipway.yaml and print the time budget of a release of each application to"
            + " each environment: every term of its worst case, the total against the state"
            + " machine's TimeoutSeconds, and the slack the lock queue and the manual gates share.",
        "Exits 0 when every release fits, 1 when one would be refused (Slipway.Plan.OverBudget"
            + " or Slipway.Plan.OverHistory),"
            + " 2 when the file is invalid (every problem is listed, each with line:column)."
      })
  static final class Validate implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(
        index = "0",
        paramLabel = "FILE",
        description = "the configuration (default: events/demo/config/slipway.yaml)",
        arity = "0..1")
    Path file;

    @Option(
        names = "--definition",
        paramLabel = "ASL",
        description =
            "the state machine whose TimeoutSeconds the releases must fit (default:"
                + " statemachines/release.asl.json)")
    Path definition;

    @Override
    public Integer call() throws IOException, URISyntaxException {
      Path home = RunCommand.home();
      Path config = file != null ? file : home.resolve("events/demo/config/slipway.yaml");
      Path asl = definition != null ? definition : home.resolve("statemachines/release.asl.json");
      SlipwayConfig cfg;
      try {
        cfg = ConfigParser.parse(config.toString(), Files.readString(config));
      } catch (ConfigErrors.ConfigException e) {
        printProblems(config, e);
        return Errors.USER_ERROR;
      }
      long timeout = machineTimeout(asl);
      var lock = PipelineConfig.lockSchedule(System.getenv());
      PrintWriter out = spec.commandLine().getOut();
      out.println(config + ": valid");
      int over = 0;
      int overHistory = 0;
      for (Application app : cfg.applications()) {
        for (Environment env : app.environments()) {
          ReleaseBudget budget =
              ReleaseBudget.of(
                  app, env, false, app.releaseSettings().staticSync() != null, lock, timeout);
          out.println();
          out.print(budget.table());
          over += budget.slackSeconds() >= 0 ? 0 : 1;
          overHistory += budget.historyEvents() <= ReleaseBudget.HISTORY_LIMIT ? 0 : 1;
        }
      }
      out.flush();
      if (overHistory > 0) {
        spec.commandLine()
            .getErr()
            .println(
                "slipway: "
                    + overHistory
                    + " release(s) over AWS's history limit of "
                    + ReleaseBudget.HISTORY_LIMIT
                    + " events: the Plan state would refuse them with "
                    + ReleaseBudget.OVER_HISTORY
                    + "; each cluster is polled until the progress deadline: shorten"
                    + " release.progressDeadlineSeconds, or split the environment's clusters into two.");
      }
      if (over > 0) {
        spec.commandLine()
            .getErr()
            .println(
                "slipway: "
                    + over
                    + " release(s) over budget: the Plan state would refuse them with "
                    + ReleaseBudget.OVER_BUDGET
                    + "; change the settings named above, or raise TimeoutSeconds in "
                    + asl);
      }
      return over + overHistory > 0 ? 1 : 0;
    }

    /** Every problem of the file, one a line with line:column, then what to do. */
    private void printProblems(Path config, ConfigErrors.ConfigException e) {
      PrintWriter err = spec.commandLine().getErr();
      int n = e.problems().size();
      err.println(
          "slipway: "
              + ConfigErrors.INVALID
              + ": "
              + n
              + (n == 1 ? " problem" : " problems")
              + " in "
              + config
              + ":");
      for (ConfigErrors.Problem p : e.problems()) {
        err.println("  " + p);
      }
      err.println(
          "Fix the file (docs/configuration.md documents every key; editors check it with"
              + " functions/config/src/main/resources/schemas/slipway-config.schema.json) and run"
              + " this again.");
      err.flush();
    }

    /** The machine's TimeoutSeconds: the one knob the budget is checked against. */
    static long machineTimeout(Path asl) throws IOException {
      JsonNode timeout = Json.mapper().readTree(Files.readString(asl)).get("TimeoutSeconds");
      if (timeout == null || !timeout.canConvertToLong() || timeout.asLong() <= 0) {
        throw new TerminalStepException(
            "Slipway.Config.NoTimeout",
            asl + " has no top-level TimeoutSeconds: give --definition the release state machine");
      }
      return timeout.asLong();
    }
  }
}
