package dev.reprise.replay.internal;

import dev.reprise.replay.connection.ExchangeSink;
import dev.reprise.replay.plan.PlanConnection;
import dev.reprise.replay.plan.PlanEvent;
import dev.reprise.replay.results.ExchangeResult;
import dev.reprise.replay.results.ResultListener;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Joins each replayed exchange with production's response to the same request, then passes it
 * on. Either can come first: a replayed response usually ends before the plan reaches
 * production's, but under {@code --max-rate} production's comes first. What it holds is
 * bounded by the requests outstanding per connection: once the plan closes a connection no
 * production response can follow, so its results go on without one.
 *
 * <p>Each connection's requests wait on the connection itself ({@link PlanConnection}), found by
 * reference from the plan event or the exchange, so no request looks its connection up by key.
 */
public final class BaselineJoin implements ExchangeSink {
    /** On each plan connection with requests sent: those not yet joined. Set on the scheduler thread before the requests are handed over. */
    private static final PlanConnection.Slot<Requests> WAITING = PlanConnection.Slot.named("baseline join");

    private final ResultListener out;
    /** Every connection's requests not yet all passed on, for {@link #flush()}: one entry per connection, not per request. */
    private final Set<Requests> holding = ConcurrentHashMap.newKeySet();

    public BaselineJoin(ResultListener out) {
        this.out = out;
    }

    /** A request is handed to the connections. Scheduler thread. */
    public void sent(PlanEvent.Send send) {
        PlanConnection c = send.planConnection();
        Requests s = c.get(WAITING, this);
        if (s == null) {
            s = new Requests(holding);
            c.set(WAITING, this, s);
        }
        s.sent(send.sequence(), send.captureNanos());
    }

    /** Production's response comes up in the plan. Scheduler thread. */
    public void recorded(PlanEvent.Recorded r) {
        Requests s = r.planConnection().get(WAITING, this);
        if (s != null) {
            ExchangeResult ready = s.recorded(r);
            if (ready != null) {
                out.onResult(ready);
            }
        }
    }

    /** The plan closes the connection: no production response follows. Scheduler thread. */
    public void closed(PlanConnection connection) {
        Requests s = connection.get(WAITING, this);
        if (s != null) {
            s.closed(out);
        }
    }

    /**
     * Event loop. The connection's slot, if any, was set before its request was handed over, so
     * the hand-over made it visible here.
     */
    @Override
    public void completed(PlanConnection connection, long sequence, ExchangeResult result) {
        out.onExchange(connection, sequence, result);
        Requests s = connection.get(WAITING, this);
        ExchangeResult ready = s == null ? result : s.completed(sequence, result);
        if (ready != null) {
            out.onResult(ready);
        }
    }

    /** Passes on every result still waiting for a production response; called once the replay is over. */
    public void flush() {
        for (Requests s : holding) {
            s.closed(out);
        }
        holding.clear();
    }

    /** Requests held, for tests of boundedness. */
    public int held() {
        int n = 0;
        for (Requests s : holding) {
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
    private static final class Requests {
        private final ArrayDeque<Entry> entries = new ArrayDeque<>(4);
        /** The join's set of connections holding requests: this one is in it from its first request until it is closed and empty. */
        private final Set<Requests> holding;
        private boolean held;
        private boolean closed;

        Requests(Set<Requests> holding) {
            this.holding = holding;
        }

        synchronized void sent(long seq, long captureNanos) {
            closed = false; // an amplified plan may send on a connection after its Close
            entries.addLast(new Entry(seq, captureNanos));
            if (!held) {
                held = true;
                holding.add(this);
            }
        }

        /** Under the lock: once closed with nothing left, it leaves the join's set. */
        private void leaveIfDone() {
            if (held && closed && entries.isEmpty()) {
                held = false;
                holding.remove(this);
            }
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
                        leaveIfDone();
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
                        leaveIfDone();
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
            leaveIfDone();
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
