package dev.reprise.replay.amplify;

import dev.reprise.cli.CommandRunner;
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
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reprise.replay.cli.ReplayerMain;
import dev.reprise.testing.TestHttpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongFunction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** {@code reprise replay} with amplification against a real server on loopback, counted at the target. */
@Timeout(120)
class AmplifiedReplayTest {
    private static final long START = 1_700_000_000_000_000_000L;
    private static final long SECOND = 1_000_000_000L;

    @TempDir
    Path dir;

    /** Connections {@code gap} apart, one or two requests each, tenants read from X-Tenant-Id. */
    private Path journal(int connections, long gapNanos, int requests, LongFunction<String> tenantOf) {
        Path journal = dir.resolve("journal");
        CaptureSettings settings = new CaptureSettings(1 << 16, false, List.of(), List.of(), 1.0, List.of(),
                List.of("header:X-Tenant-Id"));
        try (JournalWriter w = JournalWriter.create(journal).startNanos(START).settings(settings).cycleByEventTime().open()) {
            for (long c = 0; c < connections; c++) {
                long t = START + c * gapNanos;
                String tenant = tenantOf.apply(c);
                w.append(new ConnectionOpened(c, t, "10.0.0.1:" + (20000 + c % 40000), "127.0.0.1:8080"));
                for (int s = 0; s < requests; s++) {
                    long sent = t + 100_000 + s * 5_000_000L;
                    w.append(new RequestEvent(c, s, sent, sent + 1_000, "GET", "/items/" + s, "HTTP/1.1",
                            List.of(new Header("Host", "api.example.com"), new Header("X-Tenant-Id", tenant)), Body.EMPTY, tenant));
                    w.append(new ResponseEvent(c, s, 200, List.of(), Body.EMPTY, sent + 1_000_000, sent + 1_100_000, Outcome.COMPLETE));
                }
                w.append(new ConnectionClosed(c, t + 2_000_000L + requests * 5_000_000L, CloseSide.CLIENT));
            }
        }
        return journal;
    }

    /** Runs {@code reprise replay} as a tester would, and returns the JSON report it wrote. */
    private JsonNode replay(Path journal, TestHttpServer server, double speed, String... amplify) throws Exception {
        Path report = dir.resolve("report-" + System.nanoTime() + ".json");
        List<String> args = new ArrayList<>(List.of("replay", journal.toString(), "--target", server.url(),
                "--speed", String.valueOf(speed), "--report", report.toString()));
        args.addAll(List.of(amplify));
        int exit = CommandRunner.run(new ReplayerMain(), args.toArray(String[]::new));
        assertThat(exit).as("exit code").isZero();
        return new ObjectMapper().readTree(report.toFile());
    }

    @Test
    void everyCopyArrivesAtTheTargetOnItsOwnConnectionAsItsOwnTenant() throws Exception {
        Path journal = journal(100, 20_000_000L, 2, c -> c % 2 == 0 ? "acme" : "beta");
        try (TestHttpServer server = TestHttpServer.start()) {
            JsonNode report = replay(journal, server, 4, "--copies", "3", "--copy-tenants", "--seed", "11");

            assertThat(report.toString()).contains("\"--copies\":3.0").contains("\"--seed\":11");
            List<TestHttpServer.Request> arrivals = server.requests();
            assertThat(arrivals).hasSize(600);
            Map<String, Long> byTenant = new TreeMap<>();
            arrivals.forEach(a -> byTenant.merge(a.header("X-Tenant-Id"), 1L, Long::sum));
            assertThat(byTenant).containsOnly(Map.entry("acme", 100L), Map.entry("acme~2", 100L), Map.entry("acme~3", 100L),
                    Map.entry("beta", 100L), Map.entry("beta~2", 100L), Map.entry("beta~3", 100L));
            assertThat(arrivals.stream().map(TestHttpServer.Request::clientPort).distinct().count()).isEqualTo(300);
        }
    }

    @Test
    void tenantWeightsAndSkewShowInTheSharesTheTargetReceives() throws Exception {
        // captured: big 60%, mid 30%, small 10%
        Path journal = journal(1_000, 4_000_000L, 1, c -> c % 10 < 6 ? "big" : c % 10 < 9 ? "mid" : "small");
        try (TestHttpServer server = TestHttpServer.start()) {
            JsonNode report = replay(journal, server, 4, "--tenant-weight", "small=4", "--skew", "2", "--seed", "5");
            Map<String, Double> expected = new TreeMap<>();
            Map<String, Double> reportedSent = new TreeMap<>();
            for (JsonNode share : report.findValue("tenantShares")) {
                expected.put(share.get("tenant").asText(), share.get("intendedShare").asDouble());
                reportedSent.put(share.get("tenant").asText(), share.get("sentShare").asDouble());
            }

            Map<String, Long> byTenant = new TreeMap<>();
            server.requests().forEach(a -> byTenant.merge(a.header("X-Tenant-Id"), 1L, Long::sum));
            Map<String, Double> shares = Amplified.shares(byTenant);
            // shares to the power 2 (36 : 9 : 1), small then weighted 4: 36 : 9 : 4
            assertThat(expected.get("big")).isCloseTo(36 / 49.0, within(1e-9));
            shares.forEach((t, s) -> assertThat(s).as(t).isCloseTo(expected.get(t), within(0.05)));
            shares.forEach((t, s) -> assertThat(reportedSent.get(t)).as("reported sent share of %s", t).isCloseTo(s, within(0.01)));
            long total = byTenant.values().stream().mapToLong(Long::longValue).sum();
            assertThat(total).isCloseTo(1_000L, within(80L));
        }
    }

    @Test
    void aSpikeIsVisibleInThePerSecondArrivalsAtTheTarget() throws Exception {
        // 16 s of capture, 25 short connections a second; at speed 2 the replay takes 8 s
        Path journal = journal(400, 40_000_000L, 1, c -> "acme");
        try (TestHttpServer server = TestHttpServer.start()) {
            replay(journal, server, 2, "--spike", "at=+6s,for=4s,x=4", "--seed", "2");

            List<TestHttpServer.Request> arrivals = server.requests();
            // counted back from the last arrival: a cold start may make the first ones late, never the last
            long last = arrivals.stream().mapToLong(TestHttpServer.Request::nanoTime).max().getAsLong();
            long[] perHalfSecondBeforeEnd = new long[40];
            for (TestHttpServer.Request a : arrivals) {
                perHalfSecondBeforeEnd[(int) Math.min(39, (last - a.nanoTime()) / (SECOND / 2))]++;
            }
            // the last connection opens at capture 16 s; the spike is capture 6-10 s, so 3-5 s before the end at speed 2
            double inside = (perHalfSecondBeforeEnd[7] + perHalfSecondBeforeEnd[8]) / 2.0;
            double after = (perHalfSecondBeforeEnd[1] + perHalfSecondBeforeEnd[2] + perHalfSecondBeforeEnd[3]
                    + perHalfSecondBeforeEnd[4]) / 4.0;
            assertThat(after).isCloseTo(25, within(8.0));
            assertThat(inside / after).isBetween(2.5, 5.5);
            assertThat(arrivals).hasSizeBetween(400 + 250, 400 + 350);
        }
    }
}
