package dev.slipway.local.executor;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Consumer;

/** A Lambda {@link Context} for an in-process invocation, as the Java runtime fills it. */
public final class LocalContext implements Context {
  private final String requestId;
  private final String functionName;
  private final String functionArn;
  private final int memoryLimitMb;
  private final long deadlineNanos;
  private final LambdaLogger logger;

  /**
   * @param timeout how long the invocation may take (drives {@link #getRemainingTimeInMillis()})
   * @param log where {@code context.getLogger()} lines go
   */
  public LocalContext(
      String requestId,
      String functionName,
      String functionArn,
      Duration timeout,
      Consumer<String> log) {
    this.requestId = requestId;
    this.functionName = functionName;
    this.functionArn = functionArn;
    this.memoryLimitMb = 512;
    this.deadlineNanos = System.nanoTime() + Math.min(timeout.toNanos(), Long.MAX_VALUE / 4);
    this.logger =
        new LambdaLogger() {
          @Override
          public void log(String message) {
            log.accept(message);
          }

          @Override
          public void log(byte[] message) {
            log.accept(new String(message, StandardCharsets.UTF_8));
          }
        };
  }

  @Override
  public String getAwsRequestId() {
    return requestId;
  }

  @Override
  public String getLogGroupName() {
    return "/aws/lambda/" + functionName;
  }

  @Override
  public String getLogStreamName() {
    return "local/[$LATEST]" + requestId.replace("-", "");
  }

  @Override
  public String getFunctionName() {
    return functionName;
  }

  @Override
  public String getFunctionVersion() {
    return "$LATEST";
  }

  @Override
  public String getInvokedFunctionArn() {
    return functionArn;
  }

  @Override
  public CognitoIdentity getIdentity() {
    return null;
  }

  @Override
  public ClientContext getClientContext() {
    return null;
  }

  @Override
  public int getRemainingTimeInMillis() {
    long ms = (deadlineNanos - System.nanoTime()) / 1_000_000L;
    return (int) Math.max(0, Math.min(Integer.MAX_VALUE, ms));
  }

  @Override
  public int getMemoryLimitInMB() {
    return memoryLimitMb;
  }

  @Override
  public LambdaLogger getLogger() {
    return logger;
  }
}
