package dev.reprise.testing;

import dev.reprise.format.Body;
import dev.reprise.format.CaptureSettings;
import dev.reprise.format.CloseSide;
import dev.reprise.format.ConnectionClosed;
import dev.reprise.format.ConnectionOpened;
import dev.reprise.format.Header;
import dev.reprise.format.JournalEvent;
import dev.reprise.format.JournalWriter;
import dev.reprise.format.Outcome;
import dev.reprise.format.RequestEvent;
import dev.reprise.format.ResponseEvent;
import dev.reprise.format.RollPeriod;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * A small journal for a test, built fluently and written with the real {@link JournalWriter}:
 * connections, their requests at chosen offsets (milliseconds from the start) and production's
 * answers. Every request is answered by production after {@link #productionLatency} with
 * {@link #productionStatus} and a two-byte body, unless {@link #respond} says otherwise. Settings
 * given with {@code tenant}, {@code host}, {@code productionLatency} and {@code productionStatus}
 * hold for the requests added after them. Events are written in time order.
 */
public final class JournalBuilder {
    /** 2026-11-23T14:00:00Z, the start of a journal unless another is given. */
    public static final long T0 = 1_795_442_400_000_000_000L;
    public static final long MS = 1_000_000L;
    private static final byte[] OK = "ok".getBytes(StandardCharsets.US_ASCII);

    private final long start;
    private final List<JournalEvent> events = new ArrayList<>();
    private String writerId = "test";
    private CaptureSettings settings;
    private RollPeriod rollPeriod = RollPeriod.HOUR;
    private double responseMillis = 2;
    private double requestMillis = 0.1;
    private int status = 200;
    private String tenant = "acme";
    private String host = "api.example.com";

    private JournalBuilder(long start) {
        this.start = start;
    }

    /** A journal starting at {@link #T0}. */
    public static JournalBuilder create() {
        return new JournalBuilder(T0);
    }

    /** A journal starting at {@code epochNanos}; offsets are counted from it. */
    public static JournalBuilder startingAt(long epochNanos) {
        return new JournalBuilder(epochNanos);
    }

    /** The start, in epoch nanoseconds. */
    public long start() {
        return start;
    }

    /** The instant {@code millis} after the start, in epoch nanoseconds. */
    public long at(double millis) {
        return start + Math.round(millis * MS);
    }

    public JournalBuilder writerId(String id) {
        this.writerId = Objects.requireNonNull(id);
        return this;
    }

    /** The capture settings in the journal's header (the writer's default when not given). */
    public JournalBuilder settings(CaptureSettings settings) {
        this.settings = Objects.requireNonNull(settings);
        return this;
    }

    public JournalBuilder rollPeriod(RollPeriod period) {
        this.rollPeriod = Objects.requireNonNull(period);
        return this;
    }

    /** Production's latency, from the request's first byte to the response's, for the requests added from now on. */
    public JournalBuilder productionLatency(double millis) {
        this.responseMillis = millis;
        return this;
    }

    /** Production's status for the requests added from now on. */
    public JournalBuilder productionStatus(int status) {
        this.status = status;
        return this;
    }

    /** How long the requests added from now on take to arrive, first byte to last (0.1 ms unless given). */
    public JournalBuilder requestLasting(double millis) {
        this.requestMillis = millis;
        return this;
    }

    /** The tenant of the requests added from now on (in X-Tenant-Id and as the capture's tenant). */
    public JournalBuilder tenant(String tenant) {
        this.tenant = tenant;
        return this;
    }

    /** The Host header of the requests added from now on. */
    public JournalBuilder host(String host) {
        this.host = Objects.requireNonNull(host);
        return this;
    }

    /** A connection from {@code 10.0.0.1:(40000 + conn)} to {@code 127.0.0.1:8080}. */
    public JournalBuilder open(long conn, double atMillis) {
        return open(conn, atMillis, "10.0.0.1:" + (40000 + conn), "127.0.0.1:8080");
    }

    public JournalBuilder open(long conn, double atMillis, String client, String server) {
        events.add(new ConnectionOpened(conn, at(atMillis), client, server));
        return this;
    }

    /** The client closes the connection. */
    public JournalBuilder close(long conn, double atMillis) {
        return close(conn, atMillis, CloseSide.CLIENT);
    }

    public JournalBuilder close(long conn, double atMillis, CloseSide side) {
        events.add(new ConnectionClosed(conn, at(atMillis), side));
        return this;
    }

    /** A GET of {@code target} with the usual headers (Host, X-Tenant-Id), answered by production. */
    public JournalBuilder request(long conn, long seq, double atMillis, String target) {
        return request(conn, seq, atMillis, "GET", target, Body.EMPTY);
    }

    /** A request with the usual headers (Host, X-Tenant-Id), answered by production. */
    public JournalBuilder request(long conn, long seq, double atMillis, String method, String target, Body body) {
        return request(conn, seq, atMillis, method, target, List.of(new Header("Host", host),
                new Header("X-Tenant-Id", tenant)), body);
    }

    /** A request with exactly these headers, answered by production. */
    public JournalBuilder request(long conn, long seq, double atMillis, String method, String target,
            List<Header> headers, Body body) {
        long t = at(atMillis);
        events.add(new RequestEvent(conn, seq, t, t + Math.round(requestMillis * MS), method, target, "HTTP/1.1",
                headers, body, tenant));
        long r = t + Math.round(responseMillis * MS);
        events.add(new ResponseEvent(conn, seq, status, List.of(new Header("Content-Length", "2")), Body.of(OK),
                r, r + 50_000, Outcome.COMPLETE));
        return this;
    }

    /**
     * Production's answer to request {@code seq} of {@code conn}, first byte to last, in place of
     * the one it was given when the request was added.
     */
    public JournalBuilder respond(long conn, long seq, double firstByteMillis, double lastByteMillis, int status,
            List<Header> headers, Body body) {
        int i = indexOfResponse(conn, seq);
        events.set(i, new ResponseEvent(conn, seq, status, headers, body, at(firstByteMillis), at(lastByteMillis),
                Outcome.COMPLETE));
        return this;
    }

    /** A connection opening at {@code atMillis}, sending {@code n} requests {@code gapMillis} apart, then closing. */
    public JournalBuilder connection(long conn, double atMillis, int n, double gapMillis) {
        open(conn, atMillis);
        for (int i = 0; i < n; i++) {
            request(conn, i, atMillis + 1 + i * gapMillis, "/c" + conn + "/r" + i);
        }
        return close(conn, atMillis + 1 + (n - 1) * gapMillis + 50);
    }

    /** Events made by hand, for what the other methods do not say. */
    public JournalBuilder events(List<? extends JournalEvent> more) {
        events.addAll(more);
        return this;
    }

    /** The events as they will be written: in time order, those at the same instant in the order added. */
    public List<JournalEvent> events() {
        List<JournalEvent> sorted = new ArrayList<>(events);
        sorted.sort(Comparator.comparingLong(JournalEvent::timeNanos));
        return List.copyOf(sorted);
    }

    /** Writes the journal into {@code dir} and returns it. */
    public Path write(Path dir) {
        JournalWriter.Builder b = JournalWriter.create(dir).startNanos(start).rollPeriod(rollPeriod)
                .cycleByEventTime().writerId(writerId);
        if (settings != null) {
            b.settings(settings);
        }
        try (JournalWriter w = b.open()) {
            events().forEach(w::append);
        }
        return dir;
    }

    private int indexOfResponse(long conn, long seq) {
        for (int i = events.size() - 1; i >= 0; i--) {
            if (events.get(i) instanceof ResponseEvent r && r.connectionId() == conn && r.sequence() == seq) {
                return i;
            }
        }
        throw new IllegalStateException("no request " + seq + " on connection " + conn + " to answer");
    }
}
