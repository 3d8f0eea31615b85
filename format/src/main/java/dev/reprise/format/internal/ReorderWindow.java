package dev.reprise.format.internal;

import dev.reprise.format.JournalEvent;

import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.PriorityQueue;

/**
 * Events of one journal put back in time order, ties in append order. Nearly all events arrive in
 * order, so they go to a FIFO at constant cost; only the few appended late (a request written
 * when its last byte arrived, after younger events) pay for a priority queue.
 */
public final class ReorderWindow {
    private final ArrayDeque<Pending> inOrder = new ArrayDeque<>();
    private final PriorityQueue<Pending> late = new PriorityQueue<>(
            Comparator.comparingLong((Pending p) -> p.time).thenComparingLong(p -> p.order));
    private long appended;

    public void add(JournalEvent event) {
        Pending p = new Pending(event, event.timeNanos(), appended++);
        Pending last = inOrder.peekLast();
        if (last == null || p.time >= last.time) {
            inOrder.addLast(p);
        } else {
            late.add(p);
        }
    }

    public boolean isEmpty() {
        return inOrder.isEmpty() && late.isEmpty();
    }

    /** The time of the oldest event held; only when not empty. */
    public long peekTime() {
        return head().time;
    }

    /** Removes and returns the oldest event held; only when not empty. */
    public JournalEvent poll() {
        Pending h = head();
        if (h == inOrder.peekFirst()) {
            inOrder.pollFirst();
        } else {
            late.poll();
        }
        return h.event;
    }

    public void clear() {
        inOrder.clear();
        late.clear();
    }

    private Pending head() {
        Pending a = inOrder.peekFirst();
        Pending b = late.peek();
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        return b.time < a.time || (b.time == a.time && b.order < a.order) ? b : a;
    }

    private record Pending(JournalEvent event, long time, long order) {
    }
}
