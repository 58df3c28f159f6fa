package dev.slipway.pipeline;

/**
 * What the record state returns.
 *
 * @param status {@code succeeded}, {@code rolled-back} or {@code failed}
 * @param failure how the release ends when it failed (the Fail state reads it), else null
 * @param notified whether the notification went out (best effort)
 * @param reportUrl where to read the last canary report, or null
 */
public record RecordResult(
    String recordKey, String status, Failure failure, boolean notified, String reportUrl) {}
