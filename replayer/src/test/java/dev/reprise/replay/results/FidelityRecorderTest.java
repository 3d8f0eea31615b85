package dev.reprise.replay.results;

import dev.reprise.replay.report.ErrorKind;
import dev.reprise.replay.plan.ConnectionKey;
import dev.reprise.replay.plan.PlanConnection;
import dev.reprise.replay.plan.PlanEvent;
import dev.reprise.replay.plan.PlanSource;
import dev.reprise.replay.report.ReplayReport.Fidelity;
import dev.reprise.replay.report.ReplayReport.Level;
import dev.reprise.replay.source.JournalWindow;
import dev.reprise.testing.JournalBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class FidelityRecorderTest {
    private static final long MS = 1_000_000L;
    private static final long HORIZON = 1_000 * MS;
    private final Map<Long, PlanConnection> connections = new HashMap<>();

    @TempDir
    Path dir;

    /**
     * Connection 1 is open from 0 to 100 ms with one request at 10 ms answered in 20 ms; connection
     * 2 from 50 to 100 ms with one request at 60 ms, answered in 20 ms. So one connection is open
     * for half the time and two for the other half, one request is in flight for 40 ms of the
     * 100, and the requests are 50 ms apart.
     */
    private Path handBuiltJournal() {
        JournalBuilder j = JournalBuilder.create().productionLatency(20);
        j.open(1, 0).request(1, 0, 10, "/a").close(1, 100);
        j.open(2, 50).request(2, 0, 60, "/b").close(2, 100);
        return j.write(dir.resolve("journal"));
    }

    private static void readAll(PlanSource plan) {
        try (plan) {
            while (plan.next() != null) {
                // the recorder sees each event on its way
            }
        }
    }

    /** The test's connection {@code id}: one object per id within a test, as a plan makes one per connection. */
    private PlanConnection connection(long id) {
        return connections.computeIfAbsent(id, i -> new PlanConnection(new ConnectionKey(0, i, 0)));
    }

    private static ExchangeResult sentAt(long intended, long sent, long completed) {
        return new ExchangeResult("acme", "GET /a", "/a", intended, sent, completed, 200, ErrorKind.NONE, 2, 0, -1);
    }

    @Test
    void theCapturedSideIsMeasuredFromThePlanAsItIsRead() {
        JournalWindow window = JournalWindow.open(List.of(handBuiltJournal()), null, null, null, Set.of());
        FidelityRecorder recorder = new FidelityRecorder(1.0, HORIZON);
        readAll(recorder.observe(window.open(0)));

        Fidelity f = recorder.measure(null);

        assertThat(f.openConnections().captured()).isEqualTo(new Level(1, 2, 2, f.openConnections().captured().mean()));
        assertThat(f.openConnections().captured().mean()).isCloseTo(1.5, within(0.01));
        Level inFlight = f.inFlight().captured();
        assertThat(inFlight.p50()).isZero();
        assertThat(inFlight.p99()).isEqualTo(1);
        assertThat(inFlight.max()).isEqualTo(1);
        // 20 ms to the response's first byte and 50 µs more to its last, twice, over 100 ms
        assertThat(inFlight.mean()).isCloseTo(0.401, within(0.002));
        assertThat(f.interArrival().captured().count()).isEqualTo(1);
        assertThat(f.interArrival().captured().p50Micros()).isBetween(49_950L, 50_050L);
    }

    @Test
    void theCapturedGapsAreScaledByTheSpeed() {
        JournalWindow window = JournalWindow.open(List.of(handBuiltJournal()), null, null, null, Set.of());
        FidelityRecorder recorder = new FidelityRecorder(2.0, HORIZON);
        readAll(recorder.observe(window.open(0)));

        assertThat(recorder.measure(null).interArrival().captured().p50Micros()).isBetween(24_975L, 25_025L);
    }

    @Test
    void sendsSpacedAsCapturedHaveNoDistanceAndOthersTheGapBetweenTheirDistributions() {
        JournalWindow window = JournalWindow.open(List.of(handBuiltJournal()), null, null, null, Set.of());
        FidelityRecorder same = new FidelityRecorder(1.0, HORIZON);
        readAll(same.observe(window.open(0)));
        same.onExchange(connection(1), 0, sentAt(0, 0, 20 * MS));
        same.onExchange(connection(2), 0, sentAt(50 * MS, 50 * MS, 70 * MS));
        assertThat(same.measure(null).interArrival().ksDistance()).isEqualTo(0.0);

        FidelityRecorder bunched = new FidelityRecorder(1.0, HORIZON);
        readAll(bunched.observe(window.open(0)));
        // the second request went out 10 ms after the first, and a third 50 ms after that:
        // gaps {10, 50} against the captured {50}, so half the sent gaps lie below every captured one
        bunched.onExchange(connection(1), 0, sentAt(0, 0, 5 * MS));
        bunched.onExchange(connection(2), 0, sentAt(50 * MS, 10 * MS, 15 * MS));
        bunched.onExchange(connection(2), 1, sentAt(60 * MS, 60 * MS, 65 * MS));
        assertThat(bunched.measure(null).interArrival().ksDistance()).isCloseTo(0.5, within(1e-9));
    }

    @Test
    void resultsArrivingOutOfSendOrderAcrossConnectionsAreReorderedBeforeTheirGapsAreTaken() {
        FidelityRecorder recorder = new FidelityRecorder(1.0, HORIZON);
        recorder.onExchange(connection(1), 0, sentAt(30 * MS, 30 * MS, 31 * MS));
        recorder.onExchange(connection(2), 0, sentAt(0, 0, 40 * MS));
        recorder.onExchange(connection(3), 0, sentAt(10 * MS, 10 * MS, 41 * MS));

        Fidelity f = recorder.measure(null);

        assertThat(f.interArrival().sent().count()).isEqualTo(2);
        assertThat(f.interArrival().sent().p50Micros()).isBetween(9_990L, 10_010L);
        assertThat(f.interArrival().sent().maxMicros()).isBetween(19_980L, 20_020L);
    }

    @Test
    void aRequestSentBeforeAnEarlierOneOfItsConnectionIsAnOrderViolation() {
        FidelityRecorder recorder = new FidelityRecorder(1.0, HORIZON);
        PlanConnection c = connection(1);
        recorder.onExchange(c, 0, sentAt(0, 0, 1 * MS));
        recorder.onExchange(c, 2, sentAt(20 * MS, 5 * MS, 6 * MS));
        recorder.onExchange(c, 1, sentAt(10 * MS, 10 * MS, 11 * MS));
        recorder.onExchange(connection(2), 0, sentAt(0, 0, 1 * MS));

        Fidelity f = recorder.measure(null);

        assertThat(f.order().violations()).isEqualTo(1);
        assertThat(f.order().requests()).isEqualTo(4);
        assertThat(f.order().connections()).isEqualTo(2);
    }

    @Test
    void aConnectionIdTheCaptureReusedAfterClosingItIsTwoConnectionsInTheOrderCheck() {
        JournalBuilder j = JournalBuilder.create();
        j.open(1, 0).request(1, 0, 5, "/first").request(1, 1, 10, "/first-again").close(1, 50);
        j.open(1, 100).request(1, 0, 105, "/second").close(1, 150);
        JournalWindow window = JournalWindow.open(List.of(j.write(dir.resolve("reused"))), null, null, null, Set.of());
        FidelityRecorder recorder = new FidelityRecorder(1.0, HORIZON);
        List<PlanEvent.Send> sends = new ArrayList<>();
        try (PlanSource plan = recorder.observe(window.open(0))) {
            for (PlanEvent e = plan.next(); e != null; e = plan.next()) {
                if (e instanceof PlanEvent.Send s) {
                    sends.add(s);
                }
            }
        }
        // sent in plan order, each 1 ms after its due time
        long t = 0;
        for (PlanEvent.Send s : sends) {
            recorder.onExchange(s.planConnection(), s.sequence(), sentAt(t, t + MS, t + 2 * MS));
            t += 10 * MS;
        }

        Fidelity f = recorder.measure(null);

        assertThat(f.order().connections()).isEqualTo(2);
        assertThat(f.order().requests()).isEqualTo(3);
        assertThat(f.order().violations()).as("the second connection's request 0 is not out of order after the first's request 1").isZero();
    }

    @Test
    void waitingForThePreviousResponseOnTheConnectionIsTheTargetsLagNotTheReplayers() {
        FidelityRecorder recorder = new FidelityRecorder(1.0, HORIZON);
        PlanConnection c = connection(1);
        recorder.onExchange(c, 0, sentAt(0, 0, 300 * MS));
        // due at 100 ms, but the target answered the first request only at 300 ms: sent at once then
        recorder.onExchange(c, 1, sentAt(100 * MS, 300 * MS + 200_000, 600 * MS));
        // due at 700 ms, after the previous response: 3 ms late is the replayer's own
        recorder.onExchange(c, 2, sentAt(700 * MS, 703 * MS, 710 * MS));

        Fidelity f = recorder.measure(null);

        assertThat(f.sendLag().heldByTarget()).isEqualTo(1);
        assertThat(f.sendLag().replayer().maxMicros()).isBetween(2_990L, 3_010L);
        assertThat(f.sendLag().replayer().count()).isEqualTo(3);
    }

    @Test
    void aPipelinedRequestSentBeforeThePreviousResponseEndedWasNotHeldByTheTarget() {
        FidelityRecorder recorder = new FidelityRecorder(1.0, HORIZON);
        PlanConnection c = connection(1);
        recorder.onExchange(c, 0, sentAt(0, 0, 300 * MS));
        // due at 1 ms and sent at 4 ms, while the first response was still coming: 3 ms late, all the replayer's
        recorder.onExchange(c, 1, sentAt(1 * MS, 4 * MS, 301 * MS));

        Fidelity f = recorder.measure(null);

        assertThat(f.sendLag().heldByTarget()).isZero();
        assertThat(f.sendLag().replayer().maxMicros()).isBetween(2_990L, 3_010L);
    }

    @Test
    void requestsNeverSentAreNotCounted() {
        FidelityRecorder recorder = new FidelityRecorder(1.0, HORIZON);
        recorder.onExchange(connection(1), 0, new ExchangeResult("acme", "GET /a", "/a", 0, 5 * MS, 5 * MS, 0,
                ErrorKind.CONNECTION_REFUSED, 0, 0, -1));

        Fidelity f = recorder.measure(null);

        assertThat(f.order().requests()).isZero();
        assertThat(f.interArrival().sent().count()).isZero();
        assertThat(f.interArrival().ksDistance()).isNull();
    }

    @Test
    void underMaxRateThereIsNoScheduleToCompareGapsWith() {
        JournalWindow window = JournalWindow.open(List.of(handBuiltJournal()), null, null, null, Set.of());
        FidelityRecorder recorder = new FidelityRecorder(null, HORIZON);
        readAll(recorder.observe(window.open(0)));
        recorder.onExchange(connection(1), 0, sentAt(0, 0, 1 * MS));
        recorder.onExchange(connection(2), 0, sentAt(2 * MS, 2 * MS, 3 * MS));

        Fidelity f = recorder.measure(null);

        assertThat(f.interArrival().ksDistance()).isNull();
        assertThat(f.interArrival().note()).contains("--max-rate");
    }

    @Test
    void aPlanEventStreamWithAConnectionThatNeverClosesStillEnds() {
        FidelityRecorder recorder = new FidelityRecorder(1.0, HORIZON);
        PlanConnection k = connection(1);
        PlanEvent[] events = {new PlanEvent.Open(k, 0), new PlanEvent.Open(connection(2), 10 * MS)};
        readAll(recorder.observe(new PlanSource() {
            int i;

            @Override
            public PlanEvent next() {
                return i < events.length ? events[i++] : null;
            }

            @Override
            public void close() {
            }
        }));

        Level open = recorder.measure(null).openConnections().captured();

        assertThat(open.max()).isEqualTo(2);
        assertThat(open.p50()).isEqualTo(1);
    }
}
