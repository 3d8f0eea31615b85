package dev.reprise.capture;

import dev.reprise.capture.priority.ThreadNice;
import dev.reprise.testing.RequiredTool;
import dev.reprise.testing.TestHttpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The proxy's JIT compiler threads yield the cores to forwarding: a proxy started as ops start it
 * lowers them the asked steps of nice below the process, and with 0 leaves them alone.
 */
class CompilerNiceTest {
    @TempDir
    Path dir;

    @Test
    void theCompilerThreadsOfAProxySitTheGivenStepsOfNiceBelowItsProcess() throws Exception {
        RequiredTool.require("renice", "bsdutils");
        try (TestHttpServer up = ProxyFixture.upstream();
             ChildProxy proxy = ChildProxy.start(dir, 1024, up.url(), "--compiler-nice", "7")) {
            Path process = Path.of("/proc", Long.toString(proxy.pid()));
            int expected = Math.min(19, ThreadNice.niceOf(process) + 7);
            await("every compiler thread lowered").atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                List<Integer> nice = compilerThreadNices(process);
                assertThat(nice).isNotEmpty().allMatch(n -> n == expected);
            });
        }
    }

    @Test
    void zeroLeavesTheCompilerThreadsAtTheProcesssPriority() throws Exception {
        try (TestHttpServer up = ProxyFixture.upstream();
             ChildProxy proxy = ChildProxy.start(dir, 1024, up.url(), "--compiler-nice", "0")) {
            Path process = Path.of("/proc", Long.toString(proxy.pid()));
            int own = ThreadNice.niceOf(process);
            assertThat(compilerThreadNices(process)).isNotEmpty().allMatch(n -> n == own);
        }
    }

    /** The nice value of each of the process's C1 and C2 compiler threads. */
    private static List<Integer> compilerThreadNices(Path process) throws IOException {
        List<Integer> out = new ArrayList<>();
        try (Stream<Path> tasks = Files.list(process.resolve("task"))) {
            for (Path t : (Iterable<Path>) tasks::iterator) {
                String name;
                try {
                    name = Files.readString(t.resolve("comm"), StandardCharsets.US_ASCII).strip();
                } catch (IOException e) {
                    continue; // ended meanwhile
                }
                if (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre")) {
                    out.add(ThreadNice.niceOf(t));
                }
            }
        }
        return out;
    }
}
