package dev.reprise.replay;

import dev.reprise.replay.connection.ConnectionStats;

/**
 * What a replay did, once it is over.
 *
 * @param startedNanos      {@link System#nanoTime()} at the start
 * @param endedNanos        {@link System#nanoTime()} once the connections were drained or given up on
 * @param sendsDispatched   requests staged for their due times (a stop drops those staged and not yet due)
 * @param stoppedEarly      the run was stopped (Ctrl-C) before the plan's end
 * @param drained           every request handed over was answered or failed before the end
 * @param maxQueued         the most plan events that waited at once to be carried out
 * @param failure           what ended the plan's reading other than its end (an unreadable journal), or null
 */
public record ReplayRun(long startedNanos, long endedNanos, long sendsDispatched, boolean stoppedEarly,
                        boolean drained, int maxQueued, RuntimeException failure, ConnectionStats stats) {
    public long elapsedNanos() {
        return endedNanos - startedNanos;
    }

    /** Requests answered or failed per second of the run. */
    public double rate() {
        double seconds = elapsedNanos() / 1e9;
        return seconds <= 0 ? 0 : (stats.responses() + stats.errors()) / seconds;
    }
}
