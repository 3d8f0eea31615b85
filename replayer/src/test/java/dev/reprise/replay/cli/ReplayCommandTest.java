package dev.reprise.replay.cli;

import dev.reprise.testing.CommandRun;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reprise.format.Body;
import dev.reprise.format.Header;
import dev.reprise.testing.JournalBuilder;
import dev.reprise.testing.TestHttpServer;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ReplayCommandTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private Path journal;

    @BeforeEach
    void capture() {
        JournalBuilder j = JournalBuilder.create();
        j.connection(1, 0, 5, 20);
        j.connection(2, 10, 5, 20);
        journal = j.write(dir.resolve("journal"));
    }

    private int replay(String... args) {
        List<String> all = new ArrayList<>(List.of("replay"));
        all.addAll(List.of(args));
        return CommandRun.run(new ReplayerMain(), out, err, all.toArray(String[]::new));
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void anUnreachableTargetAtTheStartIsOneLineAndExitCodeOne() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        int code = replay(journal.toString(), "--target", "http://127.0.0.1:" + port);

        assertThat(code).isEqualTo(1);
        assertThat(err().strip()).isEqualTo("error: target http://127.0.0.1:" + port + " is unreachable: connection refused");
    }

    @Test
    void dryRunSendsNothingAndSaysWhatWouldBeSent() throws Exception {
        try (TestHttpServer target = TestHttpServer.start()) {
            int code = replay(journal.toString(), "--target", target.url(), "--dry-run");

            assertThat(code).as(err()).isZero();
            assertThat(target.count()).isZero();
            assertThat(out()).contains("would send 10 requests on 2 connections (at most 2 open at once)")
                    .contains("GET 10").contains("requests/s");
        }
    }

    @Test
    void dryRunWritesItsReport() throws Exception {
        try (TestHttpServer target = TestHttpServer.start()) {
            Path report = dir.resolve("dry.json");
            int code = replay(journal.toString(), "--target", target.url(), "--dry-run", "--speed", "2",
                    "--report", report.toString());

            assertThat(code).as(err()).isZero();
            assertThat(target.count()).isZero();
            JsonNode r = new ObjectMapper().readTree(report.toFile());
            assertThat(r.path("kind").asText()).isEqualTo("dry-run");
            assertThat(r.path("requests").asLong()).isEqualTo(10);
            assertThat(r.path("connections").asLong()).isEqualTo(2);
            assertThat(r.path("maxConcurrentConnections").asInt()).isEqualTo(2);
            assertThat(r.path("requestsByMethod").path("GET").asLong()).isEqualTo(10);
            assertThat(r.path("pace").asText()).isEqualTo("speed 2.0");
            assertThat(r.path("journals").get(0).asText()).isEqualTo(journal.toString());
            // The last event, connection 2's close, is 141 ms into the capture: 70.5 ms at speed 2.
            assertThat(r.path("scheduleSeconds").asDouble()).isBetween(0.0704, 0.0706);
            assertThat(r.path("requestsPerSecond").asDouble()).isPositive();
        }
    }

    @Test
    void theSendLagLogHasOneLinePerSecondOfTheRun() throws Exception {
        try (TestHttpServer target = TestHttpServer.start()) {
            Path lag = dir.resolve("lag.hlog");
            int code = replay(journal.toString(), "--target", target.url(), "--lag-hlog", lag.toString());

            assertThat(code).as(err()).isZero();
            long total = 0;
            try (HistogramLogReader reader = new HistogramLogReader(lag.toFile())) {
                for (EncodableHistogram h = reader.nextIntervalHistogram(); h != null; h = reader.nextIntervalHistogram()) {
                    total += ((Histogram) h).getTotalCount();
                }
            }
            assertThat(total).isEqualTo(10);
            assertThat(Files.readString(lag)).contains("send lag");
        }
    }

    @Test
    void replaysAndWritesTheReport() throws Exception {
        try (TestHttpServer target = TestHttpServer.start()) {
            Path report = dir.resolve("report.json");
            int code = replay(journal.toString(), "--target", target.url(), "--speed", "4", "--report", report.toString());

            assertThat(code).as(err()).isZero();
            assertThat(target.count()).isEqualTo(10);
            assertThat(target.connections()).hasSize(2);
            String json = Files.readString(report);
            assertThat(json).contains("reprise-replay-report/1").contains("\"requests\" : 10");
        }
    }

    @Test
    void writesTheHtmlPageOfTheRunBesideTheReport() throws Exception {
        try (TestHttpServer target = TestHttpServer.start()) {
            Path report = dir.resolve("report.json");
            Path html = dir.resolve("report.html");
            int code = replay(journal.toString(), "--target", target.url(), "--speed", "4", "--report", report.toString(),
                    "--html", html.toString());

            assertThat(code).as(err()).isZero();
            String page = Files.readString(html);
            assertThat(page).startsWith("<!DOCTYPE html>").contains("\"kind\":\"replay\"")
                    .contains("\"id\":\"latency-over-time\"").contains("\"label\":\"requests\",\"value\":\"10\"");
        }
    }

    @Test
    void anHtmlPageThatCannotBeWrittenIsRefusedBeforeAnythingIsSent() throws Exception {
        try (TestHttpServer target = TestHttpServer.start()) {
            String t = target.url();
            String j = journal.toString();
            assertUsage(new String[]{j, "--target", t, "--html", dir.resolve("no/such/x.html").toString()}, "does not exist");
            assertUsage(new String[]{j, "--target", t, "--html", dir.toString()}, "is a folder");
            assertUsage(new String[]{j, "--target", t, "--dry-run", "--html", "x.html"}, "--dry-run sends nothing");
            assertThat(target.count()).isZero();
        }
    }

    @Test
    void aCrossedThresholdExitsWithCodeThree() throws Exception {
        try (TestHttpServer target = TestHttpServer.start()) {
            int code = replay(journal.toString(), "--target", target.url(), "--speed", "4", "--fail-if", "max>0us");

            assertThat(code).as(err()).isEqualTo(3);
            assertThat(out()).contains("CROSSED");
        }
    }

    @Test
    void rewritesHeadersAndPathsAndPutsStagingCredentialsInPlaceOfRedactedOnes() throws Exception {
        String secret = "Bearer staging-" + System.nanoTime();
        Path secretFile = Files.writeString(dir.resolve("token"), secret + "\n");
        JournalBuilder j = JournalBuilder.create();
        j.open(1, 0);
        j.request(1, 0, 1, "POST", "/orders/7?x=1", List.of(new Header("Host", "api.example.com"),
                new Header("Authorization", "redacted:9f86d081884c7d65"), new Header("X-Debug", "1"),
                new Header("Content-Length", "4")), Body.of("abcd".getBytes(StandardCharsets.UTF_8)));
        j.close(1, 20);
        Path withSecrets = j.write(dir.resolve("secrets"));
        Path report = dir.resolve("report.json");
        try (TestHttpServer target = TestHttpServer.start()) {
            int code = replay(withSecrets.toString(), "--target", target.url(),
                    "--set-header", "X-Env: staging", "--remove-header", "X-Debug",
                    "--rewrite-path", "^/orders/=/v2/orders/", "--credential", "Authorization=file:" + secretFile,
                    "--report", report.toString());

            assertThat(code).as(err()).isZero();
            TestHttpServer.Request a = target.requests().get(0);
            assertThat(a.method()).isEqualTo("POST");
            assertThat(a.target()).isEqualTo("/v2/orders/7?x=1");
            assertThat(a.header("Host")).isEqualTo("api.example.com");
            assertThat(a.header("X-Env")).isEqualTo("staging");
            assertThat(a.header("X-Debug")).isNull();
            assertThat(a.header("Authorization")).isEqualTo(secret);
            assertThat(a.bodyBytes()).isEqualTo(4);
            assertThat(out() + err() + Files.readString(report)).doesNotContain("staging-");
        }
    }

    @Test
    void aBareStagingSecretReplacesOnlyTheRedactedTokenAndKeepsTheScheme() throws Exception {
        String secret = "tok" + System.nanoTime();
        JournalBuilder j = JournalBuilder.create();
        j.open(1, 0);
        j.request(1, 0, 1, "GET", "/me", List.of(new Header("Host", "api.example.com"),
                new Header("Authorization", "Bearer redacted:Q2hhbmdlIG1lIG5vdw")), Body.EMPTY);
        j.close(1, 20);
        Path withSecrets = j.write(dir.resolve("bare"));
        try (TestHttpServer target = TestHttpServer.start()) {
            int code = replay(withSecrets.toString(), "--target", target.url(),
                    "--credential", "Authorization=file:" + Files.writeString(dir.resolve("bare-token"), secret));

            assertThat(code).as(err()).isZero();
            assertThat(target.requests().get(0).header("Authorization")).isEqualTo("Bearer " + secret);
            assertThat(out() + err()).doesNotContain(secret);
        }
    }

    @Test
    void theHostHeaderCanBeSet() throws Exception {
        try (TestHttpServer target = TestHttpServer.start()) {
            int code = replay(journal.toString(), "--target", target.url(), "--speed", "10", "--host-header", "staging.internal");

            assertThat(code).as(err()).isZero();
            assertThat(target.requests()).hasSize(10).allMatch(a -> "staging.internal".equals(a.header("Host")));
        }
    }

    @Test
    void onlyTheChosenMethodsAreReplayed() throws Exception {
        JournalBuilder j = JournalBuilder.create();
        j.open(1, 0);
        j.request(1, 0, 1, "/a");
        j.request(1, 1, 5, "DELETE", "/a", List.of(new Header("Host", "h")), Body.EMPTY);
        j.request(1, 2, 9, "HEAD", "/a", List.of(new Header("Host", "h")), Body.EMPTY);
        j.close(1, 20);
        Path mixed = j.write(dir.resolve("mixed"));
        try (TestHttpServer target = TestHttpServer.start()) {
            int code = replay(mixed.toString(), "--target", target.url(), "--methods", "GET,HEAD");

            assertThat(code).as(err()).isZero();
            assertThat(target.requests()).extracting(TestHttpServer.Request::method).containsExactly("GET", "HEAD");
        }
    }

    @Test
    void badFlagsGetOneClearLineAndExitCodeTwo() throws Exception {
        try (TestHttpServer target = TestHttpServer.start()) {
            String t = target.url();
            String j = journal.toString();
            assertUsage(new String[]{j, "--target", t, "--speed", "0"}, "speed must be between 0.1 and 1000");
            assertUsage(new String[]{j, "--target", t, "--speed", "2", "--max-rate"}, "--speed=X, --max-rate are mutually exclusive (specify only one)");
            assertUsage(new String[]{j, "--target", t, "--connections", "pool:x"}, "pool:N must be a whole number");
            assertUsage(new String[]{j, "--target", t, "--connections", "lots"}, "must be 'captured' or 'pool:N'");
            assertUsage(new String[]{j, "--target", t, "--from", "yesterday"}, "is not a time: give ISO-8601");
            assertUsage(new String[]{j, "--target", t, "--duration", "5"}, "'5' is not a duration");
            assertUsage(new String[]{j, "--target", t, "--to", "+1s", "--duration", "1s"}, "--to or --duration, not both");
            assertUsage(new String[]{j, "--target", "ftp://x"}, "must start with http:// or https://");
            assertUsage(new String[]{j, "--target", "http://127.0.0.1:99999"}, "port 99999 is not between 1 and 65535");
            assertUsage(new String[]{j, "--target", t + "/api"}, "requests keep their captured paths");
            assertUsage(new String[]{j, "--target", t, "--dry-run", "--hlog", "r.hlog"}, "--dry-run sends nothing");
            assertUsage(new String[]{j, "--target", t, "--dry-run", "--lag-hlog", "r.hlog"}, "--dry-run sends nothing");
            assertUsage(new String[]{j, "--target", t, "--set-header", "NoColon"}, "--set-header must be 'Name: value'");
            assertUsage(new String[]{j, "--target", t, "--rewrite-path", "([=x"}, "--rewrite-path");
            assertUsage(new String[]{j, "--target", t, "--credential", "Authorization=env:REPRISE_SURELY_UNSET_VAR"},
                    "environment variable REPRISE_SURELY_UNSET_VAR is not set");
            assertUsage(new String[]{j}, "Missing required option: '--target=URL'");
            assertUsage(new String[]{j, "--target", t, "--from", "+1h"}, "the window is empty");
            assertThat(target.count()).isZero();
        }
    }

    @Test
    void aMissingJournalIsNamedAndExitCodeOne() throws Exception {
        try (TestHttpServer target = TestHttpServer.start()) {
            Path missing = dir.resolve("nope");
            int code = replay(missing.toString(), "--target", target.url());

            assertThat(code).isEqualTo(1);
            assertThat(err().strip()).isEqualTo("error: journal " + missing + ": no such file or directory");
        }
    }

    private void assertUsage(String[] args, String message) {
        err.reset();
        int code = replay(args);
        assertThat(code).as(err()).isEqualTo(2);
        assertThat(err().lines().findFirst().orElse("")).startsWith("error: ").contains(message);
        assertThat(err()).doesNotContain("Exception").doesNotContain("\tat ");
    }
}
