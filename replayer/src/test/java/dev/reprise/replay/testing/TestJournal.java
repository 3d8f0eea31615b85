package dev.reprise.replay.testing;

import dev.reprise.format.Body;
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

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Writes a short journal for a test with {@link JournalWriter}: connections, their requests at
 * chosen offsets (milliseconds from {@link #T0}) and production's responses.
 */
public final class TestJournal {
    /** 2026-11-23T14:00:00Z, the capture's first instant. */
    public static final long T0 = 1_795_442_400_000_000_000L;
    private static final long MS = 1_000_000L;

    private final List<JournalEvent> events = new ArrayList<>();
    private long responseMillis = 2;
    private int status = 200;
    private String tenant = "acme";

    public static TestJournal create() {
        return new TestJournal();
    }

    /** Production's latency for the requests added from now on. */
    public TestJournal productionLatency(long millis) {
        this.responseMillis = millis;
        return this;
    }

    /** The tenant of the requests added from now on (in X-Tenant-Id and as the capture's tenant). */
    public TestJournal tenant(String tenant) {
        this.tenant = tenant;
        return this;
    }

    public TestJournal productionStatus(int status) {
        this.status = status;
        return this;
    }

    public TestJournal open(long conn, double atMillis) {
        events.add(new ConnectionOpened(conn, at(atMillis), "10.0.0.1:" + (40000 + conn), "127.0.0.1:8080"));
        return this;
    }

    public TestJournal close(long conn, double atMillis) {
        events.add(new ConnectionClosed(conn, at(atMillis), CloseSide.CLIENT));
        return this;
    }

    /** A GET of {@code target} with the usual headers, answered by production. */
    public TestJournal request(long conn, long seq, double atMillis, String target) {
        return request(conn, seq, atMillis, "GET", target, List.of(new Header("Host", "api.example.com"),
                new Header("X-Tenant-Id", tenant)), Body.EMPTY);
    }

    public TestJournal request(long conn, long seq, double atMillis, String method, String target, List<Header> headers, Body body) {
        long t = at(atMillis);
        events.add(new RequestEvent(conn, seq, t, t + 100_000, method, target, "HTTP/1.1", headers, body, tenant));
        long r = t + responseMillis * MS;
        events.add(new ResponseEvent(conn, seq, status, List.of(new Header("Content-Length", "2")), Body.of("ok".getBytes()),
                r, r + 50_000, Outcome.COMPLETE));
        return this;
    }

    /** A connection opening at {@code atMillis}, sending {@code n} requests {@code gapMillis} apart, then closing. */
    public TestJournal connection(long conn, double atMillis, int n, double gapMillis) {
        open(conn, atMillis);
        for (int i = 0; i < n; i++) {
            request(conn, i, atMillis + 1 + i * gapMillis, "/c" + conn + "/r" + i);
        }
        return close(conn, atMillis + 1 + (n - 1) * gapMillis + 50);
    }

    public Path write(Path dir) {
        List<JournalEvent> sorted = new ArrayList<>(events);
        sorted.sort(Comparator.comparingLong(JournalEvent::timeNanos));
        try (JournalWriter w = JournalWriter.create(dir).startNanos(T0).rollPeriod(RollPeriod.HOUR)
                .cycleByEventTime().writerId("test").open()) {
            sorted.forEach(w::append);
        }
        return dir;
    }

    private static long at(double millis) {
        return T0 + Math.round(millis * MS);
    }
}
