package dev.reprise.replay.cli;

import dev.reprise.testing.LaunchScript;
import dev.reprise.testing.LaunchScript.Launch;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The JVM settings the replayer's commands start with, through {@code scripts/run-replayer}: the
 * script {@code reprise} runs for every command of the testers' jar and the replayer image's
 * entrypoint. Each case reads the exact options the command would get from a stand-in {@code java}
 * ({@link LaunchScript}).
 */
@Timeout(60)
class ReplayJvmSettingsTest {
    private static final String JAR = "/opt/reprise/reprise-replayer.jar";

    @TempDir
    Path javaHome;

    private LaunchScript script;

    @BeforeEach
    void standInJava() throws IOException {
        script = LaunchScript.of("run-replayer", javaHome);
    }

    @Test
    void aReplayRunsOnZgcWithItsHeapCommittedBeforeT0AndC2Alone() throws Exception {
        Launch run = run(Map.of("REPRISE_MEMORY_LIMIT", "64g"), "replay", "/journal", "--target", "http://staging:8080");

        assertThat(run.exit()).isZero();
        assertThat(run.args())
                .contains("-XX:+UseZGC", "-XX:+AlwaysPreTouch", "-Xms1024m", "-Xmx4096m", "-XX:SoftMaxHeapSize=1024m",
                        "-XX:-TieredCompilation", "-XX:PerMethodTrapLimit=0", "-XX:-UseTypeSpeculation",
                        "-XX:GuaranteedSafepointInterval=0")
                .endsWith("-jar", JAR, "replay", "/journal", "--target", "http://staging:8080");
    }

    @Test
    void underTheReplayJobs2GiBLimitTheHeapTakesHalfAndStartsAtAQuarter() throws Exception {
        Launch run = run(Map.of("REPRISE_MEMORY_LIMIT", "2g"), "replay", "/journal", "--target", "http://staging:8080");

        assertThat(run.exit()).isZero();
        assertThat(run.args()).contains("-Xmx1024m", "-Xms512m", "-XX:SoftMaxHeapSize=512m", "-XX:+UseZGC")
                .doesNotContain("-Xmx4096m");
    }

    @Test
    void theReplayHeapIsNeverSizedUnder128MiBHoweverSmallTheLimit() throws Exception {
        assertThat(run(Map.of("REPRISE_MEMORY_LIMIT", "100m"), "replay", "/journal").args())
                .contains("-Xmx128m", "-Xms64m");
    }

    @Test
    void aShardWaitingForASharedStartKeepsTieredCompilation() throws Exception {
        Launch run = run(Map.of("REPRISE_MEMORY_LIMIT", "2g"), "replay", "/journal", "--shard", "0/4", "--start-at",
                "2026-12-07T09:00:00Z");

        assertThat(run.args()).contains("-XX:+UseZGC", "-XX:PerMethodTrapLimit=0").doesNotContain("-XX:-TieredCompilation");
    }

    @Test
    void aDryRunTakesTheSerialCollectorAndTheJvmsOwnHeap() throws Exception {
        Launch run = run(Map.of("REPRISE_MEMORY_LIMIT", "2g"), "replay", "/journal", "--target", "http://127.0.0.1:9",
                "--dry-run");

        assertThat(run.exit()).isZero();
        assertThat(run.args()).contains("-XX:+UseSerialGC")
                .noneMatch(o -> o.startsWith("-Xm") || o.contains("ZGC") || o.contains("Tiered"));
    }

    @Test
    void theJournalToolsRunWithTheJvmsDefaults() throws Exception {
        Launch run = run(Map.of("REPRISE_MEMORY_LIMIT", "2g"), "inspect", "/journal");

        assertThat(run.exit()).isZero();
        assertThat(run.jvmOptions()).noneMatch(o -> o.startsWith("-X"));
        assertThat(run.args()).endsWith("-jar", JAR, "inspect", "/journal");
    }

    @Test
    void aCollectorOrHeapInREPRISE_JAVA_OPTSReplacesTheScriptsAndComesAfterTheRest() throws Exception {
        Launch run = run(Map.of("REPRISE_JAVA_OPTS", "-XX:+UseParallelGC -Xmx8g -XX:PerMethodTrapLimit=100"),
                "replay", "/journal");

        assertThat(run.exit()).isZero();
        assertThat(run.args()).doesNotContain("-XX:+UseZGC", "-XX:+AlwaysPreTouch", "-XX:PerMethodTrapLimit=0")
                .noneMatch(o -> o.startsWith("-Xms") || o.startsWith("-XX:SoftMaxHeapSize"))
                .containsSubsequence("-XX:-TieredCompilation", "-XX:+UseParallelGC", "-Xmx8g", "-XX:PerMethodTrapLimit=100",
                        "-jar");
    }

    @Test
    void aMalformedMemoryLimitIsAOneLineErrorAndNothingStarts() throws Exception {
        Launch run = run(Map.of("REPRISE_MEMORY_LIMIT", "2 GB"), "replay", "/journal");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.args()).isEmpty();
        assertThat(run.errors()).containsExactly(
                "run-replayer: REPRISE_MEMORY_LIMIT must be a size such as 256m or 1g (got '2 GB')");
    }

    @Test
    void aLimitWithALeadingZeroIsReadAsDecimalNotOctal() throws Exception {
        Launch run = run(Map.of("REPRISE_MEMORY_LIMIT", "02048m"), "replay", "/journal");

        assertThat(run.exit()).isZero();
        assertThat(run.args()).contains("-Xmx1024m", "-Xms512m");
    }

    @Test
    void aLimitOfZeroIsAnError() throws Exception {
        Launch run = run(Map.of("REPRISE_MEMORY_LIMIT", "0g"), "replay", "/journal");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.errors()).containsExactly(
                "run-replayer: REPRISE_MEMORY_LIMIT must be a size such as 256m or 1g (got '0g')");
    }

    @Test
    void noJarIsAUsageError() throws Exception {
        Launch run = script.run(Map.of());

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.errors()).containsExactly("usage: run-replayer JAR COMMAND [options]");
    }

    @Test
    void thisJvmStartsWithAContainersReplaySettingsQuietly() throws Exception {
        LaunchScript.Output jvm = run(Map.of("REPRISE_MEMORY_LIMIT", "512m"), "replay", "/journal").versionWithOptions();

        assertThat(jvm.exit()).as(jvm.err()).isZero();
        assertThat(jvm.out()).isEmpty();
        assertThat(jvm.err()).doesNotContainIgnoringCase("warning");
    }

    private Launch run(Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(JAR));
        command.addAll(List.of(args));
        return script.run(env, command.toArray(String[]::new));
    }
}
