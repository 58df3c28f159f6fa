package dev.slipway.local.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code slipway} command. Each subcommand is its own class; register it in {@link
 * CommandGroups}, which also gives {@code --help} its headings.
 */
@Command(
    name = "slipway",
    mixinStandardHelpOptions = true,
    versionProvider = SlipwayCli.Version.class,
    modelTransformer = SlipwayCli.Grouped.class,
    description =
        "Serverless continuous delivery for Kubernetes: release on this machine, operate a"
            + " deployed Slipway.")
public final class SlipwayCli implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs the command line and returns the exit code (tests call this instead of main). */
  public static int execute(String... args) {
    return commandLine().execute(args);
  }

  /** The command line, with the execution exception handler on every subcommand. */
  static CommandLine commandLine() {
    return new CommandLine(new SlipwayCli()).setExecutionExceptionHandler(new Errors());
  }

  /**
   * Registers every subcommand of {@link CommandGroups} and lists them by group in {@code --help},
   * however the command line is built ({@code new CommandLine(new SlipwayCli())} too).
   */
  static final class Grouped implements CommandLine.IModelTransformer {
    @Override
    public CommandLine.Model.CommandSpec transform(CommandLine.Model.CommandSpec spec) {
      for (CommandGroups.Group g : CommandGroups.ALL) {
        for (Class<?> c : g.commands()) {
          spec.addSubcommand(null, new CommandLine(c));
        }
      }
      var sections = spec.usageMessage().sectionMap();
      sections.put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_COMMAND_LIST_HEADING, h -> "");
      sections.put(
          CommandLine.Model.UsageMessageSpec.SECTION_KEY_COMMAND_LIST, SlipwayCli::groupedCommands);
      return spec;
    }
  }

  /** The command list of {@code --help}: one heading per group, its visible commands under it. */
  private static String groupedCommands(CommandLine.Help help) {
    StringBuilder text = new StringBuilder();
    for (CommandGroups.Group g : CommandGroups.ALL) {
      Map<String, CommandLine.Help> commands = new LinkedHashMap<>();
      for (Class<?> c : g.commands()) {
        String name = c.getAnnotation(Command.class).name();
        CommandLine.Help h = help.subcommands().get(name);
        if (h != null && !h.commandSpec().usageMessage().hidden()) {
          commands.put(name, h);
        }
      }
      if (!commands.isEmpty()) {
        text.append('\n').append(capitalised(g.title())).append(":\n");
        text.append(help.commandList(commands));
      }
    }
    return text.toString();
  }

  private static String capitalised(String s) {
    return Character.toUpperCase(s.charAt(0)) + s.substring(1);
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
