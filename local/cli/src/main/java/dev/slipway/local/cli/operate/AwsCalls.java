package dev.slipway.local.cli.operate;

import dev.slipway.model.TerminalStepException;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/** AWS SDK calls of the operating commands, their failures turned into named errors. */
public final class AwsCalls {
  private AwsCalls() {}

  /**
   * Runs {@code call}; an SDK failure becomes {@code Slipway.Cli.AwsCallFailed} naming {@code
   * service}, {@code operation} and AWS's error code.
   */
  public static <T> T call(String service, String operation, Supplier<T> call) {
    try {
      return call.get();
    } catch (SdkException e) {
      throw failed(service, operation, e);
    }
  }

  /** The named error for an SDK failure of {@code service} {@code operation}. */
  public static TerminalStepException failed(String service, String operation, SdkException e) {
    if (e instanceof AwsServiceException a && a.awsErrorDetails() != null) {
      return OperateErrors.awsCall(
          service,
          operation,
          a.awsErrorDetails().errorCode(),
          a.awsErrorDetails().errorMessage(),
          e);
    }
    return OperateErrors.awsCall(service, operation, null, e.getMessage(), e);
  }
}
