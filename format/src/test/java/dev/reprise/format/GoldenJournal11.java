package dev.reprise.format;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The golden journal of format 1.1, which appended {@code upstreamRetries} to response events:
 * committed under {@code src/test/resources/golden/journal-1.1.zip} so that later builds prove
 * they still read it. Regenerate it only when adding a golden journal for a new version:
 * {@code java -cp <test classpath> dev.reprise.format.GoldenJournal11 format/src/test/resources/golden/journal-1.1.zip}.
 */
public final class GoldenJournal11 {
    static final String RESOURCE = "/golden/journal-1.1.zip";
    static final long T0 = GoldenJournal.T0;

    private GoldenJournal11() {
    }

    static JournalHeader header() {
        return new JournalHeader(1, 1, "golden-proxy-1.1", T0, GoldenJournal.SETTINGS);
    }

    /** A retried exchange and one that was not, on one connection. */
    static List<JournalEvent> events() {
        return List.of(
                new ConnectionOpened(1, T0 + 1_000, "203.0.113.7:50123", "0.0.0.0:8080"),
                new RequestEvent(1, 0, T0 + 2_000, T0 + 2_000, "GET", "/a", "HTTP/1.1",
                        List.of(new Header("Host", "api.example.com")), Body.EMPTY, "acme"),
                new ResponseEvent(1, 0, 200, List.of(new Header("Content-Length", "2")), Body.of(new byte[] {'o', 'k'}),
                        T0 + 3_000, T0 + 3_100, Outcome.COMPLETE, 0),
                new RequestEvent(1, 1, T0 + 4_000, T0 + 4_000, "PUT", "/b", "HTTP/1.1",
                        List.of(new Header("Host", "api.example.com")), Body.of(new byte[] {'x'}), "acme"),
                new ResponseEvent(1, 1, 204, List.of(), Body.EMPTY, T0 + 5_000, T0 + 5_000, Outcome.COMPLETE, 1),
                new ConnectionClosed(1, T0 + 6_000, CloseSide.CLIENT));
    }

    public static void main(String[] args) throws IOException {
        Path zip = Path.of(args[0]);
        Path dir = Files.createTempDirectory("golden");
        try (JournalWriter w = JournalWriter.create(dir).writerId("golden-proxy-1.1").startNanos(T0)
                .settings(GoldenJournal.SETTINGS).cycleByEventTime().open()) {
            events().forEach(w::append);
        }
        TestJournals.zipAndDelete(dir, zip);
    }
}
