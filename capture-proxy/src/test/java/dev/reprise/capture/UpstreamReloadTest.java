package dev.reprise.capture;

import dev.reprise.capture.record.RecordCounters;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A deploy of the service behind the proxy: nginx reloaded gracefully again and again while
 * clients keep their keep-alive connections busy. nginx as a reverse proxy passes no error to its
 * clients in this case (issue 12), and neither may the capture proxy.
 */
@Timeout(120)
class UpstreamReloadTest {
    @TempDir
    Path dir;

    private Nginx nginx;
    private ProxyFixture fx;

    @AfterEach
    void stop() throws Exception {
        if (fx != null) {
            fx.close();
        }
        if (nginx != null) {
            nginx.close();
        }
    }

    @Test
    void clientsSeeNoErrorWhileTheUpstreamReloadsUnderLoad() throws Exception {
        nginx = Nginx.start(dir.resolve("nginx"));
        fx = ProxyFixture.builder(dir.resolve("journal")).upstreamPort(nginx.port).start();
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong answered = new AtomicLong();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        List<Thread> clients = new ArrayList<>();
        for (int c = 0; c < 4; c++) {
            Thread t = new Thread(() -> {
                HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(Duration.ofSeconds(5)).build();
                HttpRequest get = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + fx.address().getPort() + "/deployed"))
                        .timeout(Duration.ofSeconds(10)).build();
                while (running.get()) {
                    try {
                        HttpResponse<String> r = http.send(get, HttpResponse.BodyHandlers.ofString());
                        if (r.statusCode() == 200) {
                            answered.incrementAndGet();
                        } else {
                            failures.add("status " + r.statusCode() + ": " + r.body().strip());
                        }
                    } catch (Exception e) {
                        failures.add(e.toString());
                    }
                }
            });
            t.start();
            clients.add(t);
        }
        for (int reload = 0; reload < 8; reload++) {
            Thread.sleep(600);
            nginx.reload();
        }
        Thread.sleep(600);
        running.set(false);
        for (Thread t : clients) {
            t.join(15_000);
        }

        assertThat(failures).as("what clients saw during 8 reloads").isEmpty();
        assertThat(answered.get()).as("requests answered").isGreaterThan(100);
        fx.awaitRecorded();
        RecordCounters counters = fx.proxy.counters();
        assertThat(counters.journaled()).as("each exchange journaled once, retried or not").isEqualTo(answered.get());
    }
}
