package dev.reprise.format;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The golden journal of format 2.0, which laid events out with fixed offsets and a length table,
 * the tenant first in a request: committed under {@code src/test/resources/golden/journal-2.0.zip}
 * so that later builds prove they still read it. It holds every event type and every field of
 * the 1.0 golden journal, with a retried response. Regenerate it only when adding a golden
 * journal for a new version:
 * {@code java -cp <test classpath> dev.reprise.format.GoldenJournal20 format/src/test/resources/golden/journal-2.0.zip}.
 */
public final class GoldenJournal20 {
    static final String RESOURCE = "/golden/journal-2.0.zip";
    static final long T0 = GoldenJournal.T0;

    private GoldenJournal20() {
    }

    static JournalHeader header() {
        return new JournalHeader(2, 0, "golden-proxy-2.0", T0, GoldenJournal.SETTINGS);
    }

    /** The 1.0 golden journal's events, its 502 now after two upstream retries. */
    static List<JournalEvent> events() {
        List<JournalEvent> events = new ArrayList<>(GoldenJournal.events());
        events.set(3, new ResponseEvent(1, 1, 502, List.of(), Body.EMPTY, T0 + 4_000, T0 + 4_001,
                Outcome.UPSTREAM_RESET, 2));
        return List.copyOf(events);
    }

    public static void main(String[] args) throws IOException {
        Path zip = Path.of(args[0]);
        Path dir = Files.createTempDirectory("golden");
        try (JournalWriter w = JournalWriter.create(dir).writerId("golden-proxy-2.0").startNanos(T0)
                .settings(GoldenJournal.SETTINGS).cycleByEventTime().open()) {
            if (w.header().formatMajor() != 2 || w.header().formatMinor() != 0) {
                throw new IllegalStateException("this build writes " + w.header().formatMajor() + "."
                        + w.header().formatMinor() + ", not 2.0: the 2.0 golden journal must not be rewritten");
            }
            events().forEach(w::append);
        }
        TestJournals.zipAndDelete(dir, zip);
    }
}
