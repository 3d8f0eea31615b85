package dev.reprise.replay.source.internal;

import dev.reprise.format.JournalSet;

/**
 * Reads journal records into a {@link ReadBatch}: each record's checked bytes, its journal and
 * where it lies, and nothing else. Laying a record out and taking from it what the plan needs is
 * left to the planning thread ({@link JournalPlanSource}).
 *
 * <p>Either merged in time order ({@link JournalSet#nextRecord()}), or, for a thread reading
 * ahead, {@link #appended} as each journal was written, with each record's time: then the
 * planning thread also runs the reorder window and the merge ({@link JournalSet#nextOffered()}).
 * Reading (Chronicle's document read, the checksum and layout, the copy) is the heavier half, so
 * the two threads share the work about evenly.
 */
final class RecordReader {
    private final JournalSet set;
    private final boolean appended;
    private boolean ended;

    private RecordReader(JournalSet set, boolean appended) {
        this.set = set;
        this.appended = appended;
    }

    /** Reads records merged in time order. */
    static RecordReader merged(JournalSet set) {
        return new RecordReader(set, false);
    }

    /** Reads records as appended, for the set's other half ({@link JournalSet#readInHalves()}, called by the caller first). */
    static RecordReader appended(JournalSet set) {
        return new RecordReader(set, true);
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
        byte[][] records = b.record;
        try {
            if (appended) {
                n = fillAppended(b);
                b.size = n;
                return;
            }
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

    /** Reads records as appended; a journal's end is an entry without a record. */
    private int fillAppended(ReadBatch b) {
        int n = 0;
        int capacity = b.capacity();
        try {
            while (n < capacity) {
                int j = set.readAppended();
                if (j == -1) {
                    ended = true;
                    b.last = true;
                    break;
                }
                if (j < -1) {
                    b.record[n] = null;
                    b.journal[n] = -2 - j;
                } else {
                    b.record[n] = set.appendedRecord();
                    b.journal[n] = j;
                    b.index[n] = set.appendedIndex();
                    b.time[n] = set.appendedTime();
                }
                n++;
            }
        } catch (RuntimeException failure) {
            ended = true;
            b.last = true;
            b.failure = failure;
        }
        return n;
    }
}
