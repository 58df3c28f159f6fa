package dev.slipway.local.executor;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * An execution's terminal status change, with what Step Functions puts in the {@code detail} of its
 * EventBridge event "Step Functions Execution Status Change" (the same fields as
 * DescribeExecution). {@code output} is set for SUCCEEDED only; {@code error} and {@code cause} may
 * be null (a failure may carry neither; a TIMED_OUT execution has {@code States.Timeout}).
 *
 * @param id the event's id (random, unique per event)
 * @param input the execution input as JSON text
 * @param output the output as JSON text (SUCCEEDED), else null
 */
public record ExecutionStatusChange(
    String id,
    String region,
    String account,
    String executionArn,
    String stateMachineArn,
    String name,
    ExecutionStatus status,
    Instant startDate,
    Instant stopDate,
    String input,
    String output,
    String error,
    String cause) {

  /** The EventBridge {@code detail-type} of these events. */
  public static final String DETAIL_TYPE = "Step Functions Execution Status Change";

  /** The EventBridge {@code source} of these events. */
  public static final String SOURCE = "aws.states";

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

  /**
   * The event as EventBridge delivers it to a rule's target (version, id, detail-type, source,
   * account, time, region, resources, detail); dates in {@code detail} are epoch milliseconds,
   * {@code time} is the stop date to the second, as AWS sends them.
   */
  public ObjectNode toEventBridgeJson() {
    ObjectNode e = JsonSupport.object();
    e.put("version", "0");
    e.put("id", id);
    e.put("detail-type", DETAIL_TYPE);
    e.put("source", SOURCE);
    e.put("account", account);
    e.put("time", TIME.format(stopDate.truncatedTo(ChronoUnit.SECONDS)));
    e.put("region", region);
    e.putArray("resources").add(executionArn);
    ObjectNode d = e.putObject("detail");
    d.put("executionArn", executionArn);
    d.put("stateMachineArn", stateMachineArn);
    d.put("name", name);
    d.put("status", status.name());
    d.put("startDate", startDate.toEpochMilli());
    d.put("stopDate", stopDate.toEpochMilli());
    d.put("input", input);
    d.putObject("inputDetails").put("included", true);
    d.put("output", output);
    if (output == null) {
      d.putNull("outputDetails");
    } else {
      d.putObject("outputDetails").put("included", true);
    }
    d.put("error", error);
    d.put("cause", cause);
    d.putNull("stateMachineVersionArn");
    d.putNull("stateMachineAliasArn");
    d.put("redriveCount", 0);
    d.putNull("redriveDate");
    boolean succeeded = status == ExecutionStatus.SUCCEEDED;
    d.put("redriveStatus", succeeded ? "NOT_REDRIVABLE" : "REDRIVABLE");
    d.put(
        "redriveStatusReason", succeeded ? "Execution is SUCCEEDED and cannot be redriven" : null);
    return e;
  }
}
