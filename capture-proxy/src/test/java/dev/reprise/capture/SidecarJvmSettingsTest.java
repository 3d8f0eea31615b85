package dev.reprise.capture;

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
 * The JVM settings a capture proxy starts with, through {@code scripts/run-capture-proxy}: the
 * script {@code reprise capture} and the capture-proxy image both start it with. Each case reads
 * the exact options the proxy would get from a stand-in {@code java} ({@link LaunchScript}).
 */
@Timeout(60)
class SidecarJvmSettingsTest {
    @TempDir
    Path javaHome;

    private LaunchScript script;

    @BeforeEach
    void standInJava() throws IOException {
        script = LaunchScript.of("run-capture-proxy", javaHome);
    }

    @Test
    void byDefaultTheHeapDirectMemoryCodeCacheAndNativeArenasAreBoundedForASidecar() throws Exception {
        Launch run = run(Map.of(), "--listen", "0.0.0.0:8080");

        assertThat(run.exit()).isZero();
        assertThat(run.mallocArenaMax()).isEqualTo("2");
        assertThat(run.args())
                .contains("-XX:+UseSerialGC", "-Xms24m", "-Xmx64m", "-Xmn16m", "-XX:MaxDirectMemorySize=64m",
                        "-XX:ReservedCodeCacheSize=32m", "-Xss512k", "-XX:+ExitOnOutOfMemoryError")
                .endsWith("-jar", "/opt/proxy.jar", "--listen", "0.0.0.0:8080");
    }

    @Test
    void aMemoryLimitUnder256MiBGivesTheHeapAQuarterOfIt() throws Exception {
        Launch run = run(Map.of("REPRISE_MEMORY_LIMIT", "128m"));

        assertThat(run.exit()).isZero();
        assertThat(run.args()).contains("-Xmx32m", "-Xmn8m", "-Xms16m").doesNotContain("-Xmx64m");
    }

    @Test
    void theHeapIsNeverSizedUnder16MiBHoweverSmallTheLimit() throws Exception {
        Launch run = run(Map.of("REPRISE_MEMORY_LIMIT", "20000000"));

        assertThat(run.exit()).isZero();
        assertThat(run.args()).contains("-Xmx16m", "-Xmn4m", "-Xms12m");
    }

    @Test
    void aLimitOverAGibibyteKeepsThe64MiBHeap() throws Exception {
        assertThat(run(Map.of("REPRISE_MEMORY_LIMIT", "2g")).args()).contains("-Xmx64m");
    }

    @Test
    void whatREPRISE_JAVA_OPTSSetsReplacesTheDefaultAndComesAfterTheRest() throws Exception {
        Launch run = run(Map.of("REPRISE_JAVA_OPTS", "-Xmx256m -XX:MaxDirectMemorySize=128m -XX:+UseParallelGC",
                "MALLOC_ARENA_MAX", "8"));

        assertThat(run.exit()).isZero();
        assertThat(run.mallocArenaMax()).isEqualTo("8");
        assertThat(run.args())
                .doesNotContain("-Xmx64m", "-Xms24m", "-Xmn16m", "-XX:MaxDirectMemorySize=64m", "-XX:+UseSerialGC")
                .containsSubsequence("-XX:ReservedCodeCacheSize=32m", "-Xmx256m", "-XX:MaxDirectMemorySize=128m",
                        "-XX:+UseParallelGC", "-jar");
    }

    @Test
    void aMalformedMemoryLimitIsAOneLineErrorAndNothingStarts() throws Exception {
        Launch run = run(Map.of("REPRISE_MEMORY_LIMIT", "lots"));

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.args()).isEmpty();
        assertThat(run.errors()).containsExactly(
                "run-capture-proxy: REPRISE_MEMORY_LIMIT must be a size such as 256m or 1g (got 'lots')");
    }

    @Test
    void noJarIsAUsageError() throws Exception {
        Launch run = script.run(Map.of());

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.errors()).containsExactly("usage: run-capture-proxy JAR [capture options]");
    }

    @Test
    void thisJvmStartsWithTheDefaultsQuietly() throws Exception {
        LaunchScript.Output jvm = run(Map.of()).versionWithOptions();

        assertThat(jvm.exit()).as(jvm.err()).isZero();
        assertThat(jvm.out()).as("the proxy's stdout carries its start line; the JVM must print nothing there").isEmpty();
        assertThat(jvm.err()).doesNotContainIgnoringCase("warning");
    }

    private Launch run(Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("/opt/proxy.jar"));
        command.addAll(List.of(args));
        return script.run(env, command.toArray(String[]::new));
    }
}
