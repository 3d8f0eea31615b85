package dev.reprise.tools.profile;

import dev.reprise.format.Body;
import dev.reprise.format.CaptureSettings;
import dev.reprise.format.JournalHeader;
import dev.reprise.format.RequestEvent;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class JournalProfilerTest {
    private static final long T0 = 1_780_000_000L * 1_000_000_000L;

    private static JournalProfiler profiler() {
        return new JournalProfiler(List.of(Path.of("j")),
                List.of(JournalHeader.current("w", T0, CaptureSettings.synthetic(1024))));
    }

    private static RequestEvent request(long conn, long at, String target, String tenant) {
        return new RequestEvent(conn, 0, at, at, "GET", target, "HTTP/1.1", List.of(), Body.EMPTY, tenant);
    }

    @Test
    void tenantsBeyondTheCapArePooledAndSaidToBe() {
        JournalProfiler p = profiler();
        int n = JournalProfiler.MAX_TENANTS + 500;
        for (int i = 0; i < n; i++) {
            p.accept(0, request(i % 1000, T0 + i * 1_000L, "/health", "t" + i));
        }
        JournalProfile profile = p.finish();
        assertThat(profile.tenants().count()).isEqualTo(JournalProfiler.MAX_TENANTS);
        assertThat(profile.tenants().capped()).isTrue();
        assertThat(profile.events().requests()).isEqualTo(n);
        assertThat(profile.notes()).anySatisfy(note -> assertThat(note).contains("500"));
    }

    @Test
    void endpointsBeyondTheCapArePooledAsOther() {
        JournalProfiler p = profiler();
        int n = JournalProfiler.MAX_ENDPOINTS + 20;
        for (int i = 0; i < n; i++) {
            p.accept(0, request(1, T0 + i, "/reports/" + letters(i), "a"));
        }
        JournalProfile profile = p.finish();
        assertThat(profile.endpoints()).hasSize(JournalProfiler.MAX_ENDPOINTS + 1);
        JournalProfile.Endpoint last = profile.endpoints().get(profile.endpoints().size() - 1);
        assertThat(last.endpoint()).isEqualTo("(other endpoints)");
        assertThat(last.requests()).isEqualTo(20);
    }

    /** A name of letters only, so the endpoint template keeps it. */
    private static String letters(int i) {
        StringBuilder b = new StringBuilder("r");
        do {
            b.append((char) ('a' + i % 26));
            i /= 26;
        } while (i > 0);
        return b.toString();
    }

    @Test
    void requestsSeenWithoutTheirConnectionOpeningStillCountAsOpenConnections() {
        JournalProfiler p = profiler();
        p.accept(0, request(5, T0, "/a", "x"));
        p.accept(0, request(6, T0 + 1_000_000_000L, "/a", "x"));
        JournalProfile profile = p.finish();
        assertThat(profile.concurrency().openConnections().max()).isEqualTo(2);
        assertThat(profile.concurrency().inFlightRequests().max()).isEqualTo(2);
    }
}
