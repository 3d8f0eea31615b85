package dev.reprise.replay.results.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A value per second of a run of unknown length in at most {@link #capacity} points: when the run
 * outgrows them, neighbouring points are merged in pairs keeping the larger, and each point then
 * covers twice as many seconds. Every series of a run folds at the same seconds, so they stay aligned.
 */
final class FoldingSeries {
    private final int capacity;
    private final long[] values;
    private long secondsPerPoint = 1;
    private int size;

    FoldingSeries(int capacity) {
        this.capacity = capacity;
        this.values = new long[capacity];
        Arrays.fill(values, -1);
    }

    /** Records {@code value} (negative for none) for second {@code second} of the run. */
    void put(long second, long value) {
        long index = second / secondsPerPoint;
        while (index >= capacity) {
            fold();
            index = second / secondsPerPoint;
        }
        int i = (int) index;
        values[i] = Math.max(values[i], value);
        size = Math.max(size, i + 1);
    }

    private void fold() {
        for (int i = 0; i < capacity / 2; i++) {
            values[i] = Math.max(values[2 * i], values[2 * i + 1]);
        }
        Arrays.fill(values, capacity / 2, capacity, -1);
        size = (size + 1) / 2;
        secondsPerPoint *= 2;
    }

    long secondsPerPoint() {
        return secondsPerPoint;
    }

    /** The points, null where there was no value. */
    List<Long> points() {
        List<Long> out = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            out.add(values[i] < 0 ? null : values[i]);
        }
        return out;
    }
}
