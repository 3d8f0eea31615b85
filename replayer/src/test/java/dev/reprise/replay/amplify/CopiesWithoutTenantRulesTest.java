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
import dev.reprise.format.StoredRequest;
import dev.reprise.replay.plan.PlanEvent;
import dev.reprise.replay.source.JournalWindow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** A journal captured without tenant rules has nowhere in its requests to carry a copy's tenant. */
class CopiesWithoutTenantRulesTest {
    private static final long START = 1_700_000_000_000_000_000L;

    @TempDir
    Path dir;

    @Test
    void copiesAreSentFromTheOriginalsStoredBytesWithoutDecodingThemAndReportTheirOwnTenant() {
        Path journal = dir.resolve("journal");
        CaptureSettings settings = new CaptureSettings(1 << 16, false, List.of(), List.of(), 1.0, List.of(), List.of());
        try (JournalWriter w = JournalWriter.create(journal).startNanos(START).settings(settings).cycleByEventTime().open()) {
            for (long c = 0; c < 20; c++) {
                long t = START + c * 10_000_000L;
                w.append(new ConnectionOpened(c, t, "10.0.0.1:" + (40000 + c), "127.0.0.1:8080"));
                w.append(new RequestEvent(c, 0, t + 100_000, t + 101_000, "GET", "/orders/" + c, "HTTP/1.1",
                        List.of(new Header("Host", "api.example.com")), Body.EMPTY, "acme"));
                w.append(new ResponseEvent(c, 0, 200, List.of(), Body.EMPTY, t + 500_000, t + 600_000, Outcome.COMPLETE));
                w.append(new ConnectionClosed(c, t + 5_000_000L, CloseSide.CLIENT));
            }
        }
        List<PlanEvent> plan = Amplified.plan(JournalWindow.open(List.of(journal), null, null, null, Set.of()),
                "--copies", "3", "--copy-tenants", "--seed", "1");

        Map<Long, StoredRequest> originals = new HashMap<>();
        Map<String, Integer> tenants = new HashMap<>();
        for (PlanEvent e : plan) {
            if (e instanceof PlanEvent.Send s) {
                tenants.merge(s.tenant(), 1, Integer::sum);
                if (s.connection().copy() == 0) {
                    originals.put(s.connection().connectionId(), s.stored());
                }
            }
        }
        assertThat(tenants).containsOnly(Map.entry("acme", 20), Map.entry("acme~2", 20), Map.entry("acme~3", 20));
        for (PlanEvent e : plan) {
            if (e instanceof PlanEvent.Send s) {
                assertThat(s.stored()).isSameAs(originals.get(s.connection().connectionId()));
                assertThat(s.stored().toString()).startsWith("StoredRequest[");
            }
        }
    }
}
