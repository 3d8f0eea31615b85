package dev.reprise.replay.plan;

import dev.reprise.format.JournalHeader;

import java.util.List;

/**
 * The chosen time window of the journals, which can be read as a plan any number of times.
 * Amplification reads it once to learn the tenant mix and again for each soak loop.
 */
public interface PlanWindow {
    /** Epoch nanoseconds of the window's start and end on the capture's timeline. */
    long startNanos();

    long endNanos();

    /** The headers of the journals read, in the order of {@link ConnectionKey#journal()}: capture settings, tenant rules. */
    List<JournalHeader> headers();

    /**
     * A fresh read of the window, every time shifted later by {@code shiftNanos}. Each read makes
     * its own {@link PlanConnection}s: two reads never share a connection.
     */
    PlanSource open(long shiftNanos);
}
