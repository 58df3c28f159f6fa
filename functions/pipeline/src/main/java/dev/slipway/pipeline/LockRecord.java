package dev.slipway.pipeline;

import java.time.Instant;

/** What {@code locks/<app>.json} holds while a release of the app runs. */
public record LockRecord(String app, String holder, Instant acquiredAt) {}
