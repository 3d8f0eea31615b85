package dev.reprise.replay.plan;

/**
 * The chosen time window of the journals, which can be read as a plan any number of times.
 * Amplification reads it once to learn the tenant mix and again for each soak loop.
 */
public interface PlanWindow {
    /** Epoch nanoseconds of the window's start and end on the capture's timeline. */
    long startNanos();

    long endNanos();

    /** A fresh read of the window, every time shifted later by {@code shiftNanos}. */
    PlanSource open(long shiftNanos);
}
