package dev.reprise.replay.cli;

import dev.reprise.testing.CommandRun;
import dev.reprise.cli.ExitCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class CompareCommandTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private static String report(long requests, long errors, long p99, String tenant, long tenantErrors, boolean crossed) {
        return """
                {"format":"reprise-replay-report/1",
                 "totals":{"requests":%d,"errors":%d,"errorRate":%s,"throughputPerSecond":50.0},
                 "latency":{"fromIntended":{"p50Micros":900,"p99Micros":%d,"maxMicros":%d},
                            "production":{"p99Micros":2000},"sendLag":{"p99Micros":150}},
                 "statusClasses":[{"statusClass":"2xx","share":0.9},{"statusClass":"5xx","share":0.1}],
                 "statusDivergence":{"share":0.1},
                 "keepingUp":{"replayerBehind":false},
                 "timeline":{"p99":{"verdict":"steady"}},
                 "tenants":[{"key":"%s","requests":%d,"errors":%d,"divergent":0,"staging":{"p99Micros":%d}}],
                 "thresholds":[{"expression":"errors>1%%","crossed":%s}]}
                """.formatted(requests, errors, (double) errors / requests, p99, p99 * 2, tenant, requests,
                tenantErrors, p99, crossed);
    }

    private int run(String... args) {
        return CommandRun.run(new CompareCommand(), out, err, args);
    }

    @Test
    void setsTheRunsSideBySideWithTheLastRunsTopTenants() throws Exception {
        Path plain = Files.writeString(dir.resolve("plain.json"), report(1000, 0, 4000, "tenant-001", 0, false));
        Path amplified = Files.writeString(dir.resolve("amp.json"), report(9000, 900, 2_500_000, "tenant-001", 900, true));

        int code = run(plain.toString(), amplified.toString(), "--names", "as-captured,amplified");

        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(code).isZero();
        assertThat(text).contains("as-captured", "amplified");
        assertThat(text).containsPattern("requests\\s+1,000\\s+9,000");
        assertThat(text).containsPattern("errors \\(no response\\)\\s+0 \\(0\\.0%\\)\\s+900 \\(10\\.0%\\)");
        assertThat(text).containsPattern("latency p99\\s+4\\.0 ms\\s+2\\.50 s");
        assertThat(text).containsPattern("thresholds crossed\\s+none\\s+errors>1%");
        assertThat(text).containsPattern("tenant-001\\s+1,000\\s+0\\.0%\\s+4\\.0 ms\\s+9,000\\s+10\\.0%\\s+2\\.50 s");
    }

    @Test
    void refusesAFileThatIsNotAReplayReportInOneLine() throws Exception {
        Path ok = Files.writeString(dir.resolve("ok.json"), report(10, 0, 10, "a", 0, false));
        Path other = Files.writeString(dir.resolve("other.json"), "{\"format\":\"something-else\"}");

        int code = run(ok.toString(), other.toString());

        assertThat(code).isEqualTo(ExitCode.FAILURE.code());
        assertThat(err.toString(StandardCharsets.UTF_8).strip())
                .isEqualTo("error: report " + other + ": not a replay report (its format is \"something-else\", expected reprise-replay-report/N)");
    }

    @Test
    void namesAMissingReportAndABrokenOne() throws Exception {
        Path ok = Files.writeString(dir.resolve("ok.json"), report(10, 0, 10, "a", 0, false));
        Path broken = Files.writeString(dir.resolve("broken.json"), "{\n\"format\": ");

        assertThat(run(ok.toString(), dir.resolve("missing.json").toString())).isEqualTo(ExitCode.FAILURE.code());
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("missing.json: no such file").doesNotContain("Exception");
        err.reset();
        assertThat(run(ok.toString(), broken.toString())).isEqualTo(ExitCode.FAILURE.code());
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("broken.json: not JSON (line 2)");
    }

    @Test
    void needsOneNamePerReport() throws Exception {
        Path a = Files.writeString(dir.resolve("a.json"), report(10, 0, 10, "a", 0, false));

        assertThat(run(a.toString(), a.toString(), "--names", "only-one")).isEqualTo(ExitCode.USAGE.code());
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--names gives 1 names for 2 reports");
    }
}
