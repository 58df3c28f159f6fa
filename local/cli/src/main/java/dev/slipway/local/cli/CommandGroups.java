package dev.slipway.local.cli;

import java.util.List;

/**
 * The subcommands of {@code slipway}, in the groups {@code slipway --help} lists them under: the
 * one list to add a command to ({@link SlipwayCli} registers every class here).
 */
final class CommandGroups {
  /** A heading of {@code slipway --help} and its commands, in the order listed. */
  record Group(String title, List<Class<?>> commands) {}

  static final Group RELEASE_LOCALLY =
      new Group("release locally", List.of(RunCommand.class, UpCommand.class));

  static final Group OPERATE =
      new Group(
          "operate a deployment (--stack NAME or --local)",
          List.of(dev.slipway.local.cli.operate.OperateCommands.ALL.toArray(new Class<?>[0])));

  static final Group FUNCTIONS_AND_TOOLS =
      new Group(
          "functions and tools",
          List.of(
              ExecuteCommand.class,
              InvokeCommand.class,
              JudgeCommand.class,
              CanaryCommand.class,
              ConfigCommand.class,
              BenchExecutorCommand.class));

  static final List<Group> ALL = List.of(RELEASE_LOCALLY, OPERATE, FUNCTIONS_AND_TOOLS);

  private CommandGroups() {}
}
