package dev.slipway.analysis;

import java.time.Duration;

/** Waits between retries. Injected so that tests do not wait. */
@FunctionalInterface
public interface Sleeper {
  void sleep(Duration d) throws InterruptedException;

  /** The real thing. */
  static Sleeper system() {
    return d -> Thread.sleep(d.toMillis());
  }
}
