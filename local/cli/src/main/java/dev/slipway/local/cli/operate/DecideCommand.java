package dev.slipway.local.cli.operate;

import dev.slipway.model.ApprovalRequest;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code slipway approve|reject APPROVAL [--comment TEXT]}: decides a pending gate as the caller.
 */
abstract class DecideCommand implements Callable<Integer> {
  @Mixin TargetOptions target;

  @Parameters(
      index = "0",
      paramLabel = "APPROVAL",
      description = "the gate's id (<execution name>-<gate>; slipway status shows it)")
  String approval;

  @Option(names = "--comment", paramLabel = "TEXT", description = "why, for the record")
  String comment;

  abstract boolean approve();

  @Override
  public Integer call() {
    Output out = target.output(System.out);
    try (OperatorTarget t = target.open()) {
      ApprovalRequest decided =
          new ApprovalDecisions(t, Clock.systemUTC()).decide(approval, approve(), comment);
      out.result(
          ApprovalDecisions.view(decided),
          text ->
              text.println(
                  (approve() ? "approved " : "rejected ")
                      + decided.id()
                      + " ("
                      + decided.app()
                      + " build "
                      + decided.build()
                      + " to "
                      + decided.environment()
                      + ", gate "
                      + decided.gate()
                      + ") as "
                      + decided.decision().decidedBy().id()));
    }
    return 0;
  }

  /** {@code slipway approve}. */
  @Command(
      name = "approve",
      description = "Approve a pending gate as yourself (your IAM identity; locally, your user).")
  public static final class Approve extends DecideCommand {
    @Override
    boolean approve() {
      return true;
    }
  }

  /** {@code slipway reject}. */
  @Command(
      name = "reject",
      description =
          "Reject a pending gate as yourself: the release ends there (nothing more is deployed).")
  public static final class Reject extends DecideCommand {
    @Override
    boolean approve() {
      return false;
    }
  }
}
