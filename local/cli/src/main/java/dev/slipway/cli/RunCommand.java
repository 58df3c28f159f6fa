package dev.slipway.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code slipway run}: the release pipeline on this machine (completed by the pipeline issue). */
@Command(
    name = "run",
    description = "Run the release pipeline locally on embedded defaults (not complete yet).")
final class RunCommand implements Callable<Integer> {

  @Override
  public Integer call() {
    System.out.println(
        """
        slipway run: the release state machine is not assembled yet.
        What works today:
          ./slipway judge --config events/canary/<example>/canary-config.json \\
                          --pairs  events/canary/<example>/metric-set-pairs.json
          ./slipway --help    lists every command
        """);
    return 0;
  }
}
