package dev.reprise.format.internal;

import java.util.Arrays;
import java.util.Comparator;
import java.util.PriorityQueue;

/**
 * Items of one journal (events, or views of them) put back in time order, ties in append order.
 * Nearly all arrive in order, so they go to a ring of parallel arrays at constant cost and with
 * no allocation once grown; only the few appended late (a request written when its last byte
 * arrived, after younger events) pay for a priority queue and an object each.
 */
public final class ReorderWindow<T> {
    private Object[] items = new Object[64];
    private long[] times = new long[64];
    private long[] orders = new long[64];
    private int head;
    private int size;
    private final PriorityQueue<Late> late = new PriorityQueue<>(
            Comparator.comparingLong((Late p) -> p.time).thenComparingLong(p -> p.order));
    private long appended;

    public void add(T item, long time) {
        long order = appended++;
        if (size > 0 && time < times[(head + size - 1) & (items.length - 1)]) {
            late.add(new Late(item, time, order));
            return;
        }
        if (size == items.length) {
            grow();
        }
        int at = (head + size) & (items.length - 1);
        items[at] = item;
        times[at] = time;
        orders[at] = order;
        size++;
    }

    public boolean isEmpty() {
        return size == 0 && late.isEmpty();
    }

    /** The time of the oldest item held; only when not empty. */
    public long peekTime() {
        Late b = late.peek();
        if (size == 0) {
            return b.time;
        }
        long a = times[head];
        return b != null && b.time < a ? b.time : a;
    }

    /** Removes and returns the oldest item held; only when not empty. */
    @SuppressWarnings("unchecked")
    public T poll() {
        Late b = late.peek();
        if (size == 0 || (b != null && (b.time < times[head] || (b.time == times[head] && b.order < orders[head])))) {
            return (T) late.poll().item;
        }
        T item = (T) items[head];
        items[head] = null;
        head = (head + 1) & (items.length - 1);
        size--;
        return item;
    }

    public void clear() {
        Arrays.fill(items, null);
        head = 0;
        size = 0;
        late.clear();
    }

    private void grow() {
        int n = items.length;
        Object[] i2 = new Object[n * 2];
        long[] t2 = new long[n * 2];
        long[] o2 = new long[n * 2];
        for (int k = 0; k < size; k++) {
            int from = (head + k) & (n - 1);
            i2[k] = items[from];
            t2[k] = times[from];
            o2[k] = orders[from];
        }
        items = i2;
        times = t2;
        orders = o2;
        head = 0;
    }

    private record Late(Object item, long time, long order) {
    }
}
