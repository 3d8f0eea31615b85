package dev.reprise.replay.plan;

/**
 * The replay plan as a stream, in non-decreasing {@link PlanEvent#captureNanos()}. It is read
 * lazily so that a week of capture replays in constant memory.
 */
public interface PlanSource extends AutoCloseable {
    /** The next step, or null at the end. */
    PlanEvent next();

    @Override
    void close();
}
