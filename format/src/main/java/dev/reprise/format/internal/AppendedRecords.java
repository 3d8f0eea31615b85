package dev.reprise.format.internal;

import java.util.Arrays;

/**
 * Records of one journal in the order they were appended, each with its time and where it lies:
 * what a reading thread handed over and the ordering thread has yet to put in its reorder window.
 * A ring of parallel arrays, so no object is made per record.
 */
public final class AppendedRecords {
    private byte[][] records = new byte[64][];
    private long[] times = new long[64];
    private long[] indexes = new long[64];
    private int head;
    private int size;
    /** No record follows the last one held. */
    private boolean ended;

    public void add(byte[] record, long time, long index) {
        if (size == records.length) {
            grow();
        }
        int at = (head + size) & (records.length - 1);
        records[at] = record;
        times[at] = time;
        indexes[at] = index;
        size++;
    }

    /** The journal has no record after those added. */
    public void end() {
        ended = true;
    }

    public boolean ended() {
        return ended;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    /** The oldest-appended record's time; only when not empty. */
    public long firstTime() {
        return times[head];
    }

    /** The oldest-appended record's index; only when not empty. */
    public long firstIndex() {
        return indexes[head];
    }

    /** Removes and returns the oldest-appended record; only when not empty. */
    public byte[] remove() {
        byte[] r = records[head];
        records[head] = null;
        head = (head + 1) & (records.length - 1);
        size--;
        return r;
    }

    public void clear() {
        Arrays.fill(records, null);
        head = 0;
        size = 0;
        ended = false;
    }

    private void grow() {
        int n = records.length;
        byte[][] r2 = new byte[n * 2][];
        long[] t2 = new long[n * 2];
        long[] i2 = new long[n * 2];
        for (int k = 0; k < size; k++) {
            int from = (head + k) & (n - 1);
            r2[k] = records[from];
            t2[k] = times[from];
            i2[k] = indexes[from];
        }
        records = r2;
        times = t2;
        indexes = i2;
        head = 0;
    }
}
