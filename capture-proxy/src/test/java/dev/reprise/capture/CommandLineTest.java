package dev.reprise.capture;

import dev.reprise.cli.CommandRunner;
import dev.reprise.testing.TestHttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@Timeout(60)
class CommandLineTest {
    static final Pattern START_LINE = Pattern.compile("listening on (\\S+), admin on (\\S+),");
    /** A Prometheus text sample line: name, optional labels, a number. */
    static final Pattern SAMPLE = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*(\\{[a-zA-Z_][a-zA-Z0-9_]*=\"[^\"]*\"(,[a-zA-Z_][a-zA-Z0-9_]*=\"[^\"]*\")*})? -?[0-9.eE+-]+|.* \\+Inf|.* NaN");

    @TempDir
    Path dir;
    TestHttpServer upstream;
    final ExecutorService pool = Executors.newCachedThreadPool();

    @BeforeEach
    void up() {
        upstream = ProxyFixture.upstream();
    }

    @AfterEach
    void down() {
        pool.shutdownNow();
        upstream.close();
    }

    record Run(int exitCode, String err) {
    }

    private static Run run(String... args) {
        StringWriter err = new StringWriter();
        int code = new CommandRunner(new CaptureMain(new CountDownLatch(0)), new PrintWriter(new StringWriter()),
                new PrintWriter(err, true)).execute(args);
        return new Run(code, err.toString());
    }

    /** A capture running on a thread until {@code stop} counts down; its start line in {@code out}. */
    private final class Running implements AutoCloseable {
        final StringWriter out = new StringWriter();
        final CountDownLatch stop = new CountDownLatch(1);
        final StringWriter err = new StringWriter();
        final Future<Integer> exit;
        String listen;
        String admin;

        Running(String... args) throws Exception {
            exit = pool.submit(() -> new CommandRunner(new CaptureMain(stop), new PrintWriter(out, true),
                    new PrintWriter(err, true)).execute(args));
            await("the start line, or the command's end").atMost(Duration.ofSeconds(20))
                    .pollInterval(Duration.ofMillis(20))
                    .until(() -> exit.isDone() || START_LINE.matcher(out.toString()).find());
            Matcher m = START_LINE.matcher(out.toString());
            if (!m.find()) {
                throw new AssertionError("no start line; stderr: " + err + "; exit " + exit.get());
            }
            listen = m.group(1);
            admin = m.group(2);
        }

        int stop() throws Exception {
            stop.countDown();
            return exit.get(20, TimeUnit.SECONDS);
        }

        @Override
        public void close() throws Exception {
            if (!exit.isDone()) {
                stop();
            }
        }
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void startsOnEphemeralPortsPrintsThemAndServesMetricsHealthAndReady() throws Exception {
        try (Running r = new Running("--listen", "127.0.0.1:0", "--admin", "127.0.0.1:0",
                "--upstream", upstream.url(), "--journal", dir.resolve("j").toString())) {
            assertThat(r.listen).doesNotEndWith(":0");
            for (int i = 0; i < 3; i++) {
                assertThat(get("http://" + r.listen + "/hello").body()).isEqualTo("hello, world\n");
            }
            HttpResponse<String> metrics = get("http://" + r.admin + "/metrics");
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.headers().firstValue("content-type").orElse("")).startsWith("text/plain; version=0.0.4");
            List<Long> buckets = new ArrayList<>();
            for (String line : metrics.body().split("\n")) {
                if (line.startsWith("#")) {
                    assertThat(line).matches("# (HELP|TYPE) [a-z_]+ .+");
                    continue;
                }
                assertThat(line).matches(SAMPLE);
                if (line.startsWith("reprise_proxy_added_latency_seconds_bucket")) {
                    buckets.add(Long.parseLong(line.substring(line.lastIndexOf(' ') + 1)));
                }
            }
            assertThat(buckets).isSorted().last().isEqualTo(3L);
            assertThat(metrics.body()).contains("reprise_requests_forwarded_total 3\n",
                    "reprise_requests_not_recorded_total{reason=\"sampled_out\"} 0\n",
                    "reprise_upstream_errors_total{kind=\"connect_refused\"} 0\n",
                    "reprise_connections_active ");
            assertThat(get("http://" + r.admin + "/health").statusCode()).isEqualTo(200);
            assertThat(get("http://" + r.admin + "/ready").statusCode()).isEqualTo(200);
            assertThat(r.stop()).isZero();
        }
    }

    @Test
    void anAdminEndpointReachableBeyondLoopbackIsWarnedAbout() throws Exception {
        try (Running r = new Running("--listen", "127.0.0.1:0", "--admin", "0.0.0.0:0",
                "--upstream", upstream.url(), "--journal", dir.resolve("j").toString())) {
            assertThat(r.err.toString()).contains("warning: --admin 0.0.0.0:0 is reachable beyond this host");
            assertThat(r.stop()).isZero();
        }
        try (Running r = new Running("--listen", "127.0.0.1:0", "--admin", "127.0.0.1:0",
                "--upstream", upstream.url(), "--journal", dir.resolve("j2").toString())) {
            assertThat(r.err.toString()).doesNotContain("warning");
            assertThat(r.stop()).isZero();
        }
    }

    @Test
    void aRedactionKeyFileReadableByOthersIsWarnedAbout() throws Exception {
        Path key = Files.writeString(dir.resolve("key"), "0123456789abcdef0123456789abcdef\n");
        Files.setPosixFilePermissions(key, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        try (Running r = new Running("--listen", "127.0.0.1:0", "--admin", "127.0.0.1:0", "--redact-key-file",
                key.toString(), "--upstream", upstream.url(), "--journal", dir.resolve("j").toString())) {
            assertThat(r.err.toString()).contains("warning: redaction key file " + key + " is readable by other users");
            assertThat(r.stop()).isZero();
        }
    }

    @Test
    void aFailedStartLeavesNoJournalDirectoryAndNoKeyFileBehind() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Path journal = dir.resolve("new-journal");
            Run run = run("--listen", "127.0.0.1:" + taken.getLocalPort(), "--admin", "127.0.0.1:0",
                    "--upstream", upstream.url(), "--journal", journal.toString());
            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.err()).startsWith("error: ").doesNotContain("Exception");
            assertThat(journal).doesNotExist();
            assertThat(dir.resolve("new-journal.redact-key")).doesNotExist();
        }
    }

    @Test
    void theDefaultSecretNamesAreShownInHelp() {
        StringWriter out = new StringWriter();
        new picocli.CommandLine(new CaptureMain()).usage(new PrintWriter(out));
        assertThat(out.toString().replaceAll("\\s+", " ")).contains("--redact-field", "--no-default-redaction",
                "--ambiguous-body", "--min-free-disk", "password, passwd", "access_token", "client_secret");
    }

    @Test
    void configFileSuppliesOptionsAndFlagsWinOverIt() throws Exception {
        Path cfg = dir.resolve("capture.yaml");
        Files.writeString(cfg, "upstream: " + upstream.url() + "\njournal: " + dir.resolve("j") + "\n"
                + "listen: 'not an address'\nadmin: 127.0.0.1:0\nskip-path: [/health, /static/**]\nno-redact: true\n");
        try (Running r = new Running("--config", cfg.toString(), "--listen", "127.0.0.1:0")) {
            assertThat(get("http://" + r.listen + "/hello").statusCode()).isEqualTo(200);
            assertThat(get("http://" + r.listen + "/health").statusCode()).isEqualTo(404);
            String metrics = get("http://" + r.admin + "/metrics").body();
            assertThat(metrics).contains("reprise_requests_not_recorded_total{reason=\"filtered\"} 1\n");
        }
        Path json = dir.resolve("capture.json");
        Files.writeString(json, "{\"upstream\": \"" + upstream.url() + "\", \"no-record\": true, "
                + "\"listen\": \"127.0.0.1:0\", \"admin\": \"off\"}");
        StringWriter err = new StringWriter();
        StringWriter out = new StringWriter();
        int code = new CommandRunner(new CaptureMain(new CountDownLatch(0)), new PrintWriter(out, true),
                new PrintWriter(err, true)).execute("--config", json.toString());
        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).contains("admin off").contains("journal off");
    }

    @Test
    void configFileErrorsNameTheKey() throws Exception {
        Path cfg = dir.resolve("bad.yaml");
        Files.writeString(cfg, "upstream: http://127.0.0.1:1\nno-record: true\nmax-body-byte: 10\n");
        Run r = run("--config", cfg.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("config " + cfg + ": unknown key 'max-body-byte' (did you mean 'max-body-bytes'?)");

        Files.writeString(cfg, "upstream: http://127.0.0.1:1\nno-record: true\nsample: often\n");
        r = run("--config", cfg.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("key 'sample'").contains("often");

        Files.writeString(cfg, "upstream: http://127.0.0.1:1\nno-record: true\nretain: forever\n");
        r = run("--config", cfg.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("config " + cfg + ": key 'retain': 'forever' is not a duration");

        Files.writeString(cfg, "upstream: [a, b]\n");
        r = run("--config", cfg.toString());
        assertThat(r.err()).contains("key 'upstream': expected one value, got a list");

        Files.writeString(cfg, "upstream: x\n  bad: : indent\n");
        r = run("--config", cfg.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("config " + cfg + ": not valid YAML at line");
        assertThat(r.err().lines().count()).isEqualTo(1);
    }

    @Test
    void aFiveMinuteRollPeriodStartsAJournalFileEveryFiveMinutes() throws Exception {
        Path journal = dir.resolve("rolling");
        try (Running r = new Running("--listen", "127.0.0.1:0", "--admin", "127.0.0.1:0",
                "--upstream", upstream.url(), "--journal", journal.toString(), "--roll-period", "5m")) {
            assertThat(get("http://" + r.listen + "/hello").statusCode()).isEqualTo(200);
            assertThat(r.stop()).isZero();
        }
        try (var files = Files.list(journal)) {
            // Chronicle names five-minute files by the minute (20261206-1125V), hourly ones by the hour.
            assertThat(files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".cq4")))
                    .isNotEmpty().allMatch(n -> n.matches("\\d{8}-\\d{4}V\\.cq4"));
        }
    }

    @Test
    void badFlagsGetOneLineAndExitCode2() {
        Run r = run("--journal", dir.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("error: --upstream is required (e.g. --upstream http://127.0.0.1:9000)\n");
        r = run("--upstream", "http://127.0.0.1:1", "--no-record", "--sample", "2");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).startsWith("error: --sample: ");
        r = run("--upstream", "https://x", "--no-record");
        assertThat(r.err()).contains("only http:// upstreams");
        r = run("--upstream", "http://127.0.0.1:1", "--no-record", "--max-journal-size", "huge");
        assertThat(r.err()).startsWith("error: --max-journal-size: 'huge' is not a size");
        r = run("--upstream", "http://127.0.0.1:1", "--no-record", "--tenant-from", "cookie:x");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).startsWith("error: --tenant-from: tenant rule \"cookie:x\"");
        r = run("--upstream", "http://127.0.0.1:1", "--no-record", "--roll-period", "7m");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("error: --roll-period: '7m' is not one of 5m, 10m, 30m, 1h, 2h, 6h, 1d\n");
        r = run("--frobnicate");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).startsWith("error: Unknown option: '--frobnicate'");
    }

    @Test
    void aJournalWhoseKeyFileCannotBeMadeIsNamedAsTheJournal() throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        Run r = run("--upstream", "http://127.0.0.1:1", "--admin", "off", "--journal", file.resolve("j").toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("error: --journal: redaction key file " + file.resolve("j.redact-key")
                + ": cannot create its directory " + file + ": already exists (" + file + ")\n");
    }

    @Test
    void aRecorderNiceOutsideZeroToNineteenIsOneLineAndExitCode2() throws Exception {
        Run r = run("--upstream", "http://127.0.0.1:1", "--journal", dir.resolve("j").toString(), "--recorder-nice", "20");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("error: --recorder-nice: 20 is out of range (0 to 19)\n");
        r = run("--upstream", "http://127.0.0.1:1", "--journal", dir.resolve("j").toString(), "--recorder-nice", "-1");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("error: --recorder-nice: -1 is out of range (0 to 19)\n");
        r = run("--upstream", "http://127.0.0.1:1", "--journal", dir.resolve("j").toString(), "--recorder-nice", "low");
        assertThat(r.exitCode()).isEqualTo(2);
        // A value that is no number at all is picocli's to refuse, with the usual pointer to --help.
        assertThat(r.err().lines().findFirst()).hasValue("error: Invalid value for option '--recorder-nice': 'low' is not an int");
        Path cfg = dir.resolve("nice.yaml");
        Files.writeString(cfg, "upstream: http://127.0.0.1:1\nno-record: true\nrecorder-nice: 99\n");
        r = run("--config", cfg.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("error: config " + cfg + ": key 'recorder-nice': 99 is out of range (0 to 19)\n");
    }

    @Test
    void aCompilerNiceOutsideZeroToNineteenIsOneLineAndExitCode2() throws Exception {
        Run r = run("--upstream", "http://127.0.0.1:1", "--no-record", "--compiler-nice", "20");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("error: --compiler-nice: 20 is out of range (0 to 19)\n");
        r = run("--upstream", "http://127.0.0.1:1", "--no-record", "--compiler-nice", "-3");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("error: --compiler-nice: -3 is out of range (0 to 19)\n");
        Path cfg = dir.resolve("compiler-nice.yaml");
        Files.writeString(cfg, "upstream: http://127.0.0.1:1\nno-record: true\ncompiler-nice: 42\n");
        r = run("--config", cfg.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("error: config " + cfg + ": key 'compiler-nice': 42 is out of range (0 to 19)\n");
    }

    @Test
    void aPortInUseIsAFailureNotAUsageError() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Run r = run("--listen", "127.0.0.1:" + taken.getLocalPort(), "--admin", "off",
                    "--upstream", upstream.url(), "--no-record");
            assertThat(r.exitCode()).isEqualTo(1);
            assertThat(r.err()).startsWith("error: cannot listen on ").doesNotContain("\tat ");
        }
    }
}
