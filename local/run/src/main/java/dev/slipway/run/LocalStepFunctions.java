package dev.slipway.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.local.executor.Execution;
import dev.slipway.local.executor.ExecutionStatus;
import dev.slipway.local.executor.TaskTokens;
import dev.slipway.model.Json;
import dev.slipway.model.TerminalStepException;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;

/**
 * Step Functions' StartExecution, DescribeExecution, SendTaskSuccess and SendTaskFailure on the
 * local executor, with Step Functions' inputs, answers and error codes, for {@link
 * LocalAwsEndpoint}.
 */
final class LocalStepFunctions {
  /** What Step Functions allows in an execution name: 1 to 80 characters, none of these. */
  private static final Pattern NAME = Pattern.compile("[^\\s<>{}\\[\\]?*\"#%\\\\^|~`$&,;:/]{1,80}");

  private final LocalExecutionStarter starter;
  private final TaskTokens tokens;
  private final RandomGenerator random;

  LocalStepFunctions(LocalExecutionStarter starter, TaskTokens tokens, RandomGenerator random) {
    this.starter = starter;
    this.tokens = tokens;
    this.random = random;
  }

  ObjectNode startExecution(JsonNode in) {
    String arn = LocalAwsEndpoint.required(in, "stateMachineArn");
    if (!arn.equals(starter.stateMachineArn())) {
      throw new LocalAwsEndpoint.AwsError(
          "StateMachineDoesNotExist",
          "State Machine Does Not Exist: '"
              + arn
              + "' (this local endpoint runs "
              + starter.stateMachineArn()
              + ")");
    }
    String name =
        in.path("name").isTextual()
            ? in.path("name").asText()
            : new UUID(random.nextLong(), random.nextLong()).toString();
    if (!NAME.matcher(name).matches()) {
      throw new LocalAwsEndpoint.AwsError(
          "InvalidName",
          "Invalid Name: '" + name + "' (1 to 80 characters, no spaces, brackets or wildcards)");
    }
    String input = in.path("input").isTextual() ? in.path("input").asText() : "{}";
    try {
      Json.mapper().readTree(input);
    } catch (IOException e) {
      throw new LocalAwsEndpoint.AwsError(
          "InvalidExecutionInput", "Invalid State Machine Execution Input: not JSON text");
    }
    Execution e;
    try {
      e = starter.begin(name, input);
    } catch (TerminalStepException refused) {
      if (LocalExecutionStarter.ALREADY_EXISTS.equals(refused.errorName())) {
        throw new LocalAwsEndpoint.AwsError("ExecutionAlreadyExists", refused.causeText());
      }
      throw refused;
    }
    ObjectNode out = Json.mapper().createObjectNode();
    out.put("executionArn", e.executionArn());
    out.put("startDate", epochSeconds(e.startDate()));
    return out;
  }

  ObjectNode describeExecution(JsonNode in) {
    String arn = LocalAwsEndpoint.required(in, "executionArn");
    LocalExecutionStarter.Begun b =
        starter
            .byArn(arn)
            .orElseThrow(
                () ->
                    new LocalAwsEndpoint.AwsError(
                        "ExecutionDoesNotExist", "Execution Does Not Exist: '" + arn + "'"));
    Execution e = b.execution();
    ObjectNode out = Json.mapper().createObjectNode();
    out.put("executionArn", e.executionArn());
    out.put("stateMachineArn", starter.stateMachineArn());
    out.put("name", e.name());
    out.put("status", e.status().name());
    out.put("startDate", epochSeconds(e.startDate()));
    if (e.stopDate() != null) {
      out.put("stopDate", epochSeconds(e.stopDate()));
    }
    out.put("input", b.input());
    if (e.status() == ExecutionStatus.SUCCEEDED) {
      out.put("output", e.outputJson());
    }
    if (e.error() != null) {
      out.put("error", e.error());
    }
    if (e.cause() != null) {
      out.put("cause", e.cause());
    }
    return out;
  }

  ObjectNode sendTaskSuccess(JsonNode in) {
    String token = LocalAwsEndpoint.required(in, "taskToken");
    String output = LocalAwsEndpoint.required(in, "output");
    try {
      Json.mapper().readTree(output);
    } catch (IOException e) {
      throw new LocalAwsEndpoint.AwsError("InvalidOutput", "Invalid Output: not JSON text");
    }
    return answer(() -> tokens.sendTaskSuccess(token, output));
  }

  ObjectNode sendTaskFailure(JsonNode in) {
    String token = LocalAwsEndpoint.required(in, "taskToken");
    String error = in.path("error").isTextual() ? in.path("error").asText() : null;
    String cause = in.path("cause").isTextual() ? in.path("cause").asText() : null;
    return answer(() -> tokens.sendTaskFailure(token, error, cause));
  }

  private static ObjectNode answer(Runnable send) {
    try {
      send.run();
    } catch (TerminalStepException gone) {
      throw new LocalAwsEndpoint.AwsError("TaskDoesNotExist", gone.causeText());
    }
    return Json.mapper().createObjectNode();
  }

  /** Step Functions' dates: epoch seconds with a fraction (milliseconds). */
  static BigDecimal epochSeconds(Instant t) {
    return BigDecimal.valueOf(t.toEpochMilli()).movePointLeft(3);
  }
}
