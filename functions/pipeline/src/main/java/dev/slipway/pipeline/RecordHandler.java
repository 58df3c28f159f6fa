package dev.slipway.pipeline;

import com.amazonaws.services.lambda.runtime.Context;
import dev.slipway.lambda.JsonStreamHandler;

/**
 * The {@code RecordRelease} state: writes the release record, notifies, and names how a failed
 * release ends.
 */
public final class RecordHandler extends JsonStreamHandler<RecordRequest, RecordResult> {
  public static final String TASK_NAME = "record";

  private final ReleaseRecords records;

  /**
   * The Lambda entry point: the container's graph, built once ({@link PipelineWiring#instance()}).
   */
  public RecordHandler() {
    this(PipelineWiring.instance());
  }

  /** A handler over a given graph, e.g. {@link PipelineWiring#fromEnvironment}'s. */
  public RecordHandler(PipelineWiring wiring) {
    this(wiring.releaseRecords());
  }

  RecordHandler(ReleaseRecords records) {
    super(RecordRequest.class);
    this.records = records;
  }

  @Override
  protected RecordResult handle(RecordRequest input, Context context) {
    input.checkNames();
    return records.record(input);
  }
}
