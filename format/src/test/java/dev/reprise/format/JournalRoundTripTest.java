package dev.reprise.format;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class JournalRoundTripTest {
    @TempDir
    Path dir;

    @Test
    void everyFieldOfEveryEventSurvivesTheRoundTrip() {
        long t0 = 1_763_000_000_000_000_000L;
        CaptureSettings settings = new CaptureSettings(4096, true, List.of("authorization", "cookie"),
                List.of("password"), 0.25, List.of("skip-path:/health"), List.of("header:X-Tenant-Id"));
        List<JournalEvent> written = List.of(
                SampleEvents.opened(1, t0),
                SampleEvents.request(1, 0, t0 + 10),
                SampleEvents.response(1, 0, t0 + 20),
                new UpgradeEvent(1, 1, t0 + 30, "websocket"),
                SampleEvents.closed(1, t0 + 40),
                new ConnectionClosed(2, t0 + 50, CloseSide.UPSTREAM),
                new ResponseEvent(3, 4, 502, List.of(), Body.EMPTY, t0 + 60, t0 + 61, Outcome.UPSTREAM_RESET));
        try (JournalWriter w = JournalWriter.create(dir).writerId("proxy-a").startNanos(t0).settings(settings).open()) {
            written.forEach(w::append);
        }
        List<JournalEvent> read = new ArrayList<>();
        try (JournalReader r = JournalReader.open(dir)) {
            assertThat(r.header()).isEqualTo(JournalHeader.current("proxy-a", t0, settings));
            for (JournalEvent e; (e = r.next()) != null; ) {
                read.add(e);
            }
        }
        assertThat(read).containsExactlyElementsOf(written);
    }
}
