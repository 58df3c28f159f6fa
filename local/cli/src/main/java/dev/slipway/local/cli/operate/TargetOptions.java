package dev.slipway.local.cli.operate;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * The options every operating command takes ({@code @Mixin TargetOptions target;}): which Slipway
 * ({@code --stack NAME} or {@code --local}), and {@code --json}.
 */
public final class TargetOptions {
  @Option(
      names = "--stack",
      paramLabel = "NAME",
      defaultValue = "${env:SLIPWAY_STACK}",
      description =
          "a deployed Slipway stack (its CloudFormation outputs; AWS credentials and region from"
              + " the SDK's default chain); default: $SLIPWAY_STACK")
  String stack;

  @Option(
      names = "--local",
      description = "the Slipway 'slipway up' runs on this machine (read from --env-file)")
  boolean local;

  @Option(
      names = "--env-file",
      paramLabel = "FILE",
      description = "with --local: the file 'slipway up' wrote (default: .slipway/local.env)")
  Path envFile = Path.of(".slipway", "local.env");

  @Option(
      names = "--region",
      paramLabel = "REGION",
      description = "with --stack: the stack's region (default: the SDK's, e.g. AWS_REGION)")
  String region;

  @Option(names = "--json", description = "print JSON for scripts instead of text")
  boolean json;

  /**
   * Opens the target the options name.
   *
   * @throws dev.slipway.model.TerminalStepException {@code Slipway.Cli.NoTarget} without (or with
   *     both) --stack and --local; the target's own errors
   */
  public OperatorTarget open() {
    boolean hasStack = stack != null && !stack.isBlank();
    if (local && hasStack) {
      // a SLIPWAY_STACK in the environment gives way to an explicit --local
      if (System.getenv("SLIPWAY_STACK") == null || !System.getenv("SLIPWAY_STACK").equals(stack)) {
        throw OperateErrors.bothTargets();
      }
      hasStack = false;
    }
    if (local) {
      return OperatorTarget.local(envFile);
    }
    if (!hasStack) {
      throw OperateErrors.noTarget();
    }
    return OperatorTarget.stack(stack, Optional.ofNullable(region).filter(r -> !r.isBlank()));
  }

  /** The output the options ask for, on {@code out}. */
  public Output output(PrintStream out) {
    return new Output(json, out);
  }

  public boolean json() {
    return json;
  }
}
