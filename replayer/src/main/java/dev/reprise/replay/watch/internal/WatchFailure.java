package dev.reprise.replay.watch.internal;

/** One sample that could not be taken; the message is one line for the report. */
public final class WatchFailure extends Exception {
    public WatchFailure(String message) {
        super(message);
    }
}
