package dev.reprise.format;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The golden journal of format 2.1, whose requests and responses carry a checksum of their front
 * and a request's flags say whether it has an Upgrade header: committed under
 * {@code src/test/resources/golden/journal-2.1.zip} so that later builds prove they still read it.
 * It holds the 2.0 golden journal's events and a request asking for a WebSocket upgrade before the
 * upgrade event. Regenerate it only when adding a golden journal for a new version:
 * {@code java -cp <test classpath> dev.reprise.format.GoldenJournal21 format/src/test/resources/golden/journal-2.1.zip}.
 */
public final class GoldenJournal21 {
    static final String RESOURCE = "/golden/journal-2.1.zip";
    static final long T0 = GoldenJournal.T0;
    /** Where the upgrade request lies in {@link #events()}. */
    static final int UPGRADE_REQUEST = 4;

    private GoldenJournal21() {
    }

    static JournalHeader header() {
        return new JournalHeader(2, 1, "golden-proxy-2.1", T0, GoldenJournal.SETTINGS);
    }

    /** The 2.0 golden journal's events, with a request for the upgrade that follows it. */
    static List<JournalEvent> events() {
        List<JournalEvent> events = new ArrayList<>(GoldenJournal20.events());
        events.add(UPGRADE_REQUEST, new RequestEvent(1, 2, T0 + 4_500, T0 + 4_600, "GET", "/chat", "HTTP/1.1",
                List.of(new Header("Host", "api.example.com"), new Header("connection", "Upgrade"),
                        new Header("upgrade", "websocket"), new Header("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==")),
                Body.EMPTY, "acme"));
        return List.copyOf(events);
    }

    public static void main(String[] args) throws IOException {
        Path zip = Path.of(args[0]);
        Path dir = Files.createTempDirectory("golden");
        try (JournalWriter w = JournalWriter.create(dir).writerId("golden-proxy-2.1").startNanos(T0)
                .settings(GoldenJournal.SETTINGS).cycleByEventTime().open()) {
            if (w.header().formatMajor() != 2 || w.header().formatMinor() != 1) {
                throw new IllegalStateException("this build writes " + w.header().formatMajor() + "."
                        + w.header().formatMinor() + ", not 2.1: the 2.1 golden journal must not be rewritten");
            }
            events().forEach(w::append);
        }
        TestJournals.zipAndDelete(dir, zip);
    }
}
