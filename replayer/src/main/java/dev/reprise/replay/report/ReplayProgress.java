package dev.reprise.replay.report;

/** The engine's gauges, read once a second by {@link ProgressLine}; each must be cheap and thread-safe. */
public interface ReplayProgress {
    /** Requests the plan holds, or -1 when not known in advance. */
    long planned();

    /** Requests sent so far. */
    long sent();

    /** Requests sent and not yet answered or failed. */
    int inFlight();

    /** Time until the plan's last request is due, or -1 when the schedule cannot say (max rate, unknown plan). */
    default long remainingNanos() {
        return -1;
    }
}
