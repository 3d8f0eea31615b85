package dev.reprise.format.internal;

import java.util.Arrays;
import java.util.Comparator;
import java.util.PriorityQueue;

/**
 * Items of one journal (events, or records of them) put back in time order, ties in append order,
 * each with a {@code long} tag of the caller's (where a record lies) and a weight (its size), so no
 * holder object is made per item and the window's total weight is known without touching an item:
 * a record released from the window was read a few hundred records ago and is out of the cache.
 *
 * <p>Nearly all items arrive in order and go to the end of a sorted ring of parallel arrays. An
 * item appended a little late (a request is written when its last byte arrived, after younger
 * events) is put in its place by moving the few younger ones up: at most {@link #MAX_SHIFT} of
 * them. Only one later still pays for a priority queue and an object. Either way the window
 * always releases its oldest item, so what comes out is the same as from one priority queue
 * ordered by time and then append order, also for an item later than any reorder span.
 */
public final class ReorderWindow<T> {
    /**
     * The most items an insertion moves. Late requests land a few items back; moving a cache
     * line or two of each array costs less than a queue node and its sifting, moving more does not.
     */
    static final int MAX_SHIFT = 32;

    private Object[] items = new Object[64];
    private long[] times = new long[64];
    private long[] orders = new long[64];
    private long[] tags = new long[64];
    private int[] weights = new int[64];
    private long weight;
    private int head;
    private int size;
    private PriorityQueue<Late> late;
    private long appended;
    private long polledTag;

    /** Adds an item without a tag or weight. */
    public void add(T item, long time) {
        add(item, time, 0, 0);
    }

    /** Adds an item with the caller's tag and a weight counted in {@link #weight()} while it is held. */
    public void add(T item, long time, long tag, int weight) {
        this.weight += weight;
        long order = appended++;
        int mask = items.length - 1;
        if (size > 0 && time < times[(head + size - 1) & mask]) {
            if (!insert(item, time, order, tag, weight)) {
                if (late == null) {
                    late = new PriorityQueue<>(Comparator.comparingLong((Late p) -> p.time).thenComparingLong(p -> p.order));
                }
                late.add(new Late(item, time, order, tag, weight));
            }
            return;
        }
        if (size == items.length) {
            grow();
            mask = items.length - 1;
        }
        int at = (head + size) & mask;
        items[at] = item;
        times[at] = time;
        orders[at] = order;
        tags[at] = tag;
        weights[at] = weight;
        size++;
    }

    /**
     * Puts a late item after every held item not younger than it (its order is the newest, so ties
     * go before it), moving the younger ones up; false when more than {@link #MAX_SHIFT} are younger.
     */
    private boolean insert(Object item, long time, long order, long tag, int weight) {
        int mask = items.length - 1;
        int younger = 1; // the last item is younger: that is why this one is late
        while (younger < size && younger < MAX_SHIFT + 1 && times[(head + size - 1 - younger) & mask] > time) {
            younger++;
        }
        if (younger > MAX_SHIFT) {
            return false;
        }
        if (size == items.length) {
            grow();
            mask = items.length - 1;
        }
        int to = (head + size) & mask;
        for (int k = 0; k < younger; k++) {
            int from = (to - 1) & mask;
            items[to] = items[from];
            times[to] = times[from];
            orders[to] = orders[from];
            tags[to] = tags[from];
            weights[to] = weights[from];
            to = from;
        }
        items[to] = item;
        times[to] = time;
        orders[to] = order;
        tags[to] = tag;
        weights[to] = weight;
        size++;
        return true;
    }

    public boolean isEmpty() {
        return size == 0 && (late == null || late.isEmpty());
    }

    /** How many items are held. */
    public int size() {
        return size + (late == null ? 0 : late.size());
    }

    /** The time of the oldest item held; only when not empty. */
    public long peekTime() {
        Late b = late == null ? null : late.peek();
        if (size == 0) {
            return b.time;
        }
        long a = times[head];
        return b != null && b.time < a ? b.time : a;
    }

    /** Removes and returns the oldest item held; only when not empty. Its tag is then {@link #polledTag()}. */
    @SuppressWarnings("unchecked")
    public T poll() {
        Late b = late == null ? null : late.peek();
        if (size == 0 || (b != null && (b.time < times[head] || (b.time == times[head] && b.order < orders[head])))) {
            late.poll();
            polledTag = b.tag;
            weight -= b.weight;
            return (T) b.item;
        }
        T item = (T) items[head];
        polledTag = tags[head];
        weight -= weights[head];
        items[head] = null;
        head = (head + 1) & (items.length - 1);
        size--;
        return item;
    }

    /** The tag given with the item {@link #poll()} returned last. */
    public long polledTag() {
        return polledTag;
    }

    /** The weights of the items held, in all. */
    public long weight() {
        return weight;
    }

    public void clear() {
        Arrays.fill(items, null);
        weight = 0;
        head = 0;
        size = 0;
        if (late != null) {
            late.clear();
        }
    }

    private void grow() {
        int n = items.length;
        Object[] i2 = new Object[n * 2];
        long[] t2 = new long[n * 2];
        long[] o2 = new long[n * 2];
        long[] g2 = new long[n * 2];
        int[] w2 = new int[n * 2];
        for (int k = 0; k < size; k++) {
            int from = (head + k) & (n - 1);
            i2[k] = items[from];
            t2[k] = times[from];
            o2[k] = orders[from];
            g2[k] = tags[from];
            w2[k] = weights[from];
        }
        items = i2;
        times = t2;
        orders = o2;
        tags = g2;
        weights = w2;
        head = 0;
    }

    private record Late(Object item, long time, long order, long tag, int weight) {
    }
}
