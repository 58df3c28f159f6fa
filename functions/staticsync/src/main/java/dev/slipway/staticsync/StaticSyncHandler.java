package dev.slipway.staticsync;

import com.amazonaws.services.lambda.runtime.Context;
import dev.slipway.lambda.JsonStreamHandler;

/** The {@code staticsync} state: copy, then verify; thin over {@link StaticSyncService}. */
public final class StaticSyncHandler
    extends JsonStreamHandler<StaticSyncRequest, StaticSyncResult> {
  public static final String TASK_NAME = "staticsync";

  private final StaticSyncService service;

  /**
   * The Lambda entry point: the container's graph, built once ({@link
   * StaticSyncWiring#instance()}).
   */
  public StaticSyncHandler() {
    this(StaticSyncWiring.instance());
  }

  /** A handler over a given graph, e.g. {@link StaticSyncWiring#fromEnvironment}'s. */
  public StaticSyncHandler(StaticSyncWiring wiring) {
    this(wiring.staticSyncService());
  }

  StaticSyncHandler(StaticSyncService service) {
    super(StaticSyncRequest.class);
    this.service = service;
  }

  @Override
  protected StaticSyncResult handle(StaticSyncRequest input, Context context) {
    return service.sync(input);
  }
}
