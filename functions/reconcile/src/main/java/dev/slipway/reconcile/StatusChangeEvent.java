package dev.slipway.reconcile;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * The EventBridge event Step Functions emits when an execution changes status, exactly as the rule
 * delivers it (samples: {@code events/reconcile/}).
 *
 * @param source {@code aws.states}
 * @param detailType {@code Step Functions Execution Status Change}
 * @param resources the execution's ARN
 */
public record StatusChangeEvent(
    String version,
    String id,
    @JsonProperty("detail-type") String detailType,
    String source,
    String account,
    String time,
    String region,
    List<String> resources,
    Detail detail) {

  public static final String SOURCE = "aws.states";
  public static final String DETAIL_TYPE = "Step Functions Execution Status Change";

  /**
   * @param status {@code RUNNING}, {@code SUCCEEDED}, {@code FAILED}, {@code TIMED_OUT}, {@code
   *     ABORTED}, {@code PENDING_REDRIVE}
   * @param startDate when the execution started, milliseconds since the epoch
   * @param stopDate when it ended, milliseconds since the epoch (null while running)
   * @param input the execution input, as a JSON string; null when {@code inputDetails.included} is
   *     false (over EventBridge's size limit): then DescribeExecution has it
   * @param error for FAILED and TIMED_OUT the error; for ABORTED what the StopExecution call said
   *     (its {@code error}), if anything
   * @param cause likewise
   */
  public record Detail(
      String executionArn,
      String stateMachineArn,
      String name,
      String status,
      Long startDate,
      Long stopDate,
      String input,
      JsonNode inputDetails,
      String output,
      JsonNode outputDetails,
      String error,
      String cause) {}
}
