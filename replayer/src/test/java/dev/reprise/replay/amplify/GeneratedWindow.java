package dev.reprise.replay.amplify;

import dev.reprise.format.Body;
import dev.reprise.format.CaptureSettings;
import dev.reprise.format.Header;
import dev.reprise.format.JournalHeader;
import dev.reprise.format.Outcome;
import dev.reprise.format.RequestEvent;
import dev.reprise.format.ResponseEvent;
import dev.reprise.replay.plan.ConnectionKey;
import dev.reprise.replay.plan.PlanConnection;
import dev.reprise.replay.plan.PlanEvent;
import dev.reprise.replay.plan.PlanSource;
import dev.reprise.replay.plan.PlanWindow;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.function.LongFunction;

/**
 * A window of generated connections, made lazily so it can be as long as a test needs: connection
 * i opens at start + i * gap, sends {@code requests} requests {@code requestGap} apart (each
 * answered 0.5 ms later) and closes; its tenant is {@code tenantOf(i)}.
 */
final class GeneratedWindow implements PlanWindow {
    static final long START = 1_700_000_000_000_000_000L;

    private final long connections;
    private final long gapNanos;
    private final java.util.function.LongToIntFunction requestsOf;
    private final long requestGapNanos;
    private final LongFunction<String> tenantOf;

    GeneratedWindow(long connections, long gapNanos, int requests, long requestGapNanos, LongFunction<String> tenantOf) {
        this(connections, gapNanos, i -> requests, requestGapNanos, tenantOf);
    }

    /** Connection i sends {@code requestsOf(i)} requests. */
    GeneratedWindow(long connections, long gapNanos, java.util.function.LongToIntFunction requestsOf, long requestGapNanos,
                    LongFunction<String> tenantOf) {
        this.connections = connections;
        this.gapNanos = gapNanos;
        this.requestsOf = requestsOf;
        this.requestGapNanos = requestGapNanos;
        this.tenantOf = tenantOf;
    }

    @Override
    public long startNanos() {
        return START;
    }

    @Override
    public long endNanos() {
        return START + connections * gapNanos;
    }

    @Override
    public List<JournalHeader> headers() {
        return List.of(JournalHeader.current("test", START, CaptureSettings.synthetic(1024)));
    }

    @Override
    public PlanSource open(long shiftNanos) {
        return new Source(shiftNanos);
    }

    private final class Source implements PlanSource {
        private final long shift;
        private final PriorityQueue<PlanEvent> pending = new PriorityQueue<>(
                Comparator.comparingLong(PlanEvent::captureNanos).thenComparingInt(GeneratedWindow::rank));
        private long nextConnection;

        Source(long shift) {
            this.shift = shift;
        }

        @Override
        public PlanEvent next() {
            while (nextConnection < connections
                    && (pending.isEmpty() || pending.peek().captureNanos() >= openTime(nextConnection))) {
                addConnection(nextConnection++);
            }
            return pending.poll();
        }

        private long openTime(long i) {
            return START + shift + i * gapNanos;
        }

        private void addConnection(long i) {
            PlanConnection key = new PlanConnection(new ConnectionKey(0, i, 0));
            long t = openTime(i);
            String tenant = tenantOf.apply(i);
            int requests = requestsOf.applyAsInt(i);
            pending.add(new PlanEvent.Open(key, t));
            for (int j = 0; j < requests; j++) {
                long sent = t + 1_000 + j * requestGapNanos;
                RequestEvent req = new RequestEvent(i, j, sent, sent + 100, "GET", "/items/" + j, "HTTP/1.1",
                        List.of(new Header("Host", "api.example.com"), new Header("X-Tenant", tenant)), Body.EMPTY, tenant);
                pending.add(new PlanEvent.Send(key, sent, req, tenant));
                pending.add(new PlanEvent.Recorded(key, sent + 500_000,
                        new ResponseEvent(i, j, 200, List.of(), Body.EMPTY, sent + 500_000, sent + 500_100, Outcome.COMPLETE)));
            }
            pending.add(new PlanEvent.Close(key, t + 2_000 + requests * requestGapNanos));
        }

        @Override
        public void close() {
            pending.clear();
        }
    }

    /** Within one instant: a connection's Open before its requests, its Close last. */
    private static int rank(PlanEvent e) {
        return e instanceof PlanEvent.Open ? 0 : e instanceof PlanEvent.Close ? 3 : e instanceof PlanEvent.Send ? 1 : 2;
    }

    static List<PlanEvent> drain(PlanSource source) {
        List<PlanEvent> out = new ArrayList<>();
        try (source) {
            for (PlanEvent e = source.next(); e != null; e = source.next()) {
                out.add(e);
            }
        }
        return out;
    }

    /**
     * What a plan does, event by event, each connection named by its key: two reads of one plan
     * describe the same, though each read makes its own connection objects.
     */
    static List<List<Object>> described(List<PlanEvent> plan) {
        List<List<Object>> out = new ArrayList<>();
        for (PlanEvent e : plan) {
            String kind = e.getClass().getSimpleName();
            if (e instanceof PlanEvent.Send s) {
                out.add(List.of(kind, e.connection(), e.captureNanos(), s.stored(), s.tenant()));
            } else if (e instanceof PlanEvent.Recorded r) {
                out.add(List.of(kind, e.connection(), e.captureNanos(), r.stored()));
            } else {
                out.add(List.of(kind, e.connection(), e.captureNanos()));
            }
        }
        return out;
    }
}
