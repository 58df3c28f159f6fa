package dev.slipway.local.cli.operate;

import java.util.List;

/**
 * The operating commands, in the order {@code slipway --help} lists them under "operate a
 * deployment": add a new one here.
 */
public final class OperateCommands {
  public static final List<Class<?>> ALL =
      List.of(
          ReleasesCommand.class,
          StatusCommand.class,
          RecordedReleaseCommands.Rollback.class,
          RecordedReleaseCommands.Promote.class,
          RecordedReleaseCommands.Rerun.class,
          StopCommand.class,
          DecideCommand.Approve.class,
          DecideCommand.Reject.class);

  private OperateCommands() {}
}
