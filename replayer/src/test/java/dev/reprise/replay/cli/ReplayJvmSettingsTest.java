package dev.reprise.replay.cli;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The JVM settings the replayer's commands start with, through {@code scripts/run-replayer}: the
 * script {@code reprise} runs for every command of the testers' jar and the replayer image's
 * entrypoint. A stand-in {@code java} under JAVA_HOME prints the command line it was given (and
 * answers the script's version question with the real JVM), so each case reads the exact options
 * the command would get.
 */
@Timeout(60)
class ReplayJvmSettingsTest {
    private static final Path SCRIPT = Path.of("..", "scripts", "run-replayer").toAbsolutePath().normalize();
    private static final String REAL_JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    private static final String JAR = "/opt/reprise/reprise-replayer.jar";

    @TempDir
    Path javaHome;

    @BeforeEach
    void standInJava() throws IOException {
        Path java = Files.createDirectories(javaHome.resolve("bin")).resolve("java");
        Files.writeString(java, """
                #!/usr/bin/env bash
                case " $* " in *" -version "*) exec '%s' "$@" ;; esac
                printf '%%s\\n' "$@"
                """.formatted(REAL_JAVA));
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @Test
    void aReplayRunsOnZgcWithItsHeapCommittedBeforeT0AndC2Alone() throws Exception {
        Run run = run(Map.of("REPRISE_MEMORY_LIMIT", "64g"), "replay", "/journal", "--target", "http://staging:8080");

        assertThat(run.exit).isZero();
        assertThat(run.lines)
                .contains("-XX:+UseZGC", "-XX:+AlwaysPreTouch", "-Xms1024m", "-Xmx4096m", "-XX:SoftMaxHeapSize=1024m",
                        "-XX:-TieredCompilation", "-XX:PerMethodTrapLimit=0", "-XX:-UseTypeSpeculation",
                        "-XX:GuaranteedSafepointInterval=0")
                .endsWith("-jar", JAR, "replay", "/journal", "--target", "http://staging:8080");
    }

    @Test
    void underTheReplayJobs2GiBLimitTheHeapTakesHalfAndStartsAtAQuarter() throws Exception {
        Run run = run(Map.of("REPRISE_MEMORY_LIMIT", "2g"), "replay", "/journal", "--target", "http://staging:8080");

        assertThat(run.exit).isZero();
        assertThat(run.lines).contains("-Xmx1024m", "-Xms512m", "-XX:SoftMaxHeapSize=512m", "-XX:+UseZGC")
                .doesNotContain("-Xmx4096m");
    }

    @Test
    void theReplayHeapIsNeverSizedUnder128MiBHoweverSmallTheLimit() throws Exception {
        assertThat(run(Map.of("REPRISE_MEMORY_LIMIT", "100m"), "replay", "/journal").lines)
                .contains("-Xmx128m", "-Xms64m");
    }

    @Test
    void aShardWaitingForASharedStartKeepsTieredCompilation() throws Exception {
        Run run = run(Map.of("REPRISE_MEMORY_LIMIT", "2g"), "replay", "/journal", "--shard", "0/4", "--start-at",
                "2026-12-07T09:00:00Z");

        assertThat(run.lines).contains("-XX:+UseZGC", "-XX:PerMethodTrapLimit=0").doesNotContain("-XX:-TieredCompilation");
    }

    @Test
    void aDryRunTakesTheSerialCollectorAndTheJvmsOwnHeap() throws Exception {
        Run run = run(Map.of("REPRISE_MEMORY_LIMIT", "2g"), "replay", "/journal", "--target", "http://127.0.0.1:9",
                "--dry-run");

        assertThat(run.exit).isZero();
        assertThat(run.lines).contains("-XX:+UseSerialGC")
                .noneMatch(o -> o.startsWith("-Xm") || o.contains("ZGC") || o.contains("Tiered"));
    }

    @Test
    void theJournalToolsRunWithTheJvmsDefaults() throws Exception {
        Run run = run(Map.of("REPRISE_MEMORY_LIMIT", "2g"), "inspect", "/journal");

        assertThat(run.exit).isZero();
        assertThat(run.lines.subList(0, run.lines.indexOf("-jar"))).noneMatch(o -> o.startsWith("-X"));
        assertThat(run.lines).endsWith("-jar", JAR, "inspect", "/journal");
    }

    @Test
    void aCollectorOrHeapInREPRISE_JAVA_OPTSReplacesTheScriptsAndComesAfterTheRest() throws Exception {
        Run run = run(Map.of("REPRISE_JAVA_OPTS", "-XX:+UseParallelGC -Xmx8g -XX:PerMethodTrapLimit=100"),
                "replay", "/journal");

        assertThat(run.exit).isZero();
        assertThat(run.lines).doesNotContain("-XX:+UseZGC", "-XX:+AlwaysPreTouch", "-XX:PerMethodTrapLimit=0")
                .noneMatch(o -> o.startsWith("-Xms") || o.startsWith("-XX:SoftMaxHeapSize"))
                .containsSubsequence("-XX:-TieredCompilation", "-XX:+UseParallelGC", "-Xmx8g", "-XX:PerMethodTrapLimit=100",
                        "-jar");
    }

    @Test
    void aMalformedMemoryLimitIsAOneLineErrorAndNothingStarts() throws Exception {
        Run run = run(Map.of("REPRISE_MEMORY_LIMIT", "2 GB"), "replay", "/journal");

        assertThat(run.exit).isEqualTo(2);
        assertThat(run.lines).isEmpty();
        assertThat(run.errors).containsExactly(
                "run-replayer: REPRISE_MEMORY_LIMIT must be a size such as 256m or 1g (got '2 GB')");
    }

    @Test
    void noJarIsAUsageError() throws Exception {
        Process p = new ProcessBuilder(SCRIPT.toString()).start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(2);
        assertThat(new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8))
                .isEqualTo("usage: run-replayer JAR COMMAND [options]\n");
    }

    @Test
    void thisJvmStartsWithAContainersReplaySettingsQuietly() throws Exception {
        List<String> options = run(Map.of("REPRISE_MEMORY_LIMIT", "512m"), "replay", "/journal").lines;
        List<String> command = new ArrayList<>(List.of(REAL_JAVA));
        command.addAll(options.subList(0, options.indexOf("-jar")));
        command.add("-version");
        Process p = new ProcessBuilder(command).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(err).isZero();
        assertThat(out).isEmpty();
        assertThat(err).doesNotContainIgnoringCase("warning");
    }

    private Run run(Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(SCRIPT.toString(), JAR));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().remove("REPRISE_JAVA_OPTS");
        pb.environment().remove("REPRISE_MEMORY_LIMIT");
        pb.environment().put("JAVA_HOME", javaHome.toString());
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), out.lines().toList(), err.lines().toList());
    }

    private record Run(int exit, List<String> lines, List<String> errors) {
    }
}
