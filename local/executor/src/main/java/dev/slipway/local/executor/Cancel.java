package dev.slipway.local.executor;

/** A cancellation flag for a branch group, chained to its parent (the execution's stop). */
final class Cancel {
  private final Cancel parent;
  private volatile boolean cancelled;

  Cancel(Cancel parent) {
    this.parent = parent;
  }

  /** Thrown in a branch that was stopped because a sibling failed or the execution was stopped. */
  static final class Cancelled extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Cancelled() {
      super("cancelled", null, false, false);
    }
  }

  void cancel() {
    cancelled = true;
  }

  boolean isCancelled() {
    return cancelled || (parent != null && parent.isCancelled());
  }

  void check() {
    if (isCancelled()) {
      throw new Cancelled();
    }
  }
}
