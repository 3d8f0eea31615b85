package dev.reprise.replay.source.internal;

import dev.reprise.format.JournalSet;

/**
 * Reads merged journal records into a {@link ReadBatch}: each record's checked bytes, its journal
 * and where it lies, and nothing else. Laying a record out and taking from it what the plan
 * needs is left to the planning thread ({@link JournalPlanSource}): reading (Chronicle's
 * document read, the checksum, the merge and reorder window) is the heavier half, so when a
 * thread reads ahead the two threads share the work about evenly.
 */
final class RecordReader {
    private final JournalSet set;
    /** See {@link #recycling}. */
    private final boolean recycles;
    private boolean ended;

    /** A reader whose every record is an array of its own, never written again: for a plan whose events outlive the batch. */
    RecordReader(JournalSet set) {
        this(set, false);
    }

    private RecordReader(JournalSet set, boolean recycles) {
        this.set = set;
        this.recycles = recycles;
    }

    /**
     * A reader that reads later records into the arrays of a batch handed back to it
     * ({@link JournalSet#reuse}), instead of allocating one per record: only for a planner
     * after which nothing holds a record, nor a plan event made of one, once it has asked for
     * the next batch. A replay keeps plan events until they are sent; a dry run drops each as
     * soon as it has counted it.
     */
    static RecordReader recycling(JournalSet set) {
        return new RecordReader(set, true);
    }

    /** Fills {@code b} (cleared) with the next records; a failure to read one ends the batch and is kept in it. */
    void fill(ReadBatch b) {
        if (recycles) {
            byte[][] done = b.record;
            for (int i = 0, n = b.size; i < n; i++) {
                set.reuse(done[i]);
            }
        }
        b.clear();
        if (ended) {
            b.last = true;
            return;
        }
        int n = 0;
        int capacity = b.capacity();
        byte[][] records = b.record;
        try {
            while (n < capacity) {
                byte[] r = set.nextRecord();
                if (r == null) {
                    ended = true;
                    b.last = true;
                    break;
                }
                records[n] = r;
                b.journal[n] = set.journalOf();
                b.index[n] = set.recordIndex();
                n++;
            }
        } catch (RuntimeException failure) {
            ended = true;
            b.last = true;
            b.failure = failure;
        }
        b.size = n;
    }
}
