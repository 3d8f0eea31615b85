package dev.reprise.tools.generate;

import dev.reprise.format.ConnectionClosed;
import dev.reprise.format.ConnectionOpened;
import dev.reprise.format.EndpointTemplate;
import dev.reprise.format.JournalEvent;
import dev.reprise.format.JournalReader;
import dev.reprise.format.RequestEvent;
import dev.reprise.format.ResponseEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

@Timeout(120)
class JournalGeneratorTest {
    private static final Instant START = Instant.parse("2026-03-02T00:00:00Z");

    @TempDir
    java.nio.file.Path dir;

    /** The events one at a time, never all held: long spans stay cheap. */
    private static Iterable<JournalEvent> stream(GeneratorSettings s) {
        return () -> new java.util.Iterator<>() {
            private final JournalGenerator g = new JournalGenerator(s);
            private JournalEvent next = g.next();

            @Override
            public boolean hasNext() {
                return next != null;
            }

            @Override
            public JournalEvent next() {
                JournalEvent e = next;
                next = g.next();
                return e;
            }
        };
    }

    private static List<JournalEvent> events(GeneratorSettings s) {
        List<JournalEvent> out = new ArrayList<>();
        try (JournalGenerator g = new JournalGenerator(s)) {
            for (JournalEvent e; (e = g.next()) != null; ) {
                out.add(e);
            }
        }
        return out;
    }

    @Test
    void sameSeedGivesTheSameEventsAndAnotherSeedDoesNot() {
        GeneratorSettings s = GeneratorSettings.of(7, START, Duration.ofMinutes(2), 50);
        List<JournalEvent> a = events(s);
        assertThat(a).hasSizeGreaterThan(1000);
        assertThat(events(s)).containsExactlyElementsOf(a);
        assertThat(events(GeneratorSettings.of(8, START, Duration.ofMinutes(2), 50))).isNotEqualTo(a);
    }

    @Test
    void eventsComeInTimeOrderInsideTheSpanAndEveryResponseFollowsItsRequest() {
        GeneratorSettings s = GeneratorSettings.of(3, START, Duration.ofMinutes(5), 80);
        long previous = Long.MIN_VALUE;
        Map<Long, RequestEvent> awaiting = new HashMap<>();
        Map<Long, Long> nextSequence = new HashMap<>();
        Set<Long> openConnections = new java.util.HashSet<>();
        for (JournalEvent e : stream(s)) {
            assertThat(e.timeNanos()).isGreaterThanOrEqualTo(previous).isGreaterThanOrEqualTo(s.startNanos())
                    .isLessThan(s.endNanos());
            previous = e.timeNanos();
            if (e instanceof ConnectionOpened o) {
                assertThat(openConnections.add(o.connectionId())).isTrue();
            } else if (e instanceof RequestEvent r) {
                assertThat(openConnections).contains(r.connectionId());
                assertThat(awaiting).doesNotContainKey(r.connectionId());
                assertThat(r.sequence()).isEqualTo(nextSequence.getOrDefault(r.connectionId(), 0L));
                assertThat(r.header("Host")).isEqualTo("shop.example.com");
                assertThat(r.lastByteNanos()).isGreaterThan(r.firstByteNanos());
                if (!r.target().equals("/health")) {
                    assertThat(r.header("X-Tenant-Id")).isEqualTo(r.tenant());
                }
                if (r.method().equals("POST") || r.method().equals("PUT")) {
                    assertThat(new String(r.body().bytes(), java.nio.charset.StandardCharsets.US_ASCII)).startsWith("{");
                    assertThat(r.body().truncated()).isFalse();
                } else {
                    assertThat(r.body().length()).isZero();
                }
                awaiting.put(r.connectionId(), r);
            } else if (e instanceof ResponseEvent r) {
                RequestEvent q = awaiting.remove(r.connectionId());
                assertThat(q).isNotNull();
                assertThat(r.sequence()).isEqualTo(q.sequence());
                assertThat(r.firstByteNanos()).isGreaterThan(q.lastByteNanos());
                assertThat(r.lastByteNanos()).isGreaterThan(r.firstByteNanos());
                assertThat(r.body().bytes().length).isLessThanOrEqualTo(s.maxBodyBytes());
                nextSequence.put(r.connectionId(), r.sequence() + 1);
            } else if (e instanceof ConnectionClosed c) {
                assertThat(openConnections.remove(c.connectionId())).isTrue();
                assertThat(awaiting).doesNotContainKey(c.connectionId());
            }
        }
    }

    @Test
    void usesExactlyTheSampleServiceEndpointsWithMostlySuccessfulStatuses() {
        Map<String, Integer> endpoints = new HashMap<>();
        int ok = 0;
        int responses = 0;
        for (JournalEvent e : stream(GeneratorSettings.of(5, START, Duration.ofMinutes(10), 60))) {
            if (e instanceof RequestEvent r) {
                endpoints.merge(EndpointTemplate.of(r.method(), r.target()), 1, Integer::sum);
            } else if (e instanceof ResponseEvent r) {
                responses++;
                if (r.status() < 300) {
                    ok++;
                }
            }
        }
        assertThat(endpoints.keySet()).containsExactlyInAnyOrder("GET /api/products", "GET /api/products/{id}",
                "GET /api/orders/{id}", "POST /api/orders", "PUT /api/carts/{id}", "GET /api/search", "GET /health");
        assertThat(endpoints.get("GET /api/products/{id}")).isGreaterThan(endpoints.get("GET /health"));
        assertThat((double) ok / responses).isBetween(0.9, 0.995);
    }

    @Test
    void meanRateAndKeepAliveShapeAreAsAdvertised() {
        GeneratorSettings s = GeneratorSettings.of(11, START.plusSeconds(13 * 3600), Duration.ofHours(1), 100);
        long requests = 0;
        long closed = 0;
        Map<Long, Long> perConnection = new HashMap<>();
        long requestsOnClosed = 0;
        for (JournalEvent e : stream(s)) {
            if (e instanceof RequestEvent r) {
                requests++;
                perConnection.merge(r.connectionId(), 1L, Long::sum);
            } else if (e instanceof ConnectionClosed c) {
                closed++;
                requestsOnClosed += perConnection.remove(c.connectionId());
            }
        }
        assertThat(requests / 3600.0).isCloseTo(100, within(4.0));
        assertThat((double) requestsOnClosed / closed).isCloseTo(8, within(1.0));
    }

    @Test
    void trafficIsAlreadyAtItsRateInTheFirstSecondsAsOnALiveService() {
        GeneratorSettings s = GeneratorSettings.of(31, START, Duration.ofMinutes(10), 50).withDailySwing(0);
        long firstHalfMinute = 0;
        long openedAtARequest = 0;
        long lastOpened = -1;
        for (JournalEvent e : stream(s)) {
            if (e instanceof ConnectionOpened o) {
                lastOpened = o.timeNanos();
            } else if (e instanceof RequestEvent r) {
                if (r.timeNanos() < s.startNanos() + 30_000_000_000L) {
                    firstHalfMinute++;
                }
                if (r.timeNanos() == lastOpened) {
                    openedAtARequest++;
                }
            }
        }
        assertThat(firstHalfMinute).isBetween(1_100L, 1_900L); // 50/s for 30 s
        assertThat(openedAtARequest).isGreaterThan(10); // connections open before the start appear at a request
    }

    @Test
    void tenantsAreZipfSkewedInRankOrder() {
        GeneratorSettings s = GeneratorSettings.of(13, START, Duration.ofMinutes(30), 200).withTenants(50, 1.2);
        Map<String, Integer> byTenant = new HashMap<>();
        for (JournalEvent e : stream(s)) {
            if (e instanceof RequestEvent r && !r.tenant().equals(RequestEvent.UNKNOWN_TENANT)) {
                byTenant.merge(r.tenant(), 1, Integer::sum);
            }
        }
        assertThat(byTenant).hasSizeLessThanOrEqualTo(50).hasSizeGreaterThan(40);
        int first = byTenant.get("tenant-001");
        int second = byTenant.get("tenant-002");
        int third = byTenant.get("tenant-003");
        int tenth = byTenant.get("tenant-010");
        assertThat(first).isGreaterThan(second);
        assertThat(second).isGreaterThan(third);
        assertThat(third).isGreaterThan(tenth);
        // 1/k^1.2: rank 10 has about 6% of rank 1's traffic; per-connection clumping adds noise
        assertThat((double) tenth / first).isBetween(0.02, 0.15);
    }

    @Test
    void dailyCurveMakesAfternoonsBusierThanNights() {
        GeneratorSettings s = GeneratorSettings.of(17, START, Duration.ofDays(1), 10).withConnections(4, 500_000_000L);
        int night = 0;
        int afternoon = 0;
        for (JournalEvent e : stream(s)) {
            if (e instanceof RequestEvent r) {
                long hour = (r.timeNanos() - s.startNanos()) / 3_600_000_000_000L;
                if (hour >= 2 && hour < 5) {
                    night++;
                } else if (hour >= 13 && hour < 16) {
                    afternoon++;
                }
            }
        }
        assertThat(afternoon).isGreaterThan(4 * night);
        assertThat(night).isPositive();
    }

    @Test
    void aFlatSwingKeepsTheRateEvenAcrossTheDay() {
        GeneratorSettings s = GeneratorSettings.of(19, START, Duration.ofDays(1), 5).withDailySwing(0);
        int night = 0;
        int afternoon = 0;
        for (JournalEvent e : stream(s)) {
            if (e instanceof RequestEvent r) {
                long hour = (r.timeNanos() - s.startNanos()) / 3_600_000_000_000L;
                if (hour >= 2 && hour < 5) {
                    night++;
                } else if (hour >= 13 && hour < 16) {
                    afternoon++;
                }
            }
        }
        assertThat((double) afternoon / night).isBetween(0.85, 1.15);
    }

    @Test
    void stopsAtTheRequestLimit() {
        GeneratorSettings s = GeneratorSettings.of(23, START, Duration.ofDays(7), 100).withMaxRequests(5_000);
        long requests = 0;
        for (JournalEvent e : stream(s)) {
            if (e instanceof RequestEvent) {
                requests++;
            }
        }
        assertThat(requests).isEqualTo(5_000);
    }

    @Test
    void writesAJournalThatNamesItsTenantRuleAndReadsBack() {
        GeneratorSettings s = GeneratorSettings.of(29, START, Duration.ofMinutes(90), 20);
        JournalGenerator.Summary summary = JournalGenerator.write(s, dir);
        long read = 0;
        Set<Long> hours = new TreeSet<>();
        try (JournalReader r = JournalReader.open(dir)) {
            assertThat(r.header().settings().tenantRules()).containsExactly("header:X-Tenant-Id");
            assertThat(r.header().timeNanos()).isEqualTo(s.startNanos());
            for (JournalEvent e; (e = r.next()) != null; ) {
                read++;
                hours.add(e.timeNanos() / 3_600_000_000_000L);
            }
        }
        assertThat(read).isEqualTo(summary.events());
        assertThat(summary.requests()).isGreaterThan(90 * 60 * 15);
        assertThat(hours).hasSize(2);
        assertThat(dev.reprise.format.internal.JournalFiles.rollFiles(dir)).hasSize(2);
    }
}
