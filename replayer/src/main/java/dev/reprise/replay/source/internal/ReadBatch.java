package dev.reprise.replay.source.internal;

/**
 * A run of checked journal records, in parallel arrays: what {@link RecordReader} reads, so the
 * records can be read on one thread and laid out and planned on another. The arrays are reused
 * from batch to batch; only the records are new.
 */
final class ReadBatch {
    /**
     * Each record's bytes, its own {@code byte[]}: kept requests and responses share it. Held as
     * objects so the reading thread never reads a record's header (see {@code JournalSet.nextRecordInto}).
     */
    final Object[] record;
    /** The journal each record came from, as {@code JournalSet.journalOf()} says. */
    final int[] journal;
    /** Where each record lies in its journal, for errors. */
    final long[] index;
    int size;
    /** No record follows this batch's. */
    boolean last;
    /** What reading the record after this batch's threw: it is thrown once they are planned. */
    RuntimeException failure;
    ReadBatch(int capacity) {
        record = new Object[capacity];
        journal = new int[capacity];
        index = new long[capacity];
    }

    /** The last batch a planner gets when it was interrupted while waiting for a reader. */
    static ReadBatch interrupted() {
        ReadBatch stopped = new ReadBatch(1);
        stopped.last = true;
        stopped.failure = new IllegalStateException("interrupted while reading the journals ahead");
        return stopped;
    }

    int capacity() {
        return record.length;
    }

    void clear() {
        java.util.Arrays.fill(record, 0, size, null);
        size = 0;
        last = false;
        failure = null;
    }
}
