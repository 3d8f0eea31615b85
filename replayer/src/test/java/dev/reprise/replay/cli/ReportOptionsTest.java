package dev.reprise.replay.cli;

import dev.reprise.replay.report.ReplayReport;
import dev.reprise.replay.report.ReportJson;
import dev.reprise.replay.report.SampleRuns;
import dev.reprise.replay.report.Threshold;
import dev.reprise.testing.CommandRun;
import dev.reprise.cli.CommandRunner;
import dev.reprise.cli.ExitCode;
import dev.reprise.replay.results.CollectorOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(30)
class ReportOptionsTest {
    @TempDir
    Path dir;

    @Command(name = "replay")
    static final class Replay implements Runnable {
        @Mixin
        ReportOptions results = new ReportOptions();

        @Override
        public void run() {
        }
    }

    @Test
    void defaultsToTheCollectorsDefaultsWithNoReportLogOrThresholds() {
        Replay replay = new Replay();
        new CommandLine(replay).parseArgs();

        CollectorOptions options = replay.results.collectorOptions();
        assertThat(options.hlog()).isNull();
        assertThat(options.maxEndpoints()).isEqualTo(CollectorOptions.DEFAULT_MAX_ENDPOINTS);
        assertThat(options.maxTenants()).isEqualTo(CollectorOptions.DEFAULT_MAX_TENANTS);
        assertThat(options.lagThreshold()).isEqualTo(Duration.ofMillis(10));
        assertThat(replay.results.thresholds().isEmpty()).isTrue();
        assertThat(replay.results.reportPath()).isNull();
    }

    @Test
    void readsEveryResultsOption() {
        Replay replay = new Replay();
        new CommandLine(replay).parseArgs("--report", "out.json", "--hlog", "run.hlog", "--fail-if", "p99>250ms,errors>1%",
                "--fail-if", "lag-p99>5ms", "--lag-threshold", "2.5ms", "--max-endpoints", "50", "--max-tenants", "2000");

        CollectorOptions options = replay.results.collectorOptions();
        assertThat(options.hlog()).isEqualTo(Path.of("run.hlog"));
        assertThat(options.maxEndpoints()).isEqualTo(50);
        assertThat(options.maxTenants()).isEqualTo(2000);
        assertThat(options.lagThreshold()).isEqualTo(Duration.ofNanos(2_500_000));
        assertThat(replay.results.thresholds().all()).extracting(Threshold::expression)
                .containsExactly("p99>250ms", "errors>1%", "lag-p99>5ms");
        assertThat(replay.results.reportPath()).isEqualTo(Path.of("out.json"));
    }

    @Test
    void writesTheReportOnlyWhenAsked() {
        ReplayReport report = SampleRuns.twoMinutes(null, null).report();
        Replay without = new Replay();
        new CommandLine(without).parseArgs();
        without.results.writeReport(report);
        assertThat(dir).isEmptyDirectory();

        Replay with = new Replay();
        new CommandLine(with).parseArgs("--report", dir.resolve("r.json").toString());
        with.results.writeReport(report);
        assertThat(ReportJson.read(dir.resolve("r.json"))).isEqualTo(report);
    }

    @Test
    void rejectsBadValuesAsUsageErrorsNamingTheOption() {
        assertThat(usageError("--max-endpoints", "0")).contains("--max-endpoints must be at least 1, not 0");
        assertThat(usageError("--max-tenants", "-3")).contains("--max-tenants must be at least 1, not -3");
        assertThat(usageError("--lag-threshold", "soon")).contains("--lag-threshold 'soon' is not a duration");
        assertThat(usageError("--fail-if", "p99>>1s")).contains("bad --fail-if 'p99>>1s'");
    }

    private String usageError(String... args) {
        CommandRun run = CommandRun.of(new Replay(), args);
        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE.code());
        String text = run.err();
        assertThat(text).doesNotContain("Exception").doesNotContain("\tat ");
        return text;
    }
}
