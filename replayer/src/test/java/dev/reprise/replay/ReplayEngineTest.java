package dev.reprise.replay;

import dev.reprise.replay.connection.ConnectionMode;
import dev.reprise.replay.connection.ConnectionSettings;
import dev.reprise.replay.connection.RequestRewriter;
import dev.reprise.replay.connection.Target;
import dev.reprise.replay.report.ErrorKind;
import dev.reprise.replay.results.ExchangeResult;
import dev.reprise.replay.schedule.Pace;
import dev.reprise.replay.source.JournalWindow;
import dev.reprise.replay.testing.CollectingListener;
import dev.reprise.testing.JournalBuilder;
import dev.reprise.testing.TestHttpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ReplayEngineTest {
    private static final long MS = 1_000_000L;

    @TempDir
    Path dir;

    private final CollectingListener results = new CollectingListener();

    /** Three connections, requests at irregular offsets over ~3 s times {@code stretch}. */
    private static JournalBuilder irregularJournal(int stretch) {
        JournalBuilder j = JournalBuilder.create();
        double[][] offsets = {
                {0, 350, 900, 1700, 2600},
                {120, 700, 1300, 2100, 2950},
                {480, 1000, 1550, 2300, 2800},
        };
        for (int c = 0; c < offsets.length; c++) {
            j.open(c + 1, Math.max(0, offsets[c][0] * stretch - 0.5));
            for (int i = 0; i < offsets[c].length; i++) {
                j.request(c + 1, i, offsets[c][i] * stretch, "/c" + (c + 1) + "/r" + i);
            }
            j.close(c + 1, offsets[c][offsets[c].length - 1] * stretch + 20);
        }
        return j;
    }

    private static List<Long> capturedOffsetsMillis(int stretch) {
        List<Long> out = new ArrayList<>();
        for (long v : new long[]{0, 350, 900, 1700, 2600, 120, 700, 1300, 2100, 2950, 480, 1000, 1550, 2300, 2800}) {
            out.add(v * stretch);
        }
        out.sort(Comparator.naturalOrder());
        return out;
    }

    @Test
    void arrivalsAtTheTargetFollowTheCapturedTimingAtSpeedOne() throws Exception {
        assertArrivalsFollowSchedule(1.0, 1);
    }

    @Test
    void arrivalsAtTheTargetFollowTheCapturedTimingAtSpeedTen() throws Exception {
        assertArrivalsFollowSchedule(10.0, 3);
    }

    /**
     * Every arrival within a loose bound of its schedule, and most within a tight one: the machine
     * running the tests is shared, so a few arrivals may be late by a scheduling hiccup.
     */
    private void assertArrivalsFollowSchedule(double speed, int stretch) throws Exception {
        final double loose = 150;
        final double tight = 25;
        Path journal = irregularJournal(stretch).write(dir.resolve("j"));
        try (TestHttpServer target = TestHttpServer.start().warmedUp()) {
            ReplayRun run = replay(journal, target, Pace.speed(speed), new ConnectionMode.Captured(), 1000);
            String lags = results.results().stream().map(r -> String.format("%.1f", r.sendLagNanos() / 1e6)).toList().toString();

            assertThat(run.drained()).isTrue();
            List<TestHttpServer.Request> arrivals = new ArrayList<>(target.requests());
            assertThat(arrivals).hasSize(15);
            arrivals.sort(Comparator.comparingLong(TestHttpServer.Request::nanoTime));
            // Inter-arrival times are what must match, so the whole run may be shifted: align on the median offset.
            List<Long> expected = capturedOffsetsMillis(stretch);
            long first = arrivals.get(0).nanoTime();
            double[] shift = new double[arrivals.size()];
            for (int i = 0; i < arrivals.size(); i++) {
                shift[i] = (arrivals.get(i).nanoTime() - first) / 1e6 - expected.get(i) / speed;
            }
            double median = java.util.Arrays.stream(shift).sorted().toArray()[shift.length / 2];
            int close = 0;
            for (int i = 0; i < arrivals.size(); i++) {
                double seen = (arrivals.get(i).nanoTime() - first) / 1e6 - median;
                double want = expected.get(i) / speed;
                assertThat(seen).as("arrival %d at %.1f ms, scheduled at %.1f ms; send lags (ms) %s", i, seen, want, lags)
                        .isCloseTo(want, within(loose));
                close += Math.abs(seen - want) <= tight ? 1 : 0;
            }
            assertThat(close).as("arrivals within %.0f ms of their schedule; send lags (ms) %s", tight, lags)
                    .isGreaterThanOrEqualTo(12);
        }
    }

    @Test
    void replaysRequestsOnTheirCapturedConnectionInOrder() throws Exception {
        JournalBuilder j = JournalBuilder.create();
        for (int c = 1; c <= 4; c++) {
            j.connection(c, c * 7, 5, 40); // interleaved: all four are open at once
        }
        Path journal = j.write(dir.resolve("j"));
        try (TestHttpServer target = TestHttpServer.start()) {
            replay(journal, target, Pace.speed(2), new ConnectionMode.Captured(), 1000);

            Map<Integer, List<String>> byConnection = target.targetsByConnection();
            assertThat(byConnection).hasSize(4);
            Set<List<String>> sequences = Set.copyOf(byConnection.values());
            for (int c = 1; c <= 4; c++) {
                assertThat(sequences).contains(List.of("/c" + c + "/r0", "/c" + c + "/r1", "/c" + c + "/r2",
                        "/c" + c + "/r3", "/c" + c + "/r4"));
            }
            assertThat(results.results()).hasSize(20).allMatch(r -> r.error() == ErrorKind.NONE && r.status() == 200);
        }
    }

    @Test
    void aConnectionIdTheCaptureReusedAfterClosingItIsReplayedAsTwoConnectionsEachJoinedWithItsOwnBaseline() throws Exception {
        JournalBuilder j = JournalBuilder.create().productionStatus(201);
        j.open(1, 0).request(1, 0, 5, "/first").close(1, 60);
        j.open(1, 120).request(1, 0, 125, "/second").close(1, 180);
        Path journal = j.write(dir.resolve("j"));
        try (TestHttpServer target = TestHttpServer.start()) {
            replay(journal, target, Pace.speed(1), new ConnectionMode.Captured(), 1000);

            assertThat(target.targetsByConnection().values()).containsExactlyInAnyOrder(List.of("/first"), List.of("/second"));
            assertThat(results.results()).hasSize(2)
                    .allMatch(r -> r.error() == ErrorKind.NONE && r.status() == 200 && r.recordedStatus() == 201);
        }
    }

    @Test
    void aConnectionTheCapturePipelinedIsReplayedPipelined() throws Exception {
        // Production took 50 ms to answer; the client sent all three requests within 2 ms.
        JournalBuilder j = JournalBuilder.create().productionLatency(50);
        j.open(1, 0);
        for (int i = 0; i < 3; i++) {
            j.request(1, i, i, "/p" + i);
        }
        j.close(1, 300);
        Path journal = j.write(dir.resolve("j"));
        try (TestHttpServer target = TestHttpServer.start().delay(300)) {
            replay(journal, target, Pace.speed(1), new ConnectionMode.Captured(), 1000);

            assertThat(target.connections()).hasSize(1);
            assertThat(target.targetsByConnection().values().iterator().next()).containsExactly("/p0", "/p1", "/p2");
            List<ExchangeResult> done = results.results();
            assertThat(done).hasSize(3).allMatch(r -> r.error() == ErrorKind.NONE);
            // Each went out at its due time, not after the previous 300 ms answer.
            assertThat(done).allMatch(r -> r.sendLagNanos() < 150 * MS);
        }
    }

    @Test
    void aConnectionTheCaptureDidNotPipelineWaitsForEachAnswer() throws Exception {
        JournalBuilder j = JournalBuilder.create().productionLatency(1);
        j.open(1, 0);
        for (int i = 0; i < 3; i++) {
            j.request(1, i, i * 5, "/p" + i); // each sent after production's answer to the previous one began
        }
        j.close(1, 300);
        Path journal = j.write(dir.resolve("j"));
        try (TestHttpServer target = TestHttpServer.start().delay(200)) {
            replay(journal, target, Pace.speed(1), new ConnectionMode.Captured(), 1000);

            List<ExchangeResult> done = new ArrayList<>(results.results());
            assertThat(done).hasSize(3).allMatch(r -> r.error() == ErrorKind.NONE);
            done.sort(Comparator.comparingLong(ExchangeResult::intendedNanos));
            assertThat(done.get(2).sendLagNanos()).isGreaterThan(300 * MS); // it waited for two 200 ms answers
        }
    }

    @Test
    void poolModeBoundsTheConnectionsAndReusesThem() throws Exception {
        JournalBuilder j = JournalBuilder.create();
        for (int c = 1; c <= 10; c++) {
            j.connection(c, c, 3, 30); // ten captured connections, all open at once
        }
        Path journal = j.write(dir.resolve("j"));
        try (TestHttpServer target = TestHttpServer.start().delay(5)) {
            replay(journal, target, Pace.speed(1), new ConnectionMode.Pool(2), 1000);

            assertThat(target.count()).isEqualTo(30);
            assertThat(target.connections()).hasSizeBetween(1, 2);
            assertThat(results.results()).hasSize(30).allMatch(r -> r.error() == ErrorKind.NONE);
        }
    }

    @Test
    void slowTargetMakesTheLagGrowWhileTheQueueStaysUnderItsCap() throws Exception {
        JournalBuilder j = JournalBuilder.create();
        j.connection(1, 0, 20, 10); // a request every 10 ms on one connection
        Path journal = j.write(dir.resolve("j"));
        try (TestHttpServer target = TestHttpServer.start().delay(100)) { // each answer takes 100 ms
            ReplayEngine engine = engine(journal, target, Pace.speed(1), new ConnectionMode.Captured(), 4);
            ReplayRun run = engine.run();

            assertThat(run.maxQueued()).isLessThanOrEqualTo(4);
            assertThat(engine.joinHeld()).isZero();
            List<ExchangeResult> done = new ArrayList<>(results.results());
            assertThat(done).hasSize(20).allMatch(r -> r.error() == ErrorKind.NONE);
            done.sort(Comparator.comparingLong(ExchangeResult::intendedNanos));
            long firstLag = done.get(0).sendLagNanos();
            long lastLag = done.get(19).sendLagNanos();
            // 20 answers of 100 ms against a schedule of 190 ms: the last request goes out some 1.7 s late.
            assertThat(lastLag - firstLag).isGreaterThan(1_000 * MS);
            assertThat(done.get(19).latencyFromIntendedNanos()).isGreaterThan(done.get(19).latencyFromSentNanos() + 1_000 * MS);
        }
    }

    @Test
    void targetGoingDownMidRunGivesClassifiedErrorsAndTheRunCompletes() throws Exception {
        JournalBuilder j = JournalBuilder.create();
        j.connection(1, 0, 10, 100);
        j.connection(2, 5, 10, 100);
        Path journal = j.write(dir.resolve("j"));
        try (TestHttpServer target = TestHttpServer.start()) {
            ReplayEngine engine = engine(journal, target, Pace.speed(1), new ConnectionMode.Captured(), 1000);
            Thread killer = new Thread(() -> {
                // polled tightly: the target goes down at the eighth request, not a poll interval later
                await("eight requests at the target").atMost(Duration.ofMinutes(1)).pollDelay(Duration.ZERO)
                        .pollInterval(Duration.ofMillis(1)).until(() -> target.count() >= 8);
                target.stop();
            });
            killer.setDaemon(true);
            killer.start();
            ReplayRun run = engine.run();

            assertThat(run.drained()).isTrue();
            Map<ErrorKind, Integer> byError = results.byError();
            assertThat(results.results()).hasSize(20);
            // the target counts a request as it arrives, so the 8th may be cut off by the stop before its answer
            assertThat(byError.get(ErrorKind.NONE)).isBetween(7, 12);
            assertThat(byError.getOrDefault(ErrorKind.CONNECTION_REFUSED, 0)).isGreaterThanOrEqualTo(6);
            assertThat(byError.keySet()).isSubsetOf(ErrorKind.NONE, ErrorKind.CONNECTION_REFUSED, ErrorKind.RESET);
        }
    }

    @Test
    void aResponseThatTakesTooLongIsAResponseTimeout() throws Exception {
        JournalBuilder j = JournalBuilder.create();
        j.connection(1, 0, 2, 10);
        Path journal = j.write(dir.resolve("j"));
        try (TestHttpServer target = TestHttpServer.start().delay(3000)) {
            ConnectionSettings settings = new ConnectionSettings(new ConnectionMode.Captured(),
                    RequestRewriter.to(Target.parse(target.url())).build(), 1000 * MS, 200 * MS, false);
            JournalWindow window = JournalWindow.open(List.of(journal), null, null, null, Set.of());
            new ReplayEngine(() -> window.open(0), window.startNanos(), Pace.speed(1), settings, 100, results).run();
            assertThat(results.results()).hasSize(2).allMatch(r -> r.error() == ErrorKind.RESPONSE_TIMEOUT && r.status() == 0);
            assertThat(results.results().get(0).latencyFromSentNanos()).isBetween(150 * MS, 2000 * MS);
        }
    }

    @Test
    void eachResultCarriesProductionsStatusAndLatency() throws Exception {
        JournalBuilder j = JournalBuilder.create().productionLatency(40).productionStatus(201);
        j.connection(1, 0, 3, 20);
        Path journal = j.write(dir.resolve("j"));
        try (TestHttpServer target = TestHttpServer.start()) {
            replay(journal, target, Pace.speed(1), new ConnectionMode.Captured(), 1000);

            assertThat(results.results()).hasSize(3).allSatisfy(r -> {
                assertThat(r.recordedStatus()).isEqualTo(201);
                assertThat(r.recordedLatencyNanos()).isEqualTo(40 * MS + 50_000);
                assertThat(r.status()).isEqualTo(200);
                assertThat(r.tenant()).isEqualTo("acme");
                assertThat(r.endpoint()).isEqualTo("GET /c1/r{id}".replace("r{id}", r.target().substring(4)));
            });
        }
    }

    @Test
    void maxRateSendsEachConnectionsNextRequestAsSoonAsThePreviousEnds() throws Exception {
        JournalBuilder j = JournalBuilder.create();
        j.connection(1, 0, 50, 1000); // 50 s of capture
        Path journal = j.write(dir.resolve("j"));
        try (TestHttpServer target = TestHttpServer.start()) {
            long started = System.nanoTime();
            replay(journal, target, Pace.maxRate(), new ConnectionMode.Captured(), 1000);
            assertThat(System.nanoTime() - started).isLessThan(20_000 * MS);
            assertThat(target.count()).isEqualTo(50);
            assertThat(target.connections()).hasSize(1);
            assertThat(results.results()).hasSize(50).allMatch(r -> r.sendLagNanos() == 0);
        }
    }

    @Test
    void aTargetThatAnswersGarbageGivesProtocolErrorsAndTheNextRequestReconnects() throws Exception {
        JournalBuilder j = JournalBuilder.create();
        j.connection(1, 0, 3, 30);
        Path journal = j.write(dir.resolve("j"));
        try (java.net.ServerSocket garbage = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            java.util.concurrent.atomic.AtomicInteger accepted = new java.util.concurrent.atomic.AtomicInteger();
            Thread server = new Thread(() -> {
                while (!garbage.isClosed()) {
                    try (java.net.Socket s = garbage.accept()) {
                        accepted.incrementAndGet();
                        s.getInputStream().read(new byte[4096]);
                        s.getOutputStream().write("SMTP ready\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                        s.getOutputStream().flush();
                        Thread.sleep(50);
                    } catch (Exception e) {
                        // the test closes the socket to stop
                    }
                }
            });
            server.setDaemon(true);
            server.start();
            ConnectionSettings settings = new ConnectionSettings(new ConnectionMode.Captured(),
                    RequestRewriter.to(Target.parse("http://127.0.0.1:" + garbage.getLocalPort())).build(), 1000 * MS, 2000 * MS, false);
            JournalWindow window = JournalWindow.open(List.of(journal), null, null, null, Set.of());
            ReplayRun run = new ReplayEngine(() -> window.open(0), window.startNanos(), Pace.speed(1), settings, 100, results).run();

            assertThat(run.drained()).isTrue();
            assertThat(results.results()).hasSize(3).allMatch(r -> r.error() == ErrorKind.PROTOCOL_ERROR);
            assertThat(accepted.get()).isGreaterThanOrEqualTo(3); // each request after a failure gets a new connection (plus the warm-up)
        }
    }

    @Test
    void poolModeReplacesAConnectionTheTargetClosed() throws Exception {
        JournalBuilder j = JournalBuilder.create();
        for (int c = 1; c <= 6; c++) {
            j.open(c, c * 40);
            j.request(c, 0, c * 40 + 1, "GET", "/p" + c, List.of(new dev.reprise.format.Header("Host", "h"),
                    new dev.reprise.format.Header("Connection", "close")), dev.reprise.format.Body.EMPTY);
            j.close(c, c * 40 + 30);
        }
        Path journal = j.write(dir.resolve("j"));
        try (TestHttpServer target = TestHttpServer.start()) {
            replay(journal, target, Pace.speed(1), new ConnectionMode.Pool(1), 1000);

            assertThat(target.count()).isEqualTo(6);
            assertThat(target.connections()).hasSize(6); // every answer closed its connection
            assertThat(results.results()).hasSize(6).allMatch(r -> r.error() == ErrorKind.NONE);
        }
    }

    @Test
    void aTargetThatIsDownFailsEveryRequestWithoutEndingTheRun() throws Exception {
        JournalBuilder j = JournalBuilder.create();
        j.connection(1, 0, 3000, 0.01);
        j.connection(2, 0, 3000, 0.01);
        Path journal = j.write(dir.resolve("j"));
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        for (ConnectionMode mode : List.of(new ConnectionMode.Captured(), new ConnectionMode.Pool(4))) {
            CollectingListener seen = new CollectingListener();
            ConnectionSettings settings = new ConnectionSettings(mode,
                    RequestRewriter.to(Target.parse("http://127.0.0.1:" + port)).build(), 1000 * MS, 1000 * MS, true);
            JournalWindow window = JournalWindow.open(List.of(journal), null, null, null, Set.of());
            ReplayRun run = new ReplayEngine(() -> window.open(0), window.startNanos(), Pace.maxRate(), settings, 5000, seen).run();

            assertThat(run.failure()).isNull();
            assertThat(run.drained()).isTrue();
            assertThat(seen.byError()).as(mode.toString()).containsExactly(Map.entry(ErrorKind.CONNECTION_REFUSED, 6000));
        }
    }

    @Test
    void aRehearsalReplaysThePlanAgainstALocalServerAndNothingOfItReachesTheTargetOrTheRunsResults() throws Exception {
        JournalBuilder j = JournalBuilder.create();
        for (int c = 1; c <= 4; c++) {
            j.connection(c, c * 3, 5, 10);
        }
        j.open(5, 1).request(5, 0, 2, "HEAD", "/head", dev.reprise.format.Body.EMPTY)
                .request(5, 1, 30, "/after-head").close(5, 60);
        Path journal = j.write(dir.resolve("j"));
        try (TestHttpServer target = TestHttpServer.start()) {
            ReplayEngine engine = engine(journal, target, Pace.speed(1), new ConnectionMode.Captured(), 1000);
            CollectingListener rehearsed = new CollectingListener();

            long exchanges = rehearse(engine, journal, 10_000, rehearsed);

            assertThat(exchanges).isEqualTo(22);
            assertThat(rehearsed.results()).hasSize(22).allMatch(r -> r.error() == ErrorKind.NONE && r.status() == 200);
            // A HEAD's answer has no body, and the connection carries the next request after it.
            assertThat(rehearsed.results()).filteredOn(r -> r.target().equals("/after-head")).hasSize(1);
            assertThat(target.count()).isZero();
            assertThat(results.results()).isEmpty();

            ReplayRun run = engine.run();

            assertThat(run.failure()).isNull();
            assertThat(target.count()).isEqualTo(22);
            assertThat(results.results()).hasSize(22).allMatch(r -> r.error() == ErrorKind.NONE && r.status() == 200);
            assertThat(rehearsed.results()).hasSize(22);
        }
    }

    @Test
    void aRehearsedRequestBodyThatLooksLikeARequestHeadIsAnsweredOnceAsTheBodyItIsAndALongTargetIsAnswered() throws Exception {
        byte[] body = "a=1\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        String longTarget = "/search?q=" + "x".repeat(20_000); // past the decoder's default line limit
        JournalBuilder j = JournalBuilder.create();
        j.open(1, 0)
                .request(1, 0, 1, "POST", "/form", List.of(new dev.reprise.format.Header("Host", "example"),
                        new dev.reprise.format.Header("Content-Length", String.valueOf(body.length))), dev.reprise.format.Body.of(body))
                .request(1, 1, 20, "/after-post")
                .request(1, 2, 30, longTarget).close(1, 40);
        Path journal = j.write(dir.resolve("j"));
        try (TestHttpServer target = TestHttpServer.start()) {
            ReplayEngine engine = engine(journal, target, Pace.speed(1), new ConnectionMode.Captured(), 1000);
            CollectingListener rehearsed = new CollectingListener();

            long exchanges = rehearse(engine, journal, 10_000, rehearsed);

            assertThat(exchanges).isEqualTo(3);
            assertThat(rehearsed.results()).extracting(ExchangeResult::target).containsExactlyInAnyOrder("/form", "/after-post", longTarget);
            assertThat(rehearsed.results()).allMatch(r -> r.error() == ErrorKind.NONE && r.status() == 200);
            assertThat(target.count()).isZero();
        }
    }

    @Test
    void aRehearsalOverAPoolOfConnectionsReachesOnlyTheLocalServerToo() throws Exception {
        JournalBuilder j = JournalBuilder.create();
        for (int c = 1; c <= 4; c++) {
            j.connection(c, c * 3, 5, 10);
        }
        Path journal = j.write(dir.resolve("j"));
        try (TestHttpServer target = TestHttpServer.start()) {
            ReplayEngine engine = engine(journal, target, Pace.speed(1), new ConnectionMode.Pool(2), 1000);
            CollectingListener rehearsed = new CollectingListener();

            long exchanges = rehearse(engine, journal, 10_000, rehearsed);

            assertThat(exchanges).isEqualTo(20);
            assertThat(rehearsed.results()).hasSize(20).allMatch(r -> r.error() == ErrorKind.NONE && r.status() == 200);
            assertThat(target.count()).isZero();

            assertThat(engine.run().failure()).isNull();
            assertThat(target.count()).isEqualTo(20);
        }
    }

    @Test
    void aRehearsalStopsAtItsEventBudget() throws Exception {
        JournalBuilder j = JournalBuilder.create();
        for (int c = 1; c <= 3; c++) {
            j.connection(c, c * 200, 10, 10);
        }
        Path journal = j.write(dir.resolve("j"));
        try (TestHttpServer target = TestHttpServer.start()) {
            ReplayEngine engine = engine(journal, target, Pace.speed(1), new ConnectionMode.Captured(), 1000);
            CollectingListener rehearsed = new CollectingListener();

            // The first connection's open, then its requests each followed by production's answer.
            long exchanges = rehearse(engine, journal, 7, rehearsed);

            assertThat(exchanges).isEqualTo(3);
            assertThat(rehearsed.results()).hasSize(3).allMatch(r -> r.error() == ErrorKind.NONE);
            assertThat(target.count()).isZero();
        }
    }

    /** Rehearses the first {@code events} events of the journal's whole window into {@code into}. */
    private static long rehearse(ReplayEngine engine, Path journal, int events, CollectingListener into) throws Exception {
        JournalWindow window = JournalWindow.open(List.of(journal), null, null, null, Set.of());
        return engine.rehearse(() -> window.open(0), events, 20_000 * MS, into);
    }

    private ReplayRun replay(Path journal, TestHttpServer target, Pace pace, ConnectionMode mode, int cap) throws Exception {
        ReplayRun run = engine(journal, target, pace, mode, cap).run();
        assertThat(run.failure()).isNull();
        return run;
    }

    private ReplayEngine engine(Path journal, TestHttpServer target, Pace pace, ConnectionMode mode, int cap) {
        ConnectionSettings settings = new ConnectionSettings(mode, RequestRewriter.to(Target.parse(target.url())).build(),
                1000 * MS, 5000 * MS, pace instanceof Pace.MaxRate);
        JournalWindow window = JournalWindow.open(List.of(journal), null, null, null, Set.of());
        return new ReplayEngine(() -> window.open(0), window.startNanos(), pace, settings, cap, results);
    }
}
