package dev.slipway.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.model.Json;
import java.io.IOException;
import java.util.Locale;
import java.util.Set;

/**
 * Turns what a Catch caught into the name a release ends with.
 *
 * <p>Step Functions hands a Catch the error as the Lambda runtime reported it: a Java exception's
 * class name and the runtime's JSON payload ({@code errorMessage}, {@code errorType}, ...). A
 * Slipway exception's message starts with its documented name, so the name comes back out of the
 * payload; everything else (out of memory, timeouts, Lambda's own errors, bugs) gets a name here,
 * with the state that failed and the setting to change.
 */
public final class FailureNames {
  private static final Set<String> APPROVAL_STATES = Set.of("RequestApproval", "ApproveMarginal");

  private FailureNames() {}

  /**
   * @param state the state whose Catch fired
   * @param error the caught {@code Error}
   * @param cause the caught {@code Cause}, may be null or empty
   */
  public static Failure describe(String state, String error, String cause) {
    String err = error == null ? "" : error;
    String text = cause == null ? "" : cause;
    if (err.startsWith("Slipway.")) {
      return new Failure(err, text.isEmpty() ? "(no cause given)" : text);
    }
    JsonNode payload = payload(text);
    String message = payload == null ? text : payload.path("errorMessage").asText(text);
    String errorType = payload == null ? "" : payload.path("errorType").asText("");
    if (message.startsWith("Slipway.") && message.indexOf(": ") > 0) {
      int colon = message.indexOf(": ");
      return new Failure(message.substring(0, colon), message.substring(colon + 2));
    }
    String lower = (message + " " + errorType + " " + err).toLowerCase(Locale.ROOT);
    if (err.equals("States.Timeout")) {
      if (APPROVAL_STATES.contains(state)) {
        return new Failure(
            "Slipway.Approval.Expired",
            "nobody approved or rejected the release in time at "
                + state
                + ". Start the release again when an approver is available. The gate closes after"
                + " approvalTimeoutHours, or earlier when only the worst case of the rest of the"
                + " release is left before the state machine's TimeoutSeconds (slipway config"
                + " validate shows when; docs/time-budget.md).");
      }
      return new Failure(
          "Slipway.Function.Timeout",
          "the "
              + state
              + " state ran longer than its TimeoutSeconds. Raise the state's timeout (and the"
              + " function's) if the work is legitimately slow, or look at what it waited on.");
    }
    if (err.contains("OutOfMemoryError")
        || lower.contains("signal: killed")
        || lower.contains("runtime.exiterror")
        || lower.contains("out of memory")) {
      return new Failure(
          "Slipway.Function.OutOfMemory",
          "the function behind the "
              + state
              + " state ran out of memory. Raise its MemorySize (infra: the function's memory"
              + " setting) and run the release again.");
    }
    if (lower.contains("task timed out")) {
      return new Failure(
          "Slipway.Function.Timeout",
          "the function behind the "
              + state
              + " state hit its Lambda timeout. Raise its Timeout (infra: the function's timeout"
              + " setting) and run the release again.");
    }
    if (err.equals("States.DataLimitExceeded")) {
      return new Failure(
          "Slipway.Function.PayloadTooLarge",
          "the "
              + state
              + " state produced more than 256 KiB of state data. Keep large results in S3 and"
              + " pass their keys.");
    }
    if (err.startsWith("Lambda.")) {
      return new Failure(
          "Slipway.Function.Unavailable",
          "AWS Lambda kept failing to run the "
              + state
              + " state ("
              + err
              + ") after retries. Check the Lambda service health and the function's"
              + " concurrency, then run the release again.");
    }
    String what = err.isEmpty() ? "an error without a name" : err;
    return new Failure(
        "Slipway.Function.Crashed",
        "the "
            + state
            + " state failed with "
            + what
            + (message.isEmpty() ? "" : ": " + message)
            + ". This is a Slipway bug: report it with the execution ARN.");
  }

  private static JsonNode payload(String cause) {
    if (!cause.startsWith("{")) {
      return null;
    }
    try {
      JsonNode node = Json.mapper().readTree(cause);
      return node.isObject() ? node : null;
    } catch (IOException e) {
      return null;
    }
  }
}
