package dev.slipway.local.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code slipway} command. Each subcommand is its own class; register it here. */
@Command(
    name = "slipway",
    mixinStandardHelpOptions = true,
    versionProvider = SlipwayCli.Version.class,
    description = "Serverless continuous delivery for Kubernetes, run on this machine.",
    subcommands = {
      RunCommand.class,
      UpCommand.class,
      ExecuteCommand.class,
      InvokeCommand.class,
      JudgeCommand.class,
      CanaryCommand.class,
      BenchExecutorCommand.class,
      ConfigCommand.class
    })
public final class SlipwayCli implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs the command line and returns the exit code (tests call this instead of main). */
  public static int execute(String... args) {
    return new CommandLine(new SlipwayCli())
        .setExecutionExceptionHandler(new Errors())
        .execute(args);
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = SlipwayCli.class.getPackage().getImplementationVersion();
      return new String[] {"slipway " + (v == null ? "dev" : v)};
    }
  }
}
