package dev.reprise.replay.report;

/** The running figures of the results side, read once a second by {@link ProgressLine}. */
public interface LiveResults {
    /** Exchanges finished so far, answered or failed. */
    long completed();

    /** Of those, failed. */
    long errors();

    /** Send-lag p99 over the last few seconds, in microseconds. */
    long recentLagP99Micros();
}
