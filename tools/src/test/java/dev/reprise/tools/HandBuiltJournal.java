package dev.reprise.tools;

import dev.reprise.format.Body;
import dev.reprise.format.CaptureSettings;
import dev.reprise.format.CloseSide;
import dev.reprise.format.Header;
import dev.reprise.testing.JournalBuilder;

import java.time.Instant;
import java.util.List;

/** Small journals whose every figure is known in advance. */
final class HandBuiltJournal {
    static final long T0 = Instant.parse("2026-06-01T10:00:00Z").getEpochSecond() * 1_000_000_000L;
    static final long MS = JournalBuilder.MS;
    static final CaptureSettings SETTINGS = new CaptureSettings(64, false, List.of(), List.of(), 1.0, List.of(),
            List.of("header:X-Tenant-Id"));
    private static final List<Header> JSON = List.of(new Header("Content-Type", "application/json"));

    private HandBuiltJournal() {
    }

    /** An empty journal starting at {@link #T0}, captured with {@link #SETTINGS}, its requests to shop.example.com. */
    static JournalBuilder journal() {
        return JournalBuilder.startingAt(T0).settings(SETTINGS).host("shop.example.com").requestLasting(1);
    }

    /**
     * Two connections, five requests: three in the first second (peak 3/s), one in the third, one in
     * the fourth; tenant acme sends four of them. Both connections are open from 0.3 s to 3.5 s, and
     * two requests are in flight from 0.55 s to 0.65 s.
     */
    static JournalBuilder twoConnections() {
        return journal()
                .open(1, 0, "10.0.0.1:50001", "10.0.0.2:8080")
                .tenant("acme").request(1, 0, 100, "GET", "/api/orders/123", Body.EMPTY)
                .respond(1, 0, 200, 250, 200, JSON, Body.of(new byte[40]))
                .open(2, 300, "10.0.0.3:50002", "10.0.0.2:8080")
                .request(1, 1, 500, "POST", "/api/orders", new Body(new byte[64], 100))
                .tenant("beta").request(2, 0, 550, "GET", "/api/orders/456", Body.EMPTY)
                .respond(1, 1, 600, 650, 201, JSON, Body.of(new byte[20]))
                .respond(2, 0, 700, 700, 404, JSON, Body.EMPTY)
                .tenant("acme").request(1, 2, 2_100, "GET", "/api/products/9?x=1", Body.EMPTY)
                .respond(1, 2, 2_150, 2_200, 500, JSON, Body.EMPTY)
                .request(2, 1, 3_000, "GET", "/api/products/10", Body.EMPTY)
                .respond(2, 1, 3_100, 3_200, 200, JSON, Body.EMPTY)
                .close(1, 3_500, CloseSide.CLIENT)
                .close(2, 4_000, CloseSide.UPSTREAM);
    }
}
