package dev.reprise.format;

/**
 * One record in a journal. Every event carries the wall-clock time, in epoch nanoseconds,
 * by which journals are ordered and merged: for a request that is its first byte.
 */
public sealed interface JournalEvent
        permits JournalHeader, ConnectionOpened, RequestEvent, ResponseEvent, ConnectionClosed, UpgradeEvent {

    /** Epoch nanoseconds of the moment this event describes; the merge and seek key. */
    long timeNanos();
}
