package dev.reprise.replay.watch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reprise.replay.cli.ReplayerMain;
import dev.reprise.testing.CommandRun;
import dev.reprise.testing.JournalBuilder;
import dev.reprise.testing.TestHttpServer;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code replay --watch} from the command line, as a user runs it. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class WatchedReplayTest {
    @TempDir
    Path dir;

    private Path journal;

    @BeforeEach
    void capture() {
        // 30 requests on one connection, 100 ms apart: a 3-second replay
        journal = JournalBuilder.create().connection(1, 0, 30, 100).write(dir.resolve("journal"));
    }

    private static CommandRun replay(String... args) {
        List<String> all = new ArrayList<>(List.of("replay"));
        all.addAll(List.of(args));
        return CommandRun.of(new ReplayerMain(), all.toArray(String[]::new));
    }

    @Test
    void aMetricsEndpointThatDiesMidRunIsCountedAndTheReplayGoesOnToTheEnd() throws Exception {
        PrometheusRegistry registry = new PrometheusRegistry();
        JvmMetrics.builder().register(registry);
        AtomicLong scrapes = new AtomicLong();
        GaugeWithCallback.builder().name("scrapes").callback(cb -> cb.call(scrapes.incrementAndGet())).register(registry);
        HTTPServer metrics = HTTPServer.builder().hostname("127.0.0.1").port(0).registry(registry).buildAndStart();
        String url = "http://127.0.0.1:" + metrics.getPort() + "/metrics";
        Thread killer = new Thread(() -> {
            await("eight scrapes of the metrics endpoint").atMost(Duration.ofMinutes(1))
                    .pollInterval(Duration.ofMillis(10)).until(() -> scrapes.get() >= 8);
            metrics.stop();
        });
        try (TestHttpServer target = TestHttpServer.start()) {
            Path report = dir.resolve("report.json");
            killer.start();
            CommandRun run = replay(journal.toString(), "--target", target.url(), "--watch", "prometheus=" + url,
                    "--watch-interval", "100ms", "--report", report.toString());
            killer.join();

            assertThat(run.exitCode()).as(run.err()).isZero();
            assertThat(target.count()).isEqualTo(30);
            assertThat(run.out()).contains("Errors: none");
            JsonNode watched = new ObjectMapper().readTree(Files.readString(report)).at("/resources/watched/0");
            assertThat(watched.path("target").asText()).isEqualTo("prometheus=" + url);
            assertThat(watched.path("samples").asLong()).as(run.out()).isGreaterThanOrEqualTo(3);
            assertThat(watched.path("failures").asLong()).isGreaterThanOrEqualTo(10);
            assertThat(watched.path("lastFailure").asText()).startsWith(url + ": ");
            assertThat(run.out()).contains("Resources of prometheus=" + url)
                    .containsPattern("WARNING: \\d+ samples of prometheus=\\S+ failed");
        }
    }

    @Test
    void memoryGrowingPastTheGateExitsWithCodeThreeWhileOtherResourceGatesPass() throws Exception {
        try (GrowingChild child = GrowingChild.start("uptime", "1024", "100"); TestHttpServer target = TestHttpServer.start()) {
            CommandRun run = replay(journal.toString(), "--target", target.url(), "--watch", "pid=" + child.pid(),
                    "--watch-interval", "100ms", "--fail-if", "memory-growth>50MiB/h,fd-growth>0");

            assertThat(run.exitCode()).as(run.err()).isEqualTo(3);
            assertThat(run.out()).containsPattern("memory-growth>50MiB/h +CROSSED +\\d+(\\.\\d)? GiB/h")
                    .containsPattern("fd-growth>0 +ok +0")
                    .containsPattern("memory: RISING: memory grows with uptime at \\d+(\\.\\d)? GiB/h");
        }
    }

    @Test
    void aResourceGateWithNothingWatchedCountsAsCrossed() throws Exception {
        try (TestHttpServer target = TestHttpServer.start()) {
            CommandRun run = replay(journal.toString(), "--target", target.url(), "--speed", "4", "--fail-if", "fd-growth>0");

            assertThat(run.exitCode()).isEqualTo(3);
            assertThat(run.out()).contains("nothing watched: give --watch to measure fd-growth");
        }
    }

    @Test
    void badWatchOptionsAreOneLineUsageErrors() throws Exception {
        try (TestHttpServer target = TestHttpServer.start()) {
            assertThat(replay(journal.toString(), "--target", target.url(), "--watch", "rss").err().strip())
                    .isEqualTo("error: --watch 'rss': expected KIND=VALUE: " + WatchTarget.EXAMPLES);
            assertThat(replay(journal.toString(), "--target", target.url(), "--watch", "pid=999999999").err().strip())
                    .isEqualTo("error: --watch pid=999999999: process 999999999 is gone");
            assertThat(replay(journal.toString(), "--target", target.url(), "--watch-metric", "go_goroutines").err().strip())
                    .isEqualTo("error: --watch-metric needs --watch");
            assertThat(replay(journal.toString(), "--target", target.url(), "--watch", "prometheus=ftp://x/metrics").err().strip())
                    .isEqualTo("error: --watch 'prometheus=ftp://x/metrics': the metrics URL must start with http:// or https://");
            assertThat(replay(journal.toString(), "--target", target.url(), "--watch", "pid=1", "--watch-metric", "x").err().strip())
                    .isEqualTo("error: --watch-metric reads a Prometheus endpoint: give --watch prometheus=URL too");
            CommandRun badGate = replay(journal.toString(), "--target", target.url(), "--fail-if", "memory-growth>50MiB");
            assertThat(badGate.exitCode()).isEqualTo(2);
            assertThat(badGate.err()).contains("'50MiB' is not a growth rate; give a size per time, such as 50MiB/h or 1GiB/d");
            assertThat(target.count()).isZero();
        }
    }
}
