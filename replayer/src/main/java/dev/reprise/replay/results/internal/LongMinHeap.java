package dev.reprise.replay.results.internal;

import java.util.Arrays;

/** A min-heap of primitive longs: time stamps waiting to be taken in order, without boxing. */
public final class LongMinHeap {
    private long[] a = new long[64];
    private int size;

    public void add(long v) {
        if (size == a.length) {
            a = Arrays.copyOf(a, size * 2);
        }
        int i = size++;
        a[i] = v;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (a[parent] <= a[i]) {
                break;
            }
            long t = a[parent];
            a[parent] = a[i];
            a[i] = t;
            i = parent;
        }
    }

    public boolean isEmpty() {
        return size == 0;
    }

    public int size() {
        return size;
    }

    /** The smallest value; only when not empty. */
    public long min() {
        return a[0];
    }

    public long poll() {
        long min = a[0];
        a[0] = a[--size];
        int i = 0;
        while (true) {
            int l = 2 * i + 1;
            int r = l + 1;
            int s = i;
            if (l < size && a[l] < a[s]) {
                s = l;
            }
            if (r < size && a[r] < a[s]) {
                s = r;
            }
            if (s == i) {
                return min;
            }
            long t = a[s];
            a[s] = a[i];
            a[i] = t;
            i = s;
        }
    }
}
