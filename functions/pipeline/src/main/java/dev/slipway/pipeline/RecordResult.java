package dev.slipway.pipeline;

/**
 * What the record state returns.
 *
 * @param status {@code succeeded}, {@code rolled-back} or {@code failed}
 * @param failure how the release ends when it failed (the Fail state reads it), else null
 * @param notified whether the notification went out (best effort)
 */
public record RecordResult(String recordKey, String status, Failure failure, boolean notified) {}
