package dev.reprise.replay.amplify.internal;

import dev.reprise.replay.plan.PlanEvent;

import java.util.PriorityQueue;

/**
 * Puts back in time order the events of a stage that shifts some of them later. An event may
 * leave once no event still to come can be earlier: the input is in non-decreasing time and
 * shifts are never negative, so that is once the input has reached its time. Ties leave in the
 * order they came, which keeps each connection's own events in order. It holds only the events
 * of the largest shift's span.
 */
public final class ReorderBuffer {
    private final PriorityQueue<Entry> queue = new PriorityQueue<>();
    private long arrivals;

    public void add(PlanEvent event) {
        queue.add(new Entry(event, arrivals++));
    }

    public boolean isEmpty() {
        return queue.isEmpty();
    }

    public int size() {
        return queue.size();
    }

    /** The earliest event if it is at or before {@code watermarkNanos}, else null. */
    public PlanEvent pollUpTo(long watermarkNanos) {
        Entry head = queue.peek();
        if (head == null || head.event.captureNanos() > watermarkNanos) {
            return null;
        }
        return queue.poll().event;
    }

    public PlanEvent poll() {
        Entry head = queue.poll();
        return head == null ? null : head.event;
    }

    private record Entry(PlanEvent event, long arrival) implements Comparable<Entry> {
        @Override
        public int compareTo(Entry o) {
            int c = Long.compare(event.captureNanos(), o.event.captureNanos());
            return c != 0 ? c : Long.compare(arrival, o.arrival);
        }
    }
}
