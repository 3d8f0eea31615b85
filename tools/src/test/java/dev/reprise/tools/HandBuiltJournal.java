package dev.reprise.tools;

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

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/** Small journals whose every figure is known in advance. */
final class HandBuiltJournal {
    static final long T0 = Instant.parse("2026-06-01T10:00:00Z").getEpochSecond() * 1_000_000_000L;
    static final long MS = 1_000_000L;
    static final CaptureSettings SETTINGS = new CaptureSettings(64, false, List.of(), List.of(), 1.0, List.of(),
            List.of("header:X-Tenant-Id"));

    private HandBuiltJournal() {
    }

    static RequestEvent request(long conn, long seq, long at, String method, String target, String tenant, Body body) {
        return new RequestEvent(conn, seq, at, at + MS, method, target, "HTTP/1.1",
                List.of(new Header("Host", "shop.example.com"), new Header("X-Tenant-Id", tenant)), body, tenant);
    }

    static ResponseEvent response(long conn, long seq, long at, long last, int status, Body body) {
        return new ResponseEvent(conn, seq, status, List.of(new Header("Content-Type", "application/json")), body, at,
                last, Outcome.COMPLETE);
    }

    /**
     * Two connections, five requests: three in the first second (peak 3/s), one in the third, one in
     * the fourth; tenant acme sends four of them. Both connections are open from 0.3 s to 3.5 s, and
     * two requests are in flight from 0.55 s to 0.65 s.
     */
    static List<JournalEvent> twoConnections() {
        return List.of(
                new ConnectionOpened(1, T0, "10.0.0.1:50001", "10.0.0.2:8080"),
                request(1, 0, T0 + 100 * MS, "GET", "/api/orders/123", "acme", Body.EMPTY),
                response(1, 0, T0 + 200 * MS, T0 + 250 * MS, 200, Body.of(new byte[40])),
                new ConnectionOpened(2, T0 + 300 * MS, "10.0.0.3:50002", "10.0.0.2:8080"),
                request(1, 1, T0 + 500 * MS, "POST", "/api/orders", "acme", new Body(new byte[64], 100)),
                request(2, 0, T0 + 550 * MS, "GET", "/api/orders/456", "beta", Body.EMPTY),
                response(1, 1, T0 + 600 * MS, T0 + 650 * MS, 201, Body.of(new byte[20])),
                response(2, 0, T0 + 700 * MS, T0 + 700 * MS, 404, Body.EMPTY),
                request(1, 2, T0 + 2_100 * MS, "GET", "/api/products/9?x=1", "acme", Body.EMPTY),
                response(1, 2, T0 + 2_150 * MS, T0 + 2_200 * MS, 500, Body.EMPTY),
                request(2, 1, T0 + 3_000 * MS, "GET", "/api/products/10", "acme", Body.EMPTY),
                response(2, 1, T0 + 3_100 * MS, T0 + 3_200 * MS, 200, Body.EMPTY),
                new ConnectionClosed(1, T0 + 3_500 * MS, CloseSide.CLIENT),
                new ConnectionClosed(2, T0 + 4_000 * MS, CloseSide.UPSTREAM));
    }

    static void write(Path dir, String writer, List<JournalEvent> events) {
        try (JournalWriter w = JournalWriter.create(dir).writerId(writer).startNanos(T0).settings(SETTINGS)
                .cycleByEventTime().open()) {
            events.forEach(w::append);
        }
    }
}
