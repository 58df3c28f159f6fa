package dev.slipway.awshttp;

import java.util.Set;

/**
 * An AWS call that did not succeed: the service answered with an error ({@link #status()} above 0,
 * with its error {@link #code()} and message), or nothing usable came back ({@link #status()} 0: no
 * connection, a timeout, a broken response). Adapters turn it into a named Slipway error; its
 * message never holds a request body or a credential.
 */
public final class AwsCallException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private static final Set<String> THROTTLING =
      Set.of(
          "Throttling",
          "ThrottlingException",
          "ThrottledException",
          "TooManyRequestsException",
          "RequestLimitExceeded",
          "RequestThrottled",
          "RequestThrottledException",
          "ProvisionedThroughputExceededException",
          "SlowDown",
          "BandwidthLimitExceeded",
          "PriorRequestNotComplete",
          "EC2ThrottledException");

  private final String service;
  private final String operation;
  private final int status;
  private final String code;
  private final String awsMessage;

  public AwsCallException(
      String service,
      String operation,
      int status,
      String code,
      String awsMessage,
      Throwable cause) {
    super(describe(service, operation, status, code, awsMessage), cause);
    this.service = service;
    this.operation = operation;
    this.status = status;
    this.code = code;
    this.awsMessage = awsMessage;
  }

  private static String describe(
      String service, String operation, int status, String code, String message) {
    String what = service + " " + operation;
    if (status == 0) {
      return what + ": " + message;
    }
    return what
        + ": "
        + status
        + " "
        + (code == null ? "" : code)
        + (message == null ? "" : ": " + message);
  }

  /** The signing name of the service called ({@code states}, {@code s3}, ...). */
  public String service() {
    return service;
  }

  /** The operation called ({@code StartExecution}, {@code GetObject}, ...). */
  public String operation() {
    return operation;
  }

  /** The HTTP status of the answer, 0 when there was none. */
  public int status() {
    return status;
  }

  /** The service's error code ({@code ExecutionAlreadyExists}, {@code NoSuchKey}), or null. */
  public String code() {
    return code;
  }

  /** The service's error message, or (status 0) what went wrong on the way. */
  public String awsMessage() {
    return awsMessage;
  }

  /** No answer, a 5xx, a 429 or a throttling error: worth trying again later. */
  public boolean retryable() {
    return status == 0 || status == 429 || status >= 500 || throttling();
  }

  /** Whether the service said to slow down. */
  public boolean throttling() {
    return status == 429 || (code != null && THROTTLING.contains(code));
  }

  /** {@code <code>: <message>} for a service error, else what went wrong, for error causes. */
  public String detail() {
    if (status == 0) {
      return awsMessage;
    }
    return (code == null ? "HTTP " + status : code) + (awsMessage == null ? "" : ": " + awsMessage);
  }
}
