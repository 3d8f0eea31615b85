package dev.reprise.capture;

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
 * The JVM settings a capture proxy starts with, through {@code scripts/run-capture-proxy}: the
 * script {@code reprise capture} and the capture-proxy image both start it with. A stand-in
 * {@code java} under JAVA_HOME prints the command line it was given (and answers the script's
 * version question with the real JVM), so each case reads the exact options the proxy would get.
 */
@Timeout(60)
class SidecarJvmSettingsTest {
    private static final Path SCRIPT = Path.of("..", "scripts", "run-capture-proxy").toAbsolutePath().normalize();
    private static final String REAL_JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    @TempDir
    Path javaHome;

    @BeforeEach
    void standInJava() throws IOException {
        Path java = Files.createDirectories(javaHome.resolve("bin")).resolve("java");
        Files.writeString(java, """
                #!/usr/bin/env bash
                case " $* " in *" -version "*) exec '%s' "$@" ;; esac
                echo "MALLOC_ARENA_MAX=$MALLOC_ARENA_MAX"
                printf '%%s\\n' "$@"
                """.formatted(REAL_JAVA));
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @Test
    void byDefaultTheHeapDirectMemoryCodeCacheAndNativeArenasAreBoundedForASidecar() throws Exception {
        Run run = run(Map.of(), "--listen", "0.0.0.0:8080");

        assertThat(run.exit).isZero();
        assertThat(run.lines).startsWith("MALLOC_ARENA_MAX=2")
                .contains("-XX:+UseSerialGC", "-Xms24m", "-Xmx64m", "-Xmn16m", "-XX:MaxDirectMemorySize=64m",
                        "-XX:ReservedCodeCacheSize=32m", "-Xss512k")
                .endsWith("-jar", "/opt/proxy.jar", "--listen", "0.0.0.0:8080");
    }

    @Test
    void aMemoryLimitUnder256MiBGivesTheHeapAQuarterOfIt() throws Exception {
        Run run = run(Map.of("REPRISE_MEMORY_LIMIT", "128m"));

        assertThat(run.exit).isZero();
        assertThat(run.lines).contains("-Xmx32m", "-Xmn8m", "-Xms16m").doesNotContain("-Xmx64m");
    }

    @Test
    void theHeapIsNeverSizedUnder16MiBHoweverSmallTheLimit() throws Exception {
        Run run = run(Map.of("REPRISE_MEMORY_LIMIT", "20000000"));

        assertThat(run.exit).isZero();
        assertThat(run.lines).contains("-Xmx16m", "-Xmn4m", "-Xms12m");
    }

    @Test
    void aLimitOverAGibibyteKeepsThe64MiBHeap() throws Exception {
        assertThat(run(Map.of("REPRISE_MEMORY_LIMIT", "2g")).lines).contains("-Xmx64m");
    }

    @Test
    void whatREPRISE_JAVA_OPTSSetsReplacesTheDefaultAndComesAfterTheRest() throws Exception {
        Run run = run(Map.of("REPRISE_JAVA_OPTS", "-Xmx256m -XX:MaxDirectMemorySize=128m -XX:+UseParallelGC",
                "MALLOC_ARENA_MAX", "8"));

        assertThat(run.exit).isZero();
        assertThat(run.lines).startsWith("MALLOC_ARENA_MAX=8")
                .doesNotContain("-Xmx64m", "-Xms24m", "-Xmn16m", "-XX:MaxDirectMemorySize=64m", "-XX:+UseSerialGC")
                .containsSubsequence("-XX:ReservedCodeCacheSize=32m", "-Xmx256m", "-XX:MaxDirectMemorySize=128m",
                        "-XX:+UseParallelGC", "-jar");
    }

    @Test
    void aMalformedMemoryLimitIsAOneLineErrorAndNothingStarts() throws Exception {
        Run run = run(Map.of("REPRISE_MEMORY_LIMIT", "lots"));

        assertThat(run.exit).isEqualTo(2);
        assertThat(run.lines).isEmpty();
        assertThat(run.errors).containsExactly(
                "run-capture-proxy: REPRISE_MEMORY_LIMIT must be a size such as 256m or 1g (got 'lots')");
    }

    @Test
    void noJarIsAUsageError() throws Exception {
        Process p = new ProcessBuilder(SCRIPT.toString()).start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(2);
        assertThat(new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8))
                .isEqualTo("usage: run-capture-proxy JAR [capture options]\n");
    }

    @Test
    void thisJvmStartsWithTheDefaultsQuietly() throws Exception {
        List<String> options = new ArrayList<>(run(Map.of()).lines);
        options.remove(0);
        List<String> command = new ArrayList<>(List.of(REAL_JAVA));
        command.addAll(options.subList(0, options.indexOf("-jar")));
        command.add("-version");
        Process p = new ProcessBuilder(command).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(err).isZero();
        assertThat(out).as("the proxy's stdout carries its start line; the JVM must print nothing there").isEmpty();
        assertThat(err).doesNotContainIgnoringCase("warning");
    }

    private Run run(Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(SCRIPT.toString(), "/opt/proxy.jar"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().remove("REPRISE_JAVA_OPTS");
        pb.environment().remove("REPRISE_MEMORY_LIMIT");
        pb.environment().remove("MALLOC_ARENA_MAX");
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
