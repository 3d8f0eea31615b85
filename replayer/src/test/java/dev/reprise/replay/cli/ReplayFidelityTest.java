package dev.reprise.replay.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reprise.testing.JournalBuilder;
import dev.reprise.testing.TestHttpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The report's fidelity section, keeping-up verdict and console summary, through the real command line. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ReplayFidelityTest {
    @TempDir
    Path dir;

    private static JsonNode read(Path report) throws Exception {
        return new ObjectMapper().readTree(report.toFile());
    }

    @Test
    void theReportSetsWhatWasSentBesideTheCapture() throws Exception {
        JournalBuilder j = JournalBuilder.create();
        j.connection(1, 0, 5, 20);
        j.connection(2, 10, 5, 20);
        Path journal = j.write(dir.resolve("journal"));
        Path report = dir.resolve("report.json");
        try (TestHttpServer target = TestHttpServer.start().warmedUp()) {
            ReplayCli r = ReplayCli.run(journal.toString(), "--target", target.url(), "--report", report.toString(),
                    "--fail-if", "order-violations>0");

            assertThat(r.exitCode()).as(r.both()).isZero();
            JsonNode f = read(report).get("fidelity");
            assertThat(f.at("/order/violations").asLong()).isZero();
            assertThat(f.at("/order/requests").asLong()).isEqualTo(10);
            assertThat(f.at("/order/connections").asLong()).isEqualTo(2);
            assertThat(f.at("/openConnections/captured/max").asLong()).isEqualTo(2);
            assertThat(f.at("/openConnections/sent/max").asLong()).isEqualTo(2);
            assertThat(f.at("/interArrival/captured/count").asLong()).isEqualTo(9);
            assertThat(f.at("/interArrival/sent/count").asLong()).isEqualTo(9);
            assertThat(f.at("/interArrival/ksDistance").isNumber()).isTrue();
            assertThat(r.out()).contains("Fidelity: what was sent beside the capture")
                    .contains("order within connections: kept (10 requests on 2 connections checked)");
        }
    }

    @Test
    void fidelityThresholdsGateTheExitCode() throws Exception {
        JournalBuilder j = JournalBuilder.create();
        j.connection(1, 0, 3, 10);
        j.connection(2, 5, 3, 10);
        Path journal = j.write(dir.resolve("journal"));
        try (TestHttpServer target = TestHttpServer.start()) {
            // as many connections were open at once as in the capture: a ratio of 1, below 2
            ReplayCli r = ReplayCli.run(journal.toString(), "--target", target.url(), "--fail-if", "connections-max-ratio<2");

            assertThat(r.exitCode()).as(r.both()).isEqualTo(3);
            assertThat(r.out()).containsPattern("connections-max-ratio<2 +CROSSED +1\\.000");
        }
    }

    @Test
    void aSlowTargetHoldingConnectionsIsNotTheReplayerFallingBehind() throws Exception {
        // one connection, a request every 20 ms that production answered in 2 ms; staging takes 100 ms,
        // so from the second on each request waits for the previous response. The lag threshold is
        // 50 ms, not the default 10: the target holds each request 80-600 ms, and with 8 requests one
        // scheduling hiccup of the test's JVM on a busy machine (12 ms seen) is the replayer's p99.
        JournalBuilder j = JournalBuilder.create();
        j.connection(1, 0, 8, 20);
        Path journal = j.write(dir.resolve("journal"));
        Path report = dir.resolve("report.json");
        try (TestHttpServer target = TestHttpServer.start().warmedUp().delay(100)) {
            ReplayCli r = ReplayCli.run(journal.toString(), "--target", target.url(), "--report", report.toString(),
                    "--lag-threshold", "50ms");

            assertThat(r.exitCode()).as(r.both()).isZero();
            JsonNode k = read(report).get("keepingUp");
            assertThat(k.get("sendLagP99Micros").asLong()).isGreaterThan(300_000);
            assertThat(k.get("replayerBehind").asBoolean()).as(k.toString()).isFalse();
            assertThat(k.get("targetHeldConnections").asBoolean()).isTrue();
            assertThat(k.get("heldByTarget").asLong()).isEqualTo(7);
            assertThat(k.get("lagThresholdMicros").asLong()).isEqualTo(50_000);
            assertThat(k.get("replayerLagP99Micros").asLong()).isLessThan(50_000);
            assertThat(r.out()).contains("The replayer kept up; the target held connections: 7 requests waited for the"
                    + " previous response on their connection").doesNotContain("WARNING: The replayer");
        }
    }

    @Test
    void capturedTenantSharesCountEachRequestForItsOwnTenant() throws Exception {
        // one connection whose first request is acme's and the three after it globex's
        JournalBuilder j = JournalBuilder.create();
        j.open(1, 0);
        j.tenant("acme").request(1, 0, 1, "/a");
        j.tenant("globex").request(1, 1, 5, "/b").request(1, 2, 9, "/c").request(1, 3, 13, "/d");
        j.close(1, 30);
        Path journal = j.write(dir.resolve("journal"));
        Path report = dir.resolve("report.json");
        try (TestHttpServer target = TestHttpServer.start()) {
            ReplayCli r = ReplayCli.run(journal.toString(), "--target", target.url(), "--report", report.toString());

            assertThat(r.exitCode()).as(r.both()).isZero();
            List<String> shares = new ArrayList<>();
            read(report).get("tenantShares").forEach(s -> shares.add(s.get("tenant").asText() + " "
                    + s.get("capturedShare").asDouble() + " " + s.get("sentShare").asDouble()));
            assertThat(shares).containsExactly("globex 0.75 0.75", "acme 0.25 0.25");
        }
    }

    @Test
    void theConsoleShowsTheTopTenantsAndOnlyTheControlsGivenOnePerLine() throws Exception {
        JournalBuilder j = JournalBuilder.create();
        for (int t = 0; t < 15; t++) {
            j.tenant(String.format("tenant-%02d", t));
            for (int c = 0; c <= t; c++) {
                long conn = t * 100L + c;
                j.open(conn, t + c * 0.1).request(conn, 0, t + c * 0.1 + 0.05, "/x").close(conn, t + c * 0.1 + 5);
            }
        }
        Path journal = j.write(dir.resolve("journal"));
        Path report = dir.resolve("report.json");
        try (TestHttpServer target = TestHttpServer.start()) {
            ReplayCli r = ReplayCli.run(journal.toString(), "--target", target.url(), "--speed", "2", "--seed", "7",
                    "--set-header", "X-Env: staging", "--report", report.toString());

            assertThat(r.exitCode()).as(r.both()).isZero();
            assertThat(r.out()).contains("  controls:\n    --seed 7\n    rewrites set-header=X-Env: staging\n\n")
                    .doesNotContain("--skew").doesNotContain("--copies");
            assertThat(r.out()).contains("Tenant shares (top 10 of 15; all in the JSON report)")
                    .contains("tenant-14").doesNotContain("tenant-04");
            assertThat(read(report).get("tenantShares")).hasSize(15);
            assertThat(read(report).at("/run/controls/--skew").asDouble()).isEqualTo(1.0);
        }
    }

    @Test
    void aFixedRateKeepsEachConnectionsRequestsOnItInTheirOrder() throws Exception {
        JournalBuilder j = JournalBuilder.create();
        j.connection(1, 0, 4, 30);
        j.connection(2, 5, 4, 30);
        Path journal = j.write(dir.resolve("journal"));
        Path report = dir.resolve("report.json");
        try (TestHttpServer target = TestHttpServer.start()) {
            ReplayCli r = ReplayCli.run(journal.toString(), "--target", target.url(), "--rate", "200/s",
                    "--report", report.toString());

            assertThat(r.exitCode()).as(r.both()).isZero();
            assertThat(target.targetsByConnection().values()).containsExactlyInAnyOrder(
                    List.of("/c1/r0", "/c1/r1", "/c1/r2", "/c1/r3"), List.of("/c2/r0", "/c2/r1", "/c2/r2", "/c2/r3"));
            JsonNode json = read(report);
            assertThat(json.at("/run/controls/--rate").asText()).isEqualTo("200/s");
            // the plan the sends are compared with is the retimed one: a request every 5 ms
            assertThat(json.at("/fidelity/interArrival/captured/p50Micros").asLong()).isBetween(4_995L, 5_005L);
            assertThat(json.at("/fidelity/order/violations").asLong()).isZero();
        }
    }
}
