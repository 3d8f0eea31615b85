package dev.reprise.replay.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reprise.format.Body;
import dev.reprise.format.ConnectionClosed;
import dev.reprise.format.Header;
import dev.reprise.format.JournalEvent;
import dev.reprise.format.JournalWriter;
import dev.reprise.replay.DryRun;
import dev.reprise.replay.internal.TruncatedBodies;
import dev.reprise.replay.schedule.Pace;
import dev.reprise.replay.source.JournalWindow;
import dev.reprise.testing.JournalBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The dry run's answer, worked out by hand for a journal of five minutes and a half whose
 * connections cross the read-ahead's chunk boundaries: the same whether the journals are read on
 * the planning thread, on one thread ahead of it or in chunks on several, and in the report.
 */
class DryRunReportTest {
    private static final long S = 1_000_000_000L;

    @TempDir
    Path dir;

    /**
     * c1 two GETs (acme); c2 a POST and, past the first chunk's end (200 s), a PUT (globex); c3 a
     * request with an Upgrade header (not replayed), then a GET, never closed; c4 no open event
     * (the plan opens it), a GET, a POST whose body the capture truncated (left out), a GET;
     * c5 opened and closed around the boundary with no request; c9 closed without being seen.
     * So 7 requests (GET 5, POST 1, PUT 1) on 5 connections, at most 3 open at once (c2, c3, c5
     * at 199.5 s), and the last event c4's close at 330 s.
     */
    private Path journal() {
        JournalBuilder j = JournalBuilder.create().tenant("acme");
        j.open(1, 0).request(1, 0, 1_000, "/a").request(1, 1, 2_000, "/b").close(1, 3_000);
        j.close(9, 50_000);
        j.tenant("globex").open(2, 100_000)
                .request(2, 0, 150_000, "POST", "/orders", Body.of("{}".getBytes(StandardCharsets.UTF_8)))
                .request(2, 1, 250_000, "PUT", "/orders/1", Body.of("{}".getBytes(StandardCharsets.UTF_8)))
                .close(2, 260_000);
        j.tenant("acme").open(3, 190_000)
                .request(3, 0, 195_000, "GET", "/socket", List.of(new Header("Host", "shop.example.com"),
                        new Header("Connection", "Upgrade"), new Header("upgrade", "websocket")), Body.EMPTY)
                .request(3, 1, 205_000, "/c");
        j.open(5, 199_500).close(5, 201_000);
        j.tenant("globex").request(4, 0, 300_000, "/d")
                .request(4, 1, 310_000, "POST", "/upload", new Body("par".getBytes(StandardCharsets.UTF_8), 4_000))
                .request(4, 2, 320_000, "/e")
                .close(4, 330_000);
        return j.write(dir.resolve("journal"));
    }

    @Test
    void aDryRunCountsTheSameWhereverTheJournalsAreRead() {
        Path j = journal();
        for (boolean ahead : new boolean[]{false, true}) {
            JournalWindow w = JournalWindow.open(List.of(j), null, null, null, Set.of()).readingAhead(ahead);
            TruncatedBodies truncated = new TruncatedBodies(TruncatedBodies.Mode.SKIP);

            DryRun.Tally t = DryRun.run(() -> truncated.apply(w.open(0)), w.startNanos(), new Pace.Timed(1));

            assertThat(t.requests()).as("read ahead: %s", ahead).isEqualTo(7);
            assertThat(t.connections()).as("read ahead: %s", ahead).isEqualTo(5);
            assertThat(t.maxConcurrent()).as("read ahead: %s", ahead).isEqualTo(3);
            assertThat(t.byMethod()).as("read ahead: %s", ahead).isEqualTo(Map.of("GET", 5L, "POST", 1L, "PUT", 1L));
            assertThat(t.scheduleNanos()).as("read ahead: %s", ahead).isEqualTo(330 * S);
            assertThat(truncated.requests()).isEqualTo(1);
        }
    }

    @Test
    void theDryRunReportHoldsTheWorkedOutAnswerAlsoWithCopies() throws Exception {
        Path j = journal();
        Path plain = dir.resolve("plain.json");
        Path copied = dir.resolve("copied.json");

        ReplayCli one = ReplayCli.run(j.toString(), "--target", "http://127.0.0.1:9", "--dry-run", "--report", plain.toString());
        ReplayCli two = ReplayCli.run(j.toString(), "--target", "http://127.0.0.1:9", "--dry-run", "--copies", "2",
                "--seed", "5", "--report", copied.toString());

        assertThat(one.exitCode()).as(one.both()).isZero();
        assertThat(two.exitCode()).as(two.both()).isZero();
        assertThat(one.out()).contains("would send 7 requests on 5 connections (at most 3 open at once)")
                .contains("GET 5, POST 1, PUT 1").contains("1 requests had a body truncated at capture");
        JsonNode r = new ObjectMapper().readTree(plain.toFile());
        assertThat(r.path("kind").asText()).isEqualTo("dry-run");
        assertThat(r.path("requests").asLong()).isEqualTo(7);
        assertThat(r.path("connections").asLong()).isEqualTo(5);
        assertThat(r.path("maxConcurrentConnections").asInt()).isEqualTo(3);
        assertThat(r.path("requestsByMethod").toString()).isEqualTo("{\"GET\":5,\"POST\":1,\"PUT\":1}");
        assertThat(r.path("scheduleSeconds").asDouble()).isEqualTo(330.0);
        // Each connection twice, the copy up to 100 ms (the default jitter) from the original.
        JsonNode c = new ObjectMapper().readTree(copied.toFile());
        assertThat(c.path("requests").asLong()).isEqualTo(14);
        assertThat(c.path("connections").asLong()).isEqualTo(10);
        assertThat(c.path("maxConcurrentConnections").asInt()).isEqualTo(6);
        assertThat(c.path("requestsByMethod").toString()).isEqualTo("{\"GET\":10,\"POST\":2,\"PUT\":2}");
        assertThat(c.path("scheduleSeconds").asDouble()).isCloseTo(330.0, within(0.1001));
    }

    /**
     * The capture reused connection ids 1 and 2 after closing them: a plan connection each time,
     * so four connections, and never more than two open at once, also through the launcher's
     * command (which reads the plan without counting its tenants) and with the plan looped.
     */
    @Test
    void aConnectionIdTheCaptureReusedAfterClosingItIsCountedOnceForEachTimeItWasOpen() throws Exception {
        JournalBuilder b = JournalBuilder.create().tenant("acme");
        b.open(1, 0).request(1, 0, 1_000, "/a").close(1, 2_000);
        b.open(2, 1_500).request(2, 0, 1_600, "/b").close(2, 1_700);
        b.open(1, 3_000).request(1, 0, 3_500, "/c").request(1, 1, 3_600, "/d");
        b.request(2, 0, 3_700, "/e").close(2, 3_800).close(1, 4_000);
        Path j = b.write(dir.resolve("reused"));

        for (boolean ahead : new boolean[]{false, true}) {
            JournalWindow w = JournalWindow.open(List.of(j), null, null, null, Set.of()).readingAhead(ahead);
            DryRun.Tally t = DryRun.run(() -> w.open(0), w.startNanos(), new Pace.Timed(1));
            assertThat(t.requests()).as("read ahead: %s", ahead).isEqualTo(5);
            assertThat(t.connections()).as("read ahead: %s", ahead).isEqualTo(4);
            assertThat(t.maxConcurrent()).as("read ahead: %s", ahead).isEqualTo(2);
        }
        Path plain = dir.resolve("reused.json");
        Path looped = dir.resolve("looped.json");
        ReplayCli one = ReplayCli.run(j.toString(), "--target", "http://127.0.0.1:9", "--dry-run", "--report", plain.toString());
        ReplayCli two = ReplayCli.run(j.toString(), "--target", "http://127.0.0.1:9", "--dry-run", "--loop", "3",
                "--report", looped.toString());
        assertThat(one.exitCode()).as(one.both()).isZero();
        assertThat(two.exitCode()).as(two.both()).isZero();
        JsonNode r = new ObjectMapper().readTree(plain.toFile());
        assertThat(r.path("connections").asLong()).isEqualTo(4);
        assertThat(r.path("maxConcurrentConnections").asInt()).isEqualTo(2);
        JsonNode l = new ObjectMapper().readTree(looped.toFile());
        assertThat(l.path("requests").asLong()).isEqualTo(15);
        assertThat(l.path("connections").asLong()).isEqualTo(12);
        assertThat(l.path("maxConcurrentConnections").asInt()).isEqualTo(2);
    }

    @Test
    void aDryRunOverAJournalWithAnEventAppendedLaterThanTheReaderWaitsForSaysSo() {
        JournalBuilder j = JournalBuilder.create().tenant("acme");
        j.open(1, 0).request(1, 0, 1_000, "/a").request(1, 1, 15_000, "/b").request(1, 2, 30_000, "/c").close(1, 31_000);
        j.open(2, 2_000).close(2, 3_000);
        // Connection 2's close is appended last, 28 s after its time: the reader waits 10 s.
        List<JournalEvent> events = new ArrayList<>(j.events());
        JournalEvent late = events.stream().filter(e -> e instanceof ConnectionClosed c && c.connectionId() == 2)
                .findFirst().orElseThrow();
        events.remove(late);
        events.add(late);
        Path journal = dir.resolve("late");
        try (JournalWriter w = JournalWriter.create(journal).startNanos(events.get(0).timeNanos()).cycleByEventTime().open()) {
            events.forEach(w::append);
        }

        ReplayCli run = ReplayCli.run(journal.toString(), "--target", "http://127.0.0.1:9", "--dry-run");

        assertThat(run.exitCode()).as(run.both()).isZero();
        assertThat(run.out()).contains("would send 3 requests on 2 connections");
        assertThat(run.err()).as(run.both()).contains("warning: 1 event came out after a younger one: appended more than 10 s after their time");
        assertThat(ReplayCli.run(journal().toString(), "--target", "http://127.0.0.1:9", "--dry-run").err())
                .doesNotContain("warning");
    }
}
