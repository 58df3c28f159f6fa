package dev.slipway.staticsync;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.slipway.model.Json;
import dev.slipway.store.S3Clients;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** The {@code staticsync} state: copy, then verify; thin over {@link StaticSyncService}. */
public final class StaticSyncHandler implements RequestStreamHandler {
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
    this.service = service;
  }

  private static StaticSyncService fromConfig(StaticSyncConfig config) {
    return new StaticSyncService(
        new S3Buckets(region -> S3Clients.create(region, config.endpoint())));
  }

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context)
      throws IOException {
    StaticSyncRequest request = Json.mapper().readValue(input, StaticSyncRequest.class);
    Json.mapper().writeValue(output, service.sync(request));
  }
}
