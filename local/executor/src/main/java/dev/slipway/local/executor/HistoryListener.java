package dev.slipway.local.executor;

/**
 * Hears each history event as the executor records it, on the thread that records it (Map and
 * Parallel branches call from several threads). {@code slipway run} prints one progress line per
 * state entered from it. A listener must be quick and must not throw: an exception is logged and
 * otherwise ignored, so a broken listener never changes an execution's outcome.
 */
@FunctionalInterface
public interface HistoryListener {
  HistoryListener NONE = (execution, event) -> {};

  void onEvent(Execution execution, HistoryEvent event);
}
