package dev.reprise.replay.cli;

import dev.reprise.testing.JournalBuilder;
import dev.reprise.testing.TestHttpServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A user's mistake ends in an error or a non-zero exit, never in a green run. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ReplayMistakesTest {
    @TempDir
    Path dir;

    private Path journal;

    @BeforeEach
    void twoTenants() {
        JournalBuilder j = JournalBuilder.create();
        j.tenant("acme").connection(1, 0, 3, 10);
        j.tenant("globex").connection(2, 5, 3, 10);
        journal = j.write(dir.resolve("journal"));
    }

    @Test
    void onlyTenantsNamingATenantWithNoRequestInTheWindowIsAUsageError() throws Exception {
        try (TestHttpServer target = TestHttpServer.start()) {
            ReplayCli r = ReplayCli.run(journal.toString(), "--target", target.url(), "--only-tenants", "acme,initech");

            assertThat(r.exitCode()).as(r.both()).isEqualTo(2);
            assertThat(r.err().strip()).isEqualTo("error: --only-tenants names tenant 'initech', which has no request in"
                    + " the window (its busiest: acme, globex)");
            assertThat(target.count()).isZero();
        }
    }

    @Test
    void aTenantWeightForATenantNotInTheWindowIsAUsageError() throws Exception {
        try (TestHttpServer target = TestHttpServer.start()) {
            ReplayCli r = ReplayCli.run(journal.toString(), "--target", target.url(), "--tenant-weight", "acmee=3");

            assertThat(r.exitCode()).as(r.both()).isEqualTo(2);
            assertThat(r.err()).contains("--tenant-weight names tenant 'acmee', which has no request in the window");
            assertThat(r.err().strip().lines()).hasSize(1);
        }
    }

    @Test
    void excludingATenantNotInTheWindowIsAWarningOnTheConsoleAndInTheReport() throws Exception {
        Path report = dir.resolve("report.json");
        try (TestHttpServer target = TestHttpServer.start()) {
            ReplayCli r = ReplayCli.run(journal.toString(), "--target", target.url(), "--speed", "4",
                    "--exclude-tenants", "acmee", "--report", report.toString());

            assertThat(r.exitCode()).as(r.both()).isZero();
            String warning = "--exclude-tenants names tenant 'acmee', which has no request in the window"
                    + " (its busiest: acme, globex); it excludes nothing";
            assertThat(r.err()).startsWith("warning: " + warning + "\n");
            assertThat(r.out()).contains("WARNING: " + warning);
            assertThat(Files.readString(report)).contains(warning);
            assertThat(target.count()).isEqualTo(6);
        }
    }

    @Test
    void tenantsThatAreInTheWindowPass() {
        ReplayCli r = ReplayCli.run(journal.toString(), "--target", "http://127.0.0.1:9", "--dry-run",
                "--only-tenants", "globex", "--tenant-weight", "globex=2");

        assertThat(r.exitCode()).as(r.both()).isZero();
        // weights keep the volume by default: globex alone, weighted 2, still sends its 3 requests
        assertThat(r.out()).contains("would send 3 requests");
    }

    @Test
    void aSpikeStartingAfterTheReplayEndsIsAUsageError() {
        ReplayCli r = ReplayCli.run(journal.toString(), "--target", "http://127.0.0.1:9", "--dry-run",
                "--spike", "at=+10m,for=30s,x=5");

        assertThat(r.exitCode()).as(r.both()).isEqualTo(2);
        assertThat(r.err().strip()).startsWith("error: --spike at=+10m,for=30s,x=5.0 starts after the replay ends:");
    }

    @Test
    void aSpikeInsideALoopedReplayIsFine() {
        // the window is 76 ms long; looped 20 times it replays for over a second
        ReplayCli r = ReplayCli.run(journal.toString(), "--target", "http://127.0.0.1:9", "--dry-run",
                "--loop", "20", "--spike", "at=+1s,for=100ms,x=2");

        assertThat(r.exitCode()).as(r.both()).isZero();
    }

    @Test
    void aReplayWhereEveryRequestFailedExitsWithOneAfterWritingItsReport() throws Exception {
        Path report = dir.resolve("report.json");
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread closer = new Thread(() -> {
                while (!server.isClosed()) {
                    try (Socket s = server.accept(); InputStream in = s.getInputStream()) {
                        in.read(); // take the request's first byte, then hang up without an answer
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            closer.setDaemon(true);
            closer.start();

            ReplayCli r = ReplayCli.run(journal.toString(), "--target", "http://127.0.0.1:" + server.getLocalPort(),
                    "--speed", "4", "--report", report.toString());

            assertThat(r.exitCode()).as(r.both()).isEqualTo(1);
            assertThat(r.err().strip().lines().reduce((a, b) -> b).orElseThrow())
                    .startsWith("error: every request failed (").endsWith("the target answered none of 6 requests");
            assertThat(Files.readString(report)).contains("\"requests\" : 6", "\"responses\" : 0");
        }
    }

    @Test
    void tlsOptionsForAPlainHttpTargetAreAUsageError() {
        ReplayCli r = ReplayCli.run(journal.toString(), "--target", "http://127.0.0.1:9", "--insecure");

        assertThat(r.exitCode()).as(r.both()).isEqualTo(2);
        assertThat(r.err()).contains("--ca-file, --insecure and --sni are for an https:// target");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "--rate 100/s --speed 2|--speed=X, --rate=N/s[:poisson]",
            "--rate 100/s --max-rate|--max-rate, --rate=N/s[:poisson]",
            "--speed 2 --max-rate|--speed=X, --max-rate",
    })
    void twoPaceFlagsTogetherAreOneUsageLineNamingBoth(String flags, String named) {
        List<String> args = new ArrayList<>(List.of(journal.toString(), "--target", "http://127.0.0.1:9"));
        args.addAll(List.of(flags.split(" ")));
        ReplayCli r = ReplayCli.run(args.toArray(String[]::new));

        assertThat(r.exitCode()).as(r.both()).isEqualTo(2);
        assertThat(r.err().lines().findFirst()).as(r.both())
                .hasValue("error: " + named + " are mutually exclusive (specify only one)");
        assertThat(r.err()).doesNotContain("Exception");
    }

    @Test
    void aRateThatIsNotARateIsAUsageError() {
        ReplayCli r = ReplayCli.run(journal.toString(), "--target", "http://127.0.0.1:9", "--rate", "fast");

        assertThat(r.exitCode()).as(r.both()).isEqualTo(2);
        assertThat(r.err()).contains("--rate 'fast' is not a rate");
    }

    @Test
    void anUnknownTruncatedBodiesModeIsAUsageError() {
        ReplayCli r = ReplayCli.run(journal.toString(), "--target", "http://127.0.0.1:9", "--dry-run", "--truncated-bodies", "trim");

        assertThat(r.exitCode()).as(r.both()).isEqualTo(2);
        assertThat(r.err()).contains("--truncated-bodies must be skip or pad, not 'trim'");
    }

    @Test
    void aRateRetimesTheAmplifiedPlanInADryRun() {
        // 6 requests, copied twice: 12, one every 10 ms from the start, so the last is due 110 ms in;
        // its connection closes 50 ms after it, as in the capture
        ReplayCli r = ReplayCli.run(journal.toString(), "--target", "http://127.0.0.1:9", "--dry-run",
                "--copies", "2", "--rate", "100/s");

        assertThat(r.exitCode()).as(r.both()).isZero();
        assertThat(r.out()).contains("would send 12 requests on 4 connections").contains("the replay would take 160ms")
                .contains("paced at --rate 100/s");
    }
}
