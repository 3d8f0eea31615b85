package dev.reprise.replay.source.internal;

/**
 * A run of journal events as the plan needs them, in parallel arrays: what {@link ViewReader}
 * takes from each view, so the views can be read on one thread and planned on another. The
 * arrays are reused from batch to batch; only the kept requests and responses are new.
 */
final class ReadBatch {
    static final byte OPENED = 0;
    static final byte REQUEST = 1;
    static final byte RESPONSE = 2;
    static final byte CLOSED = 3;
    static final byte UPGRADE = 4;

    /** Whether a request carries an Upgrade header: not yet known, or known by the reader. */
    static final byte UPGRADE_UNCHECKED = 0;
    static final byte UPGRADE_ABSENT = 1;
    static final byte UPGRADE_PRESENT = 2;

    final byte[] kind;
    final int[] journal;
    final long[] time;
    final long[] connection;
    /** Of a request or a response: its sequence on the connection. */
    final long[] sequence;
    /** The kept {@code StoredRequest} or {@code StoredResponse}, else null. */
    final Object[] kept;
    final String[] tenant;
    final byte[] upgrade;
    int size;
    /** No event follows this batch's. */
    boolean last;
    /** What reading the event after this batch's threw: it is thrown once they are planned. */
    RuntimeException failure;
    /** Where the batch goes back once planned, or null. */
    final java.util.Queue<ReadBatch> owner;

    ReadBatch(int capacity, java.util.Queue<ReadBatch> owner) {
        this.owner = owner;
        kind = new byte[capacity];
        journal = new int[capacity];
        time = new long[capacity];
        connection = new long[capacity];
        sequence = new long[capacity];
        kept = new Object[capacity];
        tenant = new String[capacity];
        upgrade = new byte[capacity];
    }

    /** The last batch a planner gets when it was interrupted while waiting for a reader. */
    static ReadBatch interrupted() {
        ReadBatch stopped = new ReadBatch(1, null);
        stopped.last = true;
        stopped.failure = new IllegalStateException("interrupted while reading the journals ahead");
        return stopped;
    }

    int capacity() {
        return kind.length;
    }

    void clear() {
        java.util.Arrays.fill(kept, 0, size, null);
        java.util.Arrays.fill(tenant, 0, size, null);
        size = 0;
        last = false;
        failure = null;
    }
}
