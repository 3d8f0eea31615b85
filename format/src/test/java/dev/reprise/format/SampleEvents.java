package dev.reprise.format;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** Fully populated events for tests: every field set to something other than its default. */
public final class SampleEvents {
    private SampleEvents() {
    }

    public static ConnectionOpened opened(long conn, long t) {
        return new ConnectionOpened(conn, t, "10.0.0." + conn + ":5" + conn, "127.0.0.1:8080");
    }

    public static RequestEvent request(long conn, long seq, long t) {
        return new RequestEvent(conn, seq, t, t + 1_500, "POST", "/orders/" + (1000 + seq) + "?expand=items&q=caf\u00e9",
                "HTTP/1.1",
                List.of(new Header("Host", "api.example.com"), new Header("X-Tenant-Id", "acme"),
                        new Header("Accept", "text/html"), new Header("Accept", "application/json")),
                new Body("{\"item\":42,\"note\":\"\u00fcber\"}".getBytes(StandardCharsets.UTF_8), 4096), "acme");
    }

    public static ResponseEvent response(long conn, long seq, long t) {
        return new ResponseEvent(conn, seq, 201, List.of(new Header("Content-Type", "application/json"),
                new Header("Set-Cookie", "a=1"), new Header("Set-Cookie", "b=2")),
                Body.of("{\"id\":7}".getBytes(StandardCharsets.UTF_8)), t, t + 2_000, Outcome.COMPLETE);
    }

    public static ConnectionClosed closed(long conn, long t) {
        return new ConnectionClosed(conn, t, CloseSide.CLIENT);
    }
}
