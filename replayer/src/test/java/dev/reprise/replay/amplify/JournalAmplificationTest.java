package dev.reprise.replay.amplify;

import dev.reprise.format.Body;
import dev.reprise.format.CaptureSettings;
import dev.reprise.format.CloseSide;
import dev.reprise.format.ConnectionClosed;
import dev.reprise.format.ConnectionOpened;
import dev.reprise.format.Header;
import dev.reprise.format.JournalWriter;
import dev.reprise.format.Outcome;
import dev.reprise.format.RequestEvent;
import dev.reprise.format.ResponseEvent;
import dev.reprise.replay.plan.ConnectionKey;
import dev.reprise.replay.plan.PlanEvent;
import dev.reprise.replay.source.JournalWindow;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Amplification of plans read from real journals on disk. */
@Timeout(120)
class JournalAmplificationTest {
    private static final long START = 1_700_000_000_000_000_000L;
    private static final int CONNECTIONS = 400;

    @TempDir
    static Path dir;
    private static Path journal;

    /** 400 connections 10 ms apart, two requests each, tenants read from X-Tenant-Id: acme 3/4, beta 1/4. */
    @BeforeAll
    static void writeJournal() {
        journal = dir.resolve("journal");
        CaptureSettings settings = new CaptureSettings(1 << 16, false, List.of(), List.of(), 1.0, List.of(),
                List.of("header:X-Tenant-Id"));
        try (JournalWriter w = JournalWriter.create(journal).startNanos(START).settings(settings).cycleByEventTime().open()) {
            for (long c = 0; c < CONNECTIONS; c++) {
                long t = START + c * 10_000_000L;
                String tenant = c % 4 == 3 ? "beta" : "acme";
                w.append(new ConnectionOpened(c, t, "10.0.0.1:" + (40000 + c), "127.0.0.1:8080"));
                for (int s = 0; s < 2; s++) {
                    long sent = t + 100_000 + s * 2_000_000L;
                    w.append(new RequestEvent(c, s, sent, sent + 1_000, "GET", "/orders/" + s, "HTTP/1.1",
                            List.of(new Header("Host", "api.example.com"), new Header("X-Tenant-Id", tenant)), Body.EMPTY, tenant));
                    w.append(new ResponseEvent(c, s, 200, List.of(), Body.EMPTY, sent + 500_000, sent + 600_000, Outcome.COMPLETE));
                }
                w.append(new ConnectionClosed(c, t + 5_000_000L, CloseSide.CLIENT));
            }
        }
    }

    private static JournalWindow window() {
        return JournalWindow.open(List.of(journal), null, null, null, Set.of());
    }

    @Test
    void copiesOfAJournalAreExactAndCarryTheirSyntheticTenantInTheCapturedHeader() {
        List<PlanEvent> plan = Amplified.plan(window(), "--copies", "3", "--copy-tenants", "--seed", "1");

        Map<ConnectionKey, Integer> sends = PlanContract.check(plan, 2);
        assertThat(sends).hasSize(3 * CONNECTIONS);
        for (PlanEvent e : plan) {
            if (e instanceof PlanEvent.Send s) {
                String base = s.connection().connectionId() % 4 == 3 ? "beta" : "acme";
                String expected = s.connection().copy() == 0 ? base : base + "~" + (s.connection().copy() + 1);
                assertThat(s.tenant()).isEqualTo(expected);
                assertThat(s.request().header("X-Tenant-Id")).isEqualTo(expected);
                assertThat(s.request().tenant()).isEqualTo(expected);
            }
        }
    }

    @Test
    void loopsOfAJournalAreShiftedByTheWindowLength() {
        JournalWindow w = window();
        long length = w.endNanos() - w.startNanos();
        List<PlanEvent> plan = Amplified.plan(w, "--loop", "2", "--copies", "2", "--seed", "1");

        Map<ConnectionKey, Integer> sends = PlanContract.check(plan, 2);
        assertThat(sends).hasSize(4 * CONNECTIONS);
        long lastOpen = plan.stream().filter(e -> e instanceof PlanEvent.Open && e.connection().connectionId() == 0)
                .mapToLong(PlanEvent::captureNanos).max().getAsLong();
        assertThat(lastOpen - START).isBetween(length, length + 100_000_000L);
    }

    @Test
    void theTenantPlanShowsTheCapturedAndTheIntendedMix() {
        AmplifySettings options = Amplified.options("--tenant-weight", "beta=3", "--copies", "2", "--copy-tenants", "--seed", "1");
        TenantTally tally = new TenantTally(window());
        List<PlanEvent> plan = GeneratedWindow.drain(AmplifyPipeline.compose(options, tally));

        TenantPlan tenants = tally.tenantPlan(options);
        assertThat(tenants.captured()).containsOnlyKeys("acme", "beta");
        assertThat(tenants.captured().get("acme")).isCloseTo(0.75, within(1e-9));
        // acme 0.75 : beta 0.25 * 3, split evenly between originals and copies
        assertThat(tenants.intended().get("acme")).isCloseTo(0.25, within(1e-9));
        assertThat(tenants.intended().get("acme~2")).isCloseTo(0.25, within(1e-9));
        assertThat(tenants.intended().get("beta")).isCloseTo(0.25, within(1e-9));
        assertThat(tenants.intended().get("beta~2")).isCloseTo(0.25, within(1e-9));
        Map<String, Double> sent = Amplified.shares(Amplified.sendsByTenant(plan));
        assertThat(sent.keySet()).isEqualTo(tenants.intended().keySet());
        sent.forEach((t, share) -> assertThat(share).as(t).isCloseTo(tenants.intended().get(t), within(0.06)));
        long total = Amplified.sends(plan);
        assertThat(total).isCloseTo(2L * 2 * CONNECTIONS, within(2L * 2 * CONNECTIONS / 10));
        assertThat(plan.stream().filter(e -> e instanceof PlanEvent.Open).map(PlanEvent::connection)
                .collect(Collectors.toSet())).hasSizeGreaterThan(2 * CONNECTIONS);
    }
}
