package dev.reprise.replay.watch;

import dev.reprise.replay.report.ResourceReport;
import dev.reprise.sample.Defect;
import dev.reprise.sample.SampleService;
import dev.reprise.testing.TestHttpServer;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Scrapes of real metrics endpoints: the sample service's, and the Prometheus Java client's own server. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PrometheusScrapeTest {
    private static final Duration INTERVAL = Duration.ofMillis(100);

    private static ResourceReport.Watched watchFor(URI url, List<String> metrics, long millis) throws InterruptedException {
        ResourceWatch watch = ResourceWatch.start(new WatchSettings(List.of(new WatchTarget.Prometheus(url)), metrics, INTERVAL),
                () -> 0);
        Thread.sleep(millis);
        return watch.stop().watched().get(0);
    }

    @Test
    void readsTheSampleServicesProcessAndJvmSeriesAndTheyMatchWhatProcShows() throws Exception {
        try (SampleService service = SampleService.start(new InetSocketAddress("127.0.0.1", 0), "staging", new Defect.None(), 1)) {
            URI url = URI.create("http://127.0.0.1:" + service.address().getPort() + "/metrics");
            ResourceReport.Watched w = watchFor(url, List.of(), 1_000);

            assertThat(w.failures()).as(w.lastFailure()).isZero();
            assertThat(w.samples()).isGreaterThanOrEqualTo(8);
            assertThat(w.series()).containsExactly(Series.MEMORY, Series.CPU, Series.FDS, Series.THREADS,
                    Series.JVM_HEAP, Series.JVM_GC);
            // The service runs in this JVM: its figures are this process's.
            ResourceReport.Minute row = w.timeline().get(0);
            assertThat(row.memoryBytes()).isCloseTo(residentBytes(), within(0.25 * residentBytes()));
            assertThat(row.levels().get(Series.FDS)).isCloseTo(openFds(), within(20.0));
            assertThat(row.levels().get(Series.THREADS)).isGreaterThan(5);
            assertThat(row.levels().get(Series.JVM_HEAP)).isPositive();
        }
    }

    @Test
    void readsAJvmExposingThePrometheusClientsDefaultMetricsAndTheSeriesAskedFor() throws Exception {
        PrometheusRegistry registry = new PrometheusRegistry();
        JvmMetrics.builder().register(registry);
        try (HTTPServer server = HTTPServer.builder().hostname("127.0.0.1").port(0).registry(registry).buildAndStart()) {
            URI url = URI.create("http://127.0.0.1:" + server.getPort() + "/metrics");
            ResourceReport.Watched w = watchFor(url,
                    List.of("jvm_memory_used_bytes{area=\"nonheap\"}", "jvm_classes_currently_loaded", "no_such_metric"), 800);

            assertThat(w.failures()).as(w.lastFailure()).isZero();
            assertThat(w.series()).contains(Series.MEMORY, Series.CPU, Series.FDS, Series.THREADS, Series.JVM_HEAP,
                    "jvm_memory_used_bytes{area=\"nonheap\"}", "jvm_classes_currently_loaded").doesNotContain("no_such_metric");
            assertThat(w.notes()).containsExactly("--watch-metric no_such_metric: the target never exposed it");
            ResourceReport.Minute row = w.timeline().get(0);
            assertThat(row.levels().get("jvm_classes_currently_loaded")).isGreaterThan(1000);
            assertThat(row.levels().get("jvm_memory_used_bytes{area=\"nonheap\"}")).isGreaterThan(1 << 20);
        }
    }

    @Test
    void anEndpointThatAnswersSomethingElseIsCountedWithItsReasonAndNeverThrows() throws Exception {
        try (TestHttpServer server = TestHttpServer.start()
                .answering(404, "not found".getBytes(StandardCharsets.UTF_8))
                .route("/metrics", 200, "<html><body>metrics</body></html>".getBytes(StandardCharsets.UTF_8))) {
            String base = server.url();
            ResourceReport.Watched html = watchFor(URI.create(base + "/metrics"), List.of(), 500);
            ResourceReport.Watched missing = watchFor(URI.create(base + "/nothing"), List.of(), 500);

            assertThat(html.samples()).isZero();
            assertThat(html.failures()).isGreaterThanOrEqualTo(4);
            assertThat(html.lastFailure()).isEqualTo(base + "/metrics: not the Prometheus text format: line 1: '<' cannot start a metric name");
            assertThat(html.memory().drivenBy()).isEqualTo("unknown");
            assertThat(html.notes()).contains("no sample could be taken: nothing is known of the target's resources");
            assertThat(missing.lastFailure()).isEqualTo(base + "/nothing: HTTP 404");
        }
    }

    private static double residentBytes() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Double.parseDouble(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        throw new AssertionError("no VmRSS");
    }

    private static double openFds() throws Exception {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }
}
