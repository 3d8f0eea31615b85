package dev.reprise.replay.internal;

import dev.reprise.replay.connection.ExchangeSink;
import dev.reprise.replay.plan.ConnectionKey;
import dev.reprise.replay.plan.PlanEvent;
import dev.reprise.replay.results.ExchangeResult;
import dev.reprise.replay.results.ResultListener;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Joins each replayed exchange with production's response to the same request, then passes it
 * on. Either can come first: a replayed response usually ends before the plan reaches
 * production's, but under {@code --max-rate} production's comes first. What it holds is
 * bounded by the requests outstanding per connection: once the plan closes a connection no
 * production response can follow, so its results go on without one.
 */
public final class BaselineJoin implements ExchangeSink {
    private final ResultListener out;
    private final Map<ConnectionKey, Slot> slots = new ConcurrentHashMap<>();

    public BaselineJoin(ResultListener out) {
        this.out = out;
    }

    /** A request is handed to the connections. Scheduler thread. */
    public void sent(PlanEvent.Send send) {
        slots.computeIfAbsent(send.connection(), k -> new Slot()).sent(send.sequence(), send.captureNanos());
    }

    /** Production's response comes up in the plan. Scheduler thread. */
    public void recorded(PlanEvent.Recorded r) {
        Slot s = slots.get(r.connection());
        if (s != null) {
            ExchangeResult ready = s.recorded(r);
            if (ready != null) {
                out.onResult(ready);
            }
        }
    }

    /** The plan closes the connection: no production response follows. Scheduler thread. */
    public void closed(ConnectionKey key) {
        Slot s = slots.get(key);
        if (s != null) {
            s.closed(out);
            if (s.empty()) {
                slots.remove(key, s);
            }
        }
    }

    @Override
    public void completed(ConnectionKey key, long sequence, ExchangeResult result) {
        out.onExchange(key, sequence, result);
        Slot s = slots.get(key);
        ExchangeResult ready = s == null ? result : s.completed(sequence, result);
        if (ready != null) {
            out.onResult(ready);
        }
        if (s != null && s.closedAndEmpty()) {
            slots.remove(key, s);
        }
    }

    /** Passes on every result still waiting for a production response; called once the replay is over. */
    public void flush() {
        for (Slot s : slots.values()) {
            s.closed(out);
        }
        slots.clear();
    }

    /** Requests held, for tests of boundedness. */
    public int held() {
        int n = 0;
        for (Slot s : slots.values()) {
            n += s.size();
        }
        return n;
    }

    /**
     * One connection's requests between hand-over and join, in the order they were handed over.
     * Touched by the scheduler and one event loop. Replayed answers end in request order, so the
     * one a completion joins is nearly always the oldest; production's come up in the plan after
     * their request, usually the newest: each end is searched from its side, and nothing is boxed
     * or hashed per request.
     */
    private static final class Slot {
        private final ArrayDeque<Entry> entries = new ArrayDeque<>(4);
        private boolean closed;

        synchronized void sent(long seq, long captureNanos) {
            closed = false; // a soak loop may replay the same connection again
            entries.addLast(new Entry(seq, captureNanos));
        }

        synchronized ExchangeResult recorded(PlanEvent.Recorded r) {
            long seq = r.sequence();
            for (Iterator<Entry> it = entries.descendingIterator(); it.hasNext(); ) {
                Entry e = it.next();
                if (e.seq == seq) {
                    e.recordedStatus = r.status();
                    // Request first byte to response last byte, from plan times so any shift cancels out.
                    e.recordedLatency = r.durationNanos() + (r.captureNanos() - e.sendCapture);
                    e.hasRecorded = true;
                    if (e.result != null) {
                        it.remove();
                        return e.joined();
                    }
                    return null;
                }
            }
            return null;
        }

        synchronized ExchangeResult completed(long seq, ExchangeResult result) {
            for (Iterator<Entry> it = entries.iterator(); it.hasNext(); ) {
                Entry e = it.next();
                if (e.seq == seq && e.result == null) {
                    e.result = result;
                    if (e.hasRecorded || closed) {
                        it.remove();
                        return e.joined();
                    }
                    return null;
                }
            }
            return result;
        }

        synchronized void closed(ResultListener out) {
            closed = true;
            for (Iterator<Entry> it = entries.iterator(); it.hasNext(); ) {
                Entry e = it.next();
                if (e.result != null) {
                    it.remove();
                    out.onResult(e.joined());
                }
            }
        }

        synchronized boolean empty() {
            return entries.isEmpty();
        }

        synchronized boolean closedAndEmpty() {
            return closed && entries.isEmpty();
        }

        synchronized int size() {
            return entries.size();
        }
    }

    private static final class Entry {
        final long seq;
        final long sendCapture;
        ExchangeResult result;
        boolean hasRecorded;
        int recordedStatus;
        long recordedLatency = -1;

        Entry(long seq, long sendCapture) {
            this.seq = seq;
            this.sendCapture = sendCapture;
        }

        ExchangeResult joined() {
            ExchangeResult r = result;
            if (!hasRecorded) {
                return r;
            }
            return new ExchangeResult(r.tenant(), r.endpoint(), r.target(), r.intendedNanos(), r.sentNanos(),
                    r.completedNanos(), r.status(), r.error(), r.responseBytes(), recordedStatus, recordedLatency);
        }
    }
}
