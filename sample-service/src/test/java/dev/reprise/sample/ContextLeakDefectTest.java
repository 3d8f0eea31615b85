package dev.reprise.sample;

import dev.reprise.sample.internal.LeakyBackendPool;
import dev.reprise.testing.CommandRun;
import io.netty.channel.DefaultEventLoop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ContextLeakDefectTest {
    @Test
    void theBackendPoolKeepsAContextPerPooledConnectionOnEveryCheckWithoutAnyTraffic() throws Exception {
        DefaultEventLoop loop = new DefaultEventLoop();
        long started = System.nanoTime();
        try (LeakyBackendPool pool = new LeakyBackendPool(loop, 8, 4096, 10)) {
            Thread.sleep(300);
            long held = pool.retainedBytes();
            // measured, not assumed: on a busy machine the sleep overruns and more checks fit in it
            long checksAtMost = (System.nanoTime() - started) / 10_000_000L + 1;
            Thread.sleep(300);

            // 8 contexts of 4 KiB every 10 ms: about 1 MiB in 300 ms, and only ever more
            long perCheck = 8L * 4096;
            assertThat(held % perCheck).as("whole checks' worth of contexts").isZero();
            assertThat(held / perCheck).as("checks in %d ms", (checksAtMost - 1) * 10).isBetween(10L, checksAtMost);
            assertThat(pool.retainedBytes()).isGreaterThan(held);
        } finally {
            loop.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS).await(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void servesProcessAndJvmMetricsInThePrometheusTextFormat() throws Exception {
        try (SampleService service = SampleService.start(new InetSocketAddress("127.0.0.1", 0), "staging",
                new Defect.ContextLeak(Defect.ContextLeak.DEFAULT_CONTEXT_BYTES), 1)) {
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + service.address().getPort() + "/metrics"))
                    .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());

            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
            assertThat(r.body()).containsPattern("(?m)^process_resident_memory_bytes [0-9.E]+$")
                    .containsPattern("(?m)^process_cpu_seconds_total [0-9.E]+$")
                    .containsPattern("(?m)^process_open_fds [0-9.E]+$")
                    .containsPattern("(?m)^jvm_memory_used_bytes\\{area=\"heap\"} [0-9.E]+$");
            assertThat(new String(service.statsJson())).contains("\"defect\":\"context-leak\"")
                    .contains("\"contextBytes\":4096");
        }
    }

    @Test
    void leakBytesAreCheckedAndBelongToTheContextLeakOnly() {
        CommandRun without = CommandRun.of(new SampleServiceCommand(), "--listen", "127.0.0.1:0", "--leak-bytes", "100");
        CommandRun zero = CommandRun.of(new SampleServiceCommand(), "--listen", "127.0.0.1:0", "--defect", "context-leak",
                "--leak-bytes", "0");
        CommandRun unknown = CommandRun.of(new SampleServiceCommand(), "--listen", "127.0.0.1:0", "--defect", "leak");

        assertThat(without.exitCode()).isEqualTo(2);
        assertThat(without.err()).startsWith("error: --leak-bytes needs --defect context-leak\n");
        assertThat(zero.err()).startsWith("error: --leak-bytes must be between 1 and 1048576, not 0\n");
        assertThat(unknown.err()).startsWith("error: --defect \"leak\": expected none, tenant-pool or context-leak\n");
    }
}
