package dev.slipway.pipeline;

/**
 * The lock states' output: data for a Choice, never an exception.
 *
 * @param acquired whether this execution now holds (or released) the lock
 * @param holder the execution holding the lock when it was not acquired
 * @param attempt the attempt count to pass to the next try
 * @param waitSeconds how long to wait before the next try (grows with each attempt)
 * @param gaveUp true when the attempts are used up: the release ends as {@code Slipway.Lock.Busy}
 * @param detail what happened, for the history and the log
 */
public record LockResult(
    boolean acquired, String holder, int attempt, int waitSeconds, boolean gaveUp, String detail) {}
