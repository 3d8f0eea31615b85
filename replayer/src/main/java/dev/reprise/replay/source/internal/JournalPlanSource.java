package dev.reprise.replay.source.internal;

import dev.reprise.format.EventView;
import dev.reprise.format.JournalSet;
import dev.reprise.format.StoredRequest;
import dev.reprise.replay.plan.ConnectionKey;
import dev.reprise.replay.plan.PlanConnection;
import dev.reprise.replay.plan.PlanEvent;
import dev.reprise.replay.plan.PlanSource;

import java.util.ArrayDeque;
import java.util.Set;

/**
 * Turns merged journal events into plan events. It keeps one small record per connection open
 * at the moment, so its memory follows the capture's concurrency, never its length.
 *
 * <p>A request whose connection opened before the window gets a synthetic Open just before it;
 * a production response is passed on only when its request was; connections still open when the
 * journals end are closed at the last event's time, so the replay ends cleanly.
 *
 * <p>The journals' records are read in batches ({@link RecordReader}): on the calling thread, or by
 * one thread ahead of it ({@link #readingAhead}). Either way this thread lays each record out and
 * takes from it what the plan needs, so the plan is the same whichever thread reads.
 */
public final class JournalPlanSource implements PlanSource {
    /** Events read per batch: enough that a hand-off between threads costs little per event, few enough to stay in cache. */
    static final int BATCH = 512;

    private final JournalSet set;
    private final long shift;
    private final BatchFeed feed;
    /** The request methods to replay (upper case), or empty for all. */
    private final Set<String> methods;
    /** The one view each record is laid out in, on this thread. */
    private final EventView view = new EventView();
    private ReadBatch batch;
    private int at;
    /** Per journal, by connection id. */
    private Object[] open = new Object[1];
    /**
     * The Send that follows the synthetic Open of a connection first seen at a request: the one
     * case where a record makes two plan events. Every other record makes at most one, returned
     * as it is made rather than queued.
     */
    private PlanEvent pending;
    /** The Closes of connections still open when the journals end. */
    private final ArrayDeque<PlanEvent> closing = new ArrayDeque<>();
    private long lastNanos = Long.MIN_VALUE;
    private boolean drained;

    /** Reads and plans on the calling thread. */
    public JournalPlanSource(JournalSet set, Set<String> methods, long shiftNanos) {
        this(set, methods, BatchFeed.inline(new RecordReader(set), BATCH), shiftNanos);
    }

    private JournalPlanSource(JournalSet set, Set<String> methods, BatchFeed feed, long shiftNanos) {
        this.set = set;
        this.methods = methods;
        this.feed = feed;
        this.shift = shiftNanos;
    }

    /**
     * Reads the journals on a second thread, ahead of the one calling {@link #next()}: the same
     * plan, read and planned on two cores.
     */
    public static JournalPlanSource readingAhead(JournalSet set, Set<String> methods, long shiftNanos) {
        return new JournalPlanSource(set, methods, new ReadAhead(new RecordReader(set), BATCH), shiftNanos);
    }

    @Override
    public PlanEvent next() {
        PlanEvent p = pending;
        if (p != null) {
            pending = null;
            return p;
        }
        while (true) {
            if (drained) {
                return closing.poll();
            }
            ReadBatch b = batch;
            if (b == null || at == b.size) {
                if (b != null && b.failure != null) {
                    RuntimeException failure = b.failure;
                    b.failure = null;
                    drained = true;
                    throw failure;
                }
                if (b != null && b.last) {
                    drained = true;
                    closeRemaining();
                    continue;
                }
                b = feed.next(b);
                batch = b;
                at = 0;
                continue;
            }
            int i = at++;
            int journal = b.journal[i];
            EventView e = set.layOut(view, (byte[]) b.record[i], journal, b.index[i]);
            if (e == null) {
                continue; // damaged past its front: counted as skipped
            }
            long time = e.timeNanos();
            lastNanos = Math.max(lastNanos, time);
            PlanEvent planned = convert(e, journal, time);
            if (planned != null) {
                return planned;
            }
        }
    }

    /**
     * Plans one read event: requests and responses are kept as their stored bytes, decoded only
     * where a later stage asks for the whole event.
     */
    private PlanEvent convert(EventView e, int journal, long time) {
        long t = time + shift;
        switch (e.kind()) {
            case CONNECTION_OPENED -> {
                OpenConnections<OpenConnection> of = open(journal);
                long id = e.connectionId();
                if (of.get(id) == null) {
                    OpenConnection c = new OpenConnection(new PlanConnection(new ConnectionKey(journal, id, 0)));
                    of.put(id, c);
                    return new PlanEvent.Open(c.connection, t);
                }
                return null;
            }
            case REQUEST -> {
                if (!methods.isEmpty() && !listed(e.method()) || upgrades(e)) {
                    return null;
                }
                StoredRequest request = e.keepRequest();
                OpenConnections<OpenConnection> of = open(journal);
                long id = e.connectionId();
                OpenConnection c = of.get(id);
                PlanEvent.Open opened = null;
                if (c == null) {
                    c = new OpenConnection(new PlanConnection(new ConnectionKey(journal, id, 0)));
                    of.put(id, c);
                    opened = new PlanEvent.Open(c.connection, t);
                }
                c.awaiting(request.sequence());
                PlanEvent.Send send = new PlanEvent.Send(c.connection, t, request, e.tenantName());
                if (opened == null) {
                    return send;
                }
                pending = send;
                return opened;
            }
            case RESPONSE -> {
                OpenConnection c = open(journal).get(e.connectionId());
                return c != null && c.answered(e.sequence()) ? new PlanEvent.Recorded(c.connection, t, e.keepResponse()) : null;
            }
            case CONNECTION_CLOSED -> {
                OpenConnection c = open(journal).remove(e.connectionId());
                return c != null ? new PlanEvent.Close(c.connection, t) : null;
            }
            case UPGRADE -> {
                return null; // the upgrade request itself is not replayed (see upgrades)
            }
            default -> throw new IllegalStateException("an event of kind " + e.kind());
        }
    }

    /**
     * Tunnelled protocols (WebSocket and the like) were not recorded past the upgrade, so a
     * request with an Upgrade header is not replayed. A 2.1 record says so in a flag, so its
     * headers are not walked for every request.
     */
    private static boolean upgrades(EventView request) {
        return request.hasUpgradeHeader();
    }

    private boolean listed(CharSequence method) {
        for (String m : methods) {
            if (m.contentEquals(method)) {
                return true;
            }
        }
        return false;
    }

    /** The journal's open connections: one {@link PlanConnection} per connection, shared by all its plan events. */
    @SuppressWarnings("unchecked")
    private OpenConnections<OpenConnection> open(int journal) {
        if (journal >= open.length) {
            open = java.util.Arrays.copyOf(open, journal + 1);
        }
        OpenConnections<OpenConnection> of = (OpenConnections<OpenConnection>) open[journal];
        if (of == null) {
            of = new OpenConnections<>();
            open[journal] = of;
        }
        return of;
    }

    private void closeRemaining() {
        long t = lastNanos == Long.MIN_VALUE ? 0 : lastNanos + shift;
        for (Object of : open) {
            if (of != null) {
                @SuppressWarnings("unchecked")
                OpenConnections<OpenConnection> connections = (OpenConnections<OpenConnection>) of;
                connections.forEach(c -> closing.add(new PlanEvent.Close(c.connection, t)));
                connections.clear();
            }
        }
    }

    @Override
    public void close() {
        try {
            feed.close();
        } finally {
            if (set != null) {
                set.close();
            }
        }
    }

    /** The requests of one connection whose production response is still to come: a handful at most. */
    private static final class OpenConnection {
        /** Responses the capture lost (client aborts) must not grow a long-lived connection's record. */
        private static final int MAX_AWAITING = 64;
        final PlanConnection connection;
        private long[] seqs = new long[2];
        private int n;

        OpenConnection(PlanConnection connection) {
            this.connection = connection;
        }

        void awaiting(long seq) {
            if (n == MAX_AWAITING) {
                System.arraycopy(seqs, 1, seqs, 0, --n);
            }
            if (n == seqs.length) {
                long[] bigger = new long[n * 2];
                System.arraycopy(seqs, 0, bigger, 0, n);
                seqs = bigger;
            }
            seqs[n++] = seq;
        }

        boolean answered(long seq) {
            for (int i = 0; i < n; i++) {
                if (seqs[i] == seq) {
                    seqs[i] = seqs[--n];
                    return true;
                }
            }
            return false;
        }
    }
}
