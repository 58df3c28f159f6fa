package dev.slipway.staticsync;

import com.amazonaws.services.lambda.runtime.Context;
import dev.slipway.lambda.JsonStreamHandler;
import dev.slipway.store.S3Clients;

/** The {@code staticsync} state: copy, then verify; thin over {@link StaticSyncService}. */
public final class StaticSyncHandler
    extends JsonStreamHandler<StaticSyncRequest, StaticSyncResult> {
  public static final String TASK_NAME = "staticsync";

  private final StaticSyncService service;

  /** The Lambda runtime's constructor: S3 clients per region, built once per container. */
  public StaticSyncHandler() {
    this(StaticSyncConfig.fromEnvironment());
  }

  /** A handler over explicit settings (an S3-compatible endpoint for every region, or none). */
  public StaticSyncHandler(StaticSyncConfig config) {
    this(fromConfig(config));
  }

  StaticSyncHandler(StaticSyncService service) {
    super(StaticSyncRequest.class);
    this.service = service;
  }

  private static StaticSyncService fromConfig(StaticSyncConfig config) {
    return new StaticSyncService(
        new S3Buckets(region -> S3Clients.create(region, config.endpoint())));
  }

  @Override
  protected StaticSyncResult handle(StaticSyncRequest input, Context context) {
    return service.sync(input);
  }
}
