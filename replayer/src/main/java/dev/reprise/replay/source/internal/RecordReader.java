package dev.reprise.replay.source.internal;

import dev.reprise.format.JournalSet;

/**
 * Reads merged journal records into a {@link ReadBatch}: each record's checked bytes, its journal
 * and where it lies, and nothing else. Laying a record out and taking from it what the plan
 * needs is left to the planning thread ({@link JournalPlanSource}): reading (Chronicle's
 * document read, the front's checksum, the merge and reorder window) is the heavier half, so when a
 * thread reads ahead the two threads share the work about evenly.
 */
final class RecordReader {
    private final JournalSet set;
    private boolean ended;

    RecordReader(JournalSet set) {
        this.set = set;
    }

    /** Fills {@code b} (cleared) with the next records; a failure to read one ends the batch and is kept in it. */
    void fill(ReadBatch b) {
        b.clear();
        if (ended) {
            b.last = true;
            return;
        }
        int n = 0;
        int capacity = b.capacity();
        Object[] records = b.record;
        set.beginBatch();
        try {
            while (n < capacity) {
                if (!set.nextRecordInto(records, n)) {
                    ended = true;
                    b.last = true;
                    break;
                }
                b.journal[n] = set.journalOf();
                b.index[n] = set.recordIndex();
                n++;
            }
        } catch (RuntimeException failure) {
            ended = true;
            b.last = true;
            b.failure = failure;
        } finally {
            set.endBatch();
        }
        b.size = n;
    }
}
