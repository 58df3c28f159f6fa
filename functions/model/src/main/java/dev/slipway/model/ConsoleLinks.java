package dev.slipway.model;

import java.util.Optional;

/** Links into the AWS console for the things a release produces. */
public final class ConsoleLinks {
  private ConsoleLinks() {}

  /** The Step Functions console page of an execution, from its ARN; empty for anything else. */
  public static Optional<String> execution(String executionArn) {
    if (executionArn == null) {
      return Optional.empty();
    }
    String[] parts = executionArn.split(":");
    if (parts.length < 8 || !"states".equals(parts[2]) || !"execution".equals(parts[5])) {
      return Optional.empty();
    }
    String region = parts[3];
    return Optional.of(
        "https://"
            + region
            + ".console.aws.amazon.com/states/home?region="
            + region
            + "#/v2/executions/details/"
            + executionArn);
  }
}
